// `npx tsx bench/hub-storage.ts`: the hub's storage on both engines, through the same storages the hub uses:
//  - heartbeats/s: BENCH_HEARTBEATS (default 20,000: one round of a 20,000-kiosk fleet) upserts, 16 at a time
//    (what concurrent requests do to one hub instance);
//  - submission batches/s: BENCH_BATCHES (default 200) batches of 50 new submissions (case number, status
//    event, JSON), 4 at a time;
//  - nonces/s: a signed request's replay check, 16 at a time.
// SQLite: a temp file (WAL, synchronous=FULL). PostgreSQL: a throw-away local cluster (test/helpers/postgres.ts,
// fsync off, so its figures are an upper bound for a server whose disk syncs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openHubDatabase } from '../hub/db/database.ts';
import type { SqlDatabase } from '../hub/db/sql.ts';
import { SqlFleetStorage } from '../hub/fleet/storage.ts';
import { SqlSubmissionStorage, type NewSubmission } from '../hub/intake/storage.ts';
import { startTestPostgres } from '../test/helpers/postgres.ts';

const HEARTBEATS = Number(process.env.BENCH_HEARTBEATS ?? 20_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const BATCH_SIZE = 50;
const KIOSKS = 1_000;

/** Runs `count` jobs, `parallel` at a time; seconds taken. */
async function timed(count: number, parallel: number, job: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return (performance.now() - start) / 1000;
}

const report = (health: number) => ({
  kioskCode: 'XW-0001',
  version: '0.1.0',
  uptimeSeconds: health,
  devices: { printer: 'ok', idcard: 'ok' },
  outbox: { waiting: 0, oldestAgeSeconds: 0 },
  disk: { freeBytes: 12_000_000_000 },
});

function submission(id: string, kioskCode: string): NewSubmission {
  return {
    id,
    kioskCode,
    region: '440825100201',
    acceptanceNumber: `${kioskCode}-${id}`,
    serviceId: 'legal-aid',
    kind: 'application',
    createdAt: new Date().toISOString(),
    contentSha256: id.padEnd(64, '0'),
    submission: JSON.stringify({ id, fields: { facts: '工资共计 18,600 元至今未付，多次讨要无果。'.repeat(6) } }),
    applicantKey: id.padEnd(64, 'a'),
    rating: null,
  };
}

async function measureEngine(db: SqlDatabase): Promise<Record<string, string>> {
  const intake = new SqlSubmissionStorage(db);
  const fleet = new SqlFleetStorage(db, tmpdir());
  const codes = Array.from({ length: KIOSKS }, (_, index) => `K-${String(index).padStart(5, '0')}`);
  const kioskOf = (code: string) => ({ code, region: '440825100201', publicKey: 'k' });
  for (const code of codes) await intake.putKiosk(kioskOf(code), 'bench');
  const heartbeatSeconds = await timed(HEARTBEATS, 16, (index) =>
    fleet.recordHeartbeat(codes[index % KIOSKS]!, new Date().toISOString(), report(index)),
  );
  const batchSeconds = await timed(BATCHES, 4, (batch) =>
    intake.storeBatch(
      Array.from({ length: BATCH_SIZE }, (_, item) => submission(`b${batch}-${item}`, codes[batch % KIOSKS]!)),
      new Date().toISOString(),
    ),
  );
  const nonces = HEARTBEATS;
  const nonceSeconds = await timed(nonces, 16, (index) =>
    intake.useNonce(
      kioskOf(codes[index % KIOSKS]!),
      `n-${index}`,
      new Date().toISOString(),
      '2000-01-01T00:00:00.000Z',
    ),
  );
  const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en');
  return {
    heartbeats: `${rate(HEARTBEATS, heartbeatSeconds)}/s`,
    batches: `${rate(BATCHES, batchSeconds)} batches/s (${rate(BATCHES * BATCH_SIZE, batchSeconds)} submissions/s)`,
    nonces: `${rate(nonces, nonceSeconds)}/s`,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-hub-storage-'));
  const results: Record<string, Record<string, string>> = {};
  try {
    const sqlite = await openHubDatabase(path.join(dir, 'hub.sqlite'));
    results.sqlite = await measureEngine(sqlite);
    await sqlite.close();

    const server = await startTestPostgres();
    try {
      const admin = new pg.Client({ connectionString: server.adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE hub_bench');
      await admin.end();
      const postgres = await openHubDatabase(server.adminUrl.replace(/\/postgres$/, '/hub_bench'));
      results.postgres = await measureEngine(postgres);
      await postgres.close();
    } finally {
      server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`hub storage, ${KIOSKS} kiosks enrolled; SQLite file vs local PostgreSQL (pool of 10)`);
  console.log('| measure | SQLite | PostgreSQL |');
  console.log('| --- | --- | --- |');
  for (const [name, label] of [
    ['heartbeats', 'heartbeats stored, 16 at a time'],
    ['batches', `batches of ${BATCH_SIZE} stored, 4 at a time`],
    ['nonces', 'replay checks (nonces), 16 at a time'],
  ] as const) {
    console.log(`| ${label} | ${results.sqlite![name]} | ${results.postgres![name]} |`);
  }
}

await main();
