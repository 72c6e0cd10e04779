// A hub on the database engine of the running vitest project: SQLite (hub.sqlite in the data folder) in
// `integration`/`e2e`, PostgreSQL in `integration-postgres` (a fresh database per data folder, so a hub restarted
// on the same folder finds its data again).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openHubDatabase } from '../../hub/db/database.ts';
import type { SqlDatabase } from '../../hub/db/sql.ts';
import { startHub, type Hub, type HubOptions } from '../../hub/server.ts';

export type HubEngine = 'sqlite' | 'postgres';

export function hubEngine(): HubEngine {
  return inject('hubPostgresAdminUrl') ? 'postgres' : 'sqlite';
}

const databases = new Map<string, string>();

/** A new, empty PostgreSQL database on the test server; its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('hubPostgresAdminUrl');
  if (!adminUrl) throw new Error('no test PostgreSQL in this project');
  const name = `hub_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Where the hub of this data folder keeps its data: hub.sqlite in it, or its own PostgreSQL database. */
export async function testDatabaseLocation(dataDir: string): Promise<string> {
  if (hubEngine() === 'sqlite') return path.join(dataDir, 'hub.sqlite');
  let url = databases.get(dataDir);
  if (!url) {
    url = await createTestDatabase();
    databases.set(dataDir, url);
  }
  return url;
}

/** startHub on this project's engine. */
export async function startTestHub(options: HubOptions): Promise<Hub> {
  const location = await testDatabaseLocation(options.dataDir);
  return startHub({ ...options, ...(hubEngine() === 'postgres' ? { databaseUrl: location } : {}) });
}

/** The database of the hub of this data folder, for a test to look at what was stored (close it after). */
export async function openTestHubDatabase(dataDir: string): Promise<SqlDatabase> {
  return openHubDatabase(await testDatabaseLocation(dataDir));
}
