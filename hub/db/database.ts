// Opens the hub's database — a SQLite file (the default, one machine) or PostgreSQL (HUB_DATABASE_URL) — and
// brings its schema up to date with the numbered migrations before anything else touches it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.ts';
import { HubDatabaseError, PostgresDatabase, SqliteDatabase, pgTypes, type SqlDatabase } from './sql.ts';

export type { SqlDatabase } from './sql.ts';

/** A PostgreSQL pool's size per hub instance: enough for a busy instance, few enough for several behind a LB. */
const POOL_SIZE = 10;
/** Any constant both hub versions agree on: the advisory lock that makes migrations one instance at a time. */
const MIGRATION_LOCK = 7_440_000_009;

/** Where the hub's data lives: HUB_DATABASE_URL when given, else hub.sqlite in the data folder. */
export function hubDatabaseLocation(dataDir: string, databaseUrl?: string): string {
  return databaseUrl && databaseUrl.length > 0 ? databaseUrl : path.join(dataDir, 'hub.sqlite');
}

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:/i.test(location);

/** Opens (and migrates) a postgres:// URL or a SQLite file path. */
export async function openHubDatabase(location: string): Promise<SqlDatabase> {
  return isPostgresUrl(location) ? openPostgres(location) : openSqlite(location);
}

export function openSqlite(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // WAL lets kiosk polls read while staff publish; FULL sync: a published bundle survives a power cut.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteDatabase(db);
}

const tooNew = (current: number, newest: number) =>
  new HubDatabaseError(
    'HUB_DB_TOO_NEW',
    `hub database schema version ${current} is newer than this software knows (${newest}): run a newer hub`,
  );

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = MIGRATIONS.length;
  if (current > newest) throw tooNew(current, newest);
  for (let version = current + 1; version <= newest; version++) {
    const step = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(step.sqlite);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return newest;
}

/** Checks a HUB_DATABASE_URL before use, so a typo says so instead of "connection refused" somewhere else. */
export function checkPostgresUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HubDatabaseError('HUB_DB_URL', 'HUB_DATABASE_URL is not a URL (postgres://USER:PASSWORD@HOST:5432/DB)');
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol) || parsed.hostname === '' || parsed.pathname.length <= 1) {
    throw new HubDatabaseError(
      'HUB_DB_URL',
      `HUB_DATABASE_URL wants postgres://USER:PASSWORD@HOST:5432/DB, got ${parsed.protocol}//${parsed.host}${parsed.pathname}`,
    );
  }
}

async function openPostgres(url: string): Promise<PostgresDatabase> {
  checkPostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    types: pgTypes(pg.types),
  });
  // An idle connection the server dropped must not take the hub down; the next query opens a new one.
  pool.on('error', () => undefined);
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const where = new URL(url);
    throw new HubDatabaseError(
      'HUB_DB_UNREACHABLE',
      `cannot reach the PostgreSQL database ${where.pathname.slice(1)} on ${where.host}: ${(error as Error).message}`,
    );
  }
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return new PostgresDatabase(pool);
}

/**
 * The version lives in hub_schema. All steps run in one transaction under an advisory lock, so hub instances
 * starting together migrate once: the others wait, then find the schema current.
 */
export async function migratePostgres(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  const newest = MIGRATIONS.length;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM hub_schema')).rows[0];
    const current = row?.version ?? 0;
    if (current > newest) throw tooNew(current, newest);
    for (let version = current + 1; version <= newest; version++) await client.query(MIGRATIONS[version - 1]!.postgres);
    if (!row) await client.query('INSERT INTO hub_schema (version) VALUES ($1)', [newest]);
    else await client.query('UPDATE hub_schema SET version = $1', [newest]);
    await client.query('COMMIT');
    return newest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
