// `npx tsx bench/outbox.ts`: the submissions path on real SQLite files and a real hub on loopback.
//  - enqueue latency: Outbox.submit, each a durable commit (WAL, synchronous=FULL), p50/p95;
//  - drain: BENCH_DRAIN (default 10,000) queued submissions delivered by the sync worker in signed batches, in
//    submissions per second, next to the naive baseline of one signed request per submission in the same run;
//  - hub ingest: the hub's own rate, from signed batches sent by two concurrent clients.
// Targets (issue 6): enqueue p95 under 10 ms; drain at least 1,000 submissions/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { openDatabase, type Db } from '../core/db/database.ts';
import { loadDeviceKeys } from '../core/outbox/device-keys.ts';
import { SignedHubClient } from '../core/outbox/hub-client.ts';
import { OUTBOX_MIGRATIONS } from '../core/outbox/migrations/index.ts';
import { Outbox } from '../core/outbox/outbox.ts';
import { SyncWorker } from '../core/outbox/sync-worker.ts';
import type { SubmissionPayload, SubmissionResult } from '../core/protocol/submissions.ts';
import { startHub } from '../hub/server.ts';
import { measure, report } from './stats.ts';

const DRAIN = Number(process.env.BENCH_DRAIN ?? 10_000);
const NAIVE = Number(process.env.BENCH_NAIVE ?? 1_000);
const ENQUEUE = Number(process.env.BENCH_ENQUEUE ?? 1_000);
const TOKEN = 'bench-staff-token';
const log = pino({ level: 'silent' });

const payload = (i: number): SubmissionPayload => ({
  kind: 'application',
  applicant: {
    name: `村民${i}`,
    idNumber: '11010519491231002X',
    sex: '女',
    birthDate: '1949-12-31',
    address: '广东省湛江市徐闻县下桥镇某村委会某村 23 号',
    phone: '13800000000',
  },
  fields: { facts: '自 2026 年 3 月起在某工地务工，工资共计 18,600 元至今未付，多次讨要无果。'.repeat(3) },
  consents: [{ document: 'legal-aid-commitment-v1', agreed: true, at: new Date().toISOString() }],
  attachments: [],
});

const workDir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-outbox-'));
const hub = await startHub({ dataDir: path.join(workDir, 'hub'), staffTokens: [TOKEN], trustedKeys: [], log });

/** A kiosk with its own keys and outbox, enrolled at the hub under `code`. */
async function kiosk(code: string, batchSize: number) {
  const dir = path.join(workDir, code);
  const keys = loadDeviceKeys(path.join(dir, 'keys'));
  const db: Db = openDatabase(path.join(dir, 'outbox.sqlite'), OUTBOX_MIGRATIONS);
  const outbox = new Outbox({ db, kioskCode: code, dataKey: keys.dataKey });
  const enrol = await fetch(new URL('/v1/kiosks', hub.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kioskCode: code, regionCode: '440825100201', publicKey: keys.publicKeyPem }),
  });
  if (!enrol.ok) throw new Error(`enrolment failed: ${enrol.status} ${await enrol.text()}`);
  const client = new SignedHubClient({
    hubUrl: hub.url,
    kioskCode: code,
    signingKey: keys.signingKey,
    clockOffset: { get: () => 0, set: () => undefined },
  });
  const worker = new SyncWorker({ outbox, client, log, retentionDays: 7, batchSize });
  return { db, outbox, worker, client };
}

/** Delivers everything queued; returns submissions per second. */
async function drain(target: Awaited<ReturnType<typeof kiosk>>, expected: number): Promise<number> {
  const start = performance.now();
  let delivered = 0;
  while (delivered < expected) {
    const round = await target.worker.syncNow();
    if (!round.ok) throw new Error(`sync failed: ${round.error}`);
    if (round.sent === 0) break;
    delivered += round.acknowledged;
  }
  const seconds = (performance.now() - start) / 1000;
  if (delivered !== expected) throw new Error(`delivered ${delivered} of ${expected}`);
  return delivered / seconds;
}

try {
  // 1. Enqueue latency.
  const enqueuer = await kiosk('BENCH-ENQUEUE', 100);
  const enqueue = await measure(ENQUEUE, (i) =>
    enqueuer.outbox.submit({ serviceId: 'legal-aid', payload: payload(i) }),
  );
  report('outbox.enqueue', { durable: 'WAL, synchronous=FULL', ...enqueue });
  enqueuer.db.close();

  // 2. Drain in batches, and the naive one-request-per-submission baseline.
  const batched = await kiosk('BENCH-BATCH', 100);
  for (let i = 0; i < DRAIN; i++) batched.outbox.submit({ serviceId: 'legal-aid', payload: payload(i) });
  const batchedRate = await drain(batched, DRAIN);
  report('outbox.drain', { submissions: DRAIN, batchSize: 100, per_second: Math.round(batchedRate) });
  batched.db.close();

  // The naive baseline: one signed request per submission, nothing else (no status polls).
  const naive = await kiosk('BENCH-NAIVE', 1);
  for (let i = 0; i < NAIVE; i++) naive.outbox.submit({ serviceId: 'legal-aid', payload: payload(i) });
  const naiveStart = performance.now();
  for (const submission of naive.outbox.due(NAIVE)) {
    naive.outbox.markSent([submission.id]);
    const answer = await naive.client.json<{ results: SubmissionResult[] }>('POST', '/v1/submissions/batch', {
      kioskCode: 'BENCH-NAIVE',
      submissions: [submission],
    });
    naive.outbox.recordResults(answer.results);
  }
  const naiveRate = NAIVE / ((performance.now() - naiveStart) / 1000);
  if (naive.outbox.summary().acknowledged !== NAIVE) throw new Error('the naive baseline lost submissions');
  report('outbox.drain.naive', { submissions: NAIVE, batchSize: 1, per_second: Math.round(naiveRate) });
  naive.db.close();

  // 3. Hub ingest: two kiosks sending batches at once; the rate the hub stores them.
  const senders = await Promise.all([kiosk('BENCH-INGEST-A', 100), kiosk('BENCH-INGEST-B', 100)]);
  for (const sender of senders) {
    for (let i = 0; i < DRAIN / 2; i++) sender.outbox.submit({ serviceId: 'legal-aid', payload: payload(i) });
  }
  const start = performance.now();
  await Promise.all(senders.map((sender) => drain(sender, DRAIN / 2)));
  const ingest = DRAIN / ((performance.now() - start) / 1000);
  report('hub.ingest', { submissions: DRAIN, concurrentKiosks: 2, per_second: Math.round(ingest) });
  for (const sender of senders) sender.db.close();

  const rows = [
    ['enqueue p50 / p95', `${enqueue.p50_ms} / ${enqueue.p95_ms} ms`, 'p95 < 10 ms', enqueue.p95_ms < 10],
    ['drain (batches of 100)', `${Math.round(batchedRate)} /s`, '≥ 1000 /s', batchedRate >= 1000],
    [
      'drain, naive (1 per request)',
      `${Math.round(naiveRate)} /s (ratio ${(batchedRate / naiveRate).toFixed(1)}×)`,
      '',
      null,
    ],
    ['hub ingest (2 kiosks)', `${Math.round(ingest)} /s`, '', null],
  ] as const;
  console.log('\noutbox bench');
  for (const [name, figure, target, pass] of rows) {
    console.log(
      `${name.padEnd(30)} ${figure.padEnd(34)} ${target.padEnd(12)} ${pass === null ? '' : pass ? 'PASS' : 'FAIL'}`,
    );
  }
} finally {
  await hub.close();
  rmSync(workDir, { recursive: true, force: true });
}
