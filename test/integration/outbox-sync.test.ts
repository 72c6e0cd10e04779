// The kiosk's outbox syncing to the real hub on loopback, through a proxy that can misbehave: everything the
// citizen was given a number for arrives exactly once, whatever the network does; refusals are flagged and not
// retried for ever; status changes come back; a wrong kiosk clock is corrected.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../core/db/database.ts';
import { loadDeviceKeys, type DeviceKeys } from '../../core/outbox/device-keys.ts';
import { SignedHubClient } from '../../core/outbox/hub-client.ts';
import { OUTBOX_MIGRATIONS } from '../../core/outbox/migrations/index.ts';
import { Outbox } from '../../core/outbox/outbox.ts';
import { SubmissionsDesk } from '../../core/outbox/submissions-desk.ts';
import { SyncWorker } from '../../core/outbox/sync-worker.ts';
import { MAX_CHUNK_BYTES, type SubmissionPayload } from '../../core/protocol/submissions.ts';
import type { Hub } from '../../hub/server.ts';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('outbox-sync-');
const TOKEN = 'staff-token';
const KIOSK = 'XW-DEMO-001';
const REGION = '440825100201';

const application = (name: string, idNumber = '11010519491231002X'): SubmissionPayload => ({
  kind: 'application',
  applicant: { name, idNumber, sex: '女', birthDate: '1949-12-31', address: '徐闻县下桥镇', phone: '13800000000' },
  fields: { facts: '邻居占用宅基地' },
  consents: [],
  attachments: [],
});

interface TestKiosk {
  db: Db;
  keys: DeviceKeys;
  client: SignedHubClient;
  outbox: Outbox;
  worker: SyncWorker;
  desk: SubmissionsDesk;
}

let hubDir: string;
let hub: Hub;
let hubPort = 0;
let proxy: FlakyProxy;
let kiosk: TestKiosk;

async function bootHub(): Promise<void> {
  hub = await startTestHub({
    dataDir: hubDir,
    port: hubPort,
    staffTokens: [TOKEN],
    trustedKeys: [],
    log: silentLogger(),
  });
  hubPort = Number(new URL(hub.url).port);
}

async function staff(method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(new URL(route, hub.url), {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function makeKiosk(options: { clockAheadMs?: number; timeoutMs?: number } = {}): TestKiosk {
  const dir = tempDir();
  const keys = loadDeviceKeys(path.join(dir, 'keys'));
  const db = openDatabase(path.join(dir, 'outbox.sqlite'), OUTBOX_MIGRATIONS);
  const now = () => new Date(Date.now() + (options.clockAheadMs ?? 0));
  const outbox = new Outbox({ db, kioskCode: KIOSK, dataKey: keys.dataKey, now });
  const client = new SignedHubClient({
    hubUrl: proxy.url,
    kioskCode: KIOSK,
    signingKey: keys.signingKey,
    now,
    timeoutMs: options.timeoutMs ?? 5_000,
    clockOffset: {
      get: () => Number(outbox.getState('clockOffsetMs') ?? 0),
      set: (ms) => outbox.setState('clockOffsetMs', String(ms)),
    },
  });
  const worker = new SyncWorker({ outbox, client, log: silentLogger(), retentionDays: 7 });
  return { db, keys, client, outbox, worker, desk: new SubmissionsDesk({ outbox, sync: null, client }) };
}

async function enrol(target: TestKiosk): Promise<void> {
  const response = await staff('POST', '/v1/kiosks', {
    kioskCode: KIOSK,
    regionCode: REGION,
    publicKey: target.keys.publicKeyPem,
  });
  expect(response.ok).toBe(true);
}

async function cases(): Promise<{ caseId: string; acceptanceNumber: string; status: string }[]> {
  return (await (await staff('GET', '/v1/cases?limit=500')).json()) as {
    caseId: string;
    acceptanceNumber: string;
    status: string;
  }[];
}

beforeEach(async () => {
  hubDir = tempDir();
  hubPort = 0;
  await bootHub();
  proxy = await startFlakyProxy(() => hub.url);
  kiosk = makeKiosk();
  await enrol(kiosk);
});

afterEach(async () => {
  kiosk.db.close();
  await proxy.close();
  await hub.close();
});

describe('outbox sync', () => {
  it('delivers submissions with a chunked photo, once, and has nothing to send afterwards', async () => {
    const photo = Buffer.alloc(MAX_CHUNK_BYTES * 2 + 1234, 0xab);
    const withPhoto = kiosk.outbox.submit({
      serviceId: 'legal-aid',
      payload: application('陈阿婆'),
      attachments: [{ kind: 'document-photo', contentType: 'image/jpeg', data: photo }],
    });
    kiosk.outbox.submit({ serviceId: 'mediation', payload: application('李伯') });
    const round = await kiosk.worker.syncNow();
    expect(round).toMatchObject({ ok: true, sent: 2, acknowledged: 2, rejected: 0 });
    expect(kiosk.outbox.entry(withPhoto.id)).toMatchObject({ state: 'acknowledged', caseId: expect.any(String) });
    expect((await cases()).map((entry) => entry.acceptanceNumber).sort()).toEqual([
      withPhoto.acceptanceNumber,
      expect.stringMatching(/-0002$/),
    ]);
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, sent: 0 });
  });

  it('keeps everything while the hub is down and delivers it once the hub is back', async () => {
    await hub.close();
    const first = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    const down = await kiosk.worker.syncNow();
    expect(down.ok).toBe(false);
    expect(kiosk.outbox.entry(first.id)).toMatchObject({ state: 'pending', lastError: expect.any(String) });
    await bootHub();
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, acknowledged: 1 });
    expect(await cases()).toHaveLength(1);
  });

  it('never makes a second case when the answer comes too late or the connection is cut after the hub stored it', async () => {
    kiosk.db.close();
    kiosk = makeKiosk({ timeoutMs: 300 });
    await enrol(kiosk);
    const a = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    proxy.only = '/v1/submissions/batch';
    proxy.mode = { kind: 'late', delayMs: 1_000 };
    expect((await kiosk.worker.syncNow()).ok).toBe(false);
    expect(kiosk.outbox.entry(a.id)?.state).toBe('pending');
    const b = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('李伯') });
    proxy.mode = { kind: 'cut-after-hub' };
    expect((await kiosk.worker.syncNow()).ok).toBe(false);
    proxy.mode = { kind: 'pass' };
    const round = await kiosk.worker.syncNow();
    expect(round).toMatchObject({ ok: true, acknowledged: 2 });
    const stored = await cases();
    expect(stored.map((entry) => entry.acceptanceNumber).sort()).toEqual(
      [a.acceptanceNumber, b.acceptanceNumber].sort(),
    );
    expect(kiosk.outbox.entry(a.id)?.caseId).toBe(
      stored.find((entry) => entry.acceptanceNumber === a.acceptanceNumber)?.caseId,
    );
  });

  it('treats a hub answering 500 or garbage as not there, and retries later', async () => {
    const entry = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    proxy.mode = { kind: 'status', status: 500, body: 'Internal Server Error' };
    expect(await kiosk.worker.syncNow()).toMatchObject({
      ok: false,
      error: expect.stringContaining('HUB_BAD_RESPONSE'),
    });
    proxy.mode = { kind: 'status', status: 200, body: '{"results": "yes"}' };
    expect(await kiosk.worker.syncNow()).toMatchObject({
      ok: false,
      error: expect.stringContaining('HUB_BAD_RESPONSE'),
    });
    expect(kiosk.outbox.entry(entry.id)?.state).toBe('pending');
    proxy.mode = { kind: 'pass' };
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, acknowledged: 1 });
  });

  it('keeps the valid part of a partly refused batch and flags the rest without retrying it', async () => {
    const good = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    // The check digit of this ID number is wrong: the hub refuses it for good.
    const bad = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('李伯', '110105194912310021') });
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, acknowledged: 1, rejected: 1 });
    expect(kiosk.outbox.entry(good.id)?.state).toBe('acknowledged');
    expect(kiosk.outbox.entry(bad.id)).toMatchObject({
      state: 'rejected',
      lastError: expect.stringContaining('SUBMISSION_INVALID'),
    });
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, sent: 0 });
    expect(kiosk.desk.status()).toMatchObject({ pending: 0, acknowledged: 1, rejected: 1 });
  });

  it("corrects a kiosk clock an hour ahead from the hub's answer", async () => {
    kiosk.db.close();
    kiosk = makeKiosk({ clockAheadMs: 3_600_000 });
    await enrol(kiosk);
    kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, acknowledged: 1 });
    expect(Number(kiosk.outbox.getState('clockOffsetMs'))).toBeLessThan(-3_500_000);
  });

  it('brings staff status changes back to the kiosk and to the citizen', async () => {
    const entry = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    await kiosk.worker.syncNow();
    const caseId = kiosk.outbox.entry(entry.id)!.caseId!;
    const refused = await staff('POST', `/v1/cases/${caseId}/status`, { status: 'rejected' });
    expect(refused.status).toBe(400); // 不予受理 needs a reason
    const change = await staff('POST', `/v1/cases/${caseId}/status`, {
      status: 'needs-materials',
      missing: ['户口簿复印件', '收入证明'],
    });
    expect(change.ok).toBe(true);
    expect(await kiosk.worker.syncNow()).toMatchObject({ ok: true, statusUpdates: expect.any(Number) });
    expect(kiosk.outbox.entry(entry.id)).toMatchObject({
      caseStatus: 'needs-materials',
      statusMissing: ['户口簿复印件', '收入证明'],
    });
    const mine = await kiosk.desk.mySubmissions('11010519491231002X');
    expect(mine).toMatchObject({ source: 'hub', submissions: [{ status: 'needs-materials', delivered: true }] });
    await hub.close();
    expect(await kiosk.desk.mySubmissions('11010519491231002X')).toMatchObject({
      source: 'local',
      submissions: [{ acceptanceNumber: entry.acceptanceNumber, status: 'needs-materials' }],
    });
    await bootHub();
  });

  it('waits out failures without spinning, and goes at once when nudged (connectivity is back)', async () => {
    await hub.close();
    const rounds: boolean[] = [];
    const patient = new SyncWorker({
      outbox: kiosk.outbox,
      client: kiosk.client,
      log: silentLogger(),
      retentionDays: 7,
      minDelayMs: 600_000,
      maxDelayMs: 600_000,
      random: () => 1,
      onRound: (round) => rounds.push(round.ok),
    });
    kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    patient.start();
    await expect.poll(() => rounds.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rounds).toEqual([false]); // one failed round, then a ten-minute wait: no busy loop
    await bootHub();
    patient.nudge();
    await expect.poll(() => kiosk.outbox.summary().acknowledged).toBe(1);
    await patient.stop();
  });

  it('looks at the status feed at once when told of a newer cursor, and waits when told of one it has', async () => {
    const rounds: number[] = [];
    const worker = new SyncWorker({
      outbox: kiosk.outbox,
      client: kiosk.client,
      log: silentLogger(),
      retentionDays: 7,
      onRound: (round) => rounds.push(round.statusUpdates),
    });
    const entry = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    worker.start();
    await expect.poll(() => kiosk.outbox.summary().acknowledged).toBe(1);
    // Nothing more to send: the next look is the idle one, an hour away.
    await expect.poll(() => (worker.nextRoundAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(50 * 60_000);
    const ours = kiosk.outbox.getState('statusCursor') ?? '';
    const roundsBefore = rounds.length;
    worker.statusNews(ours);
    worker.statusNews('');
    expect(worker.nextRoundAt!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(rounds).toHaveLength(roundsBefore);

    const caseId = kiosk.outbox.entry(entry.id)!.caseId!;
    expect((await staff('POST', `/v1/cases/${caseId}/status`, { status: 'accepted' })).ok).toBe(true);
    worker.statusNews(String(Number(ours || 0) + 1));
    await expect.poll(() => kiosk.outbox.entry(entry.id)?.caseStatus).toBe('accepted');
    expect(rounds.at(-1)).toBe(1);
    await worker.stop();
  });

  it('stops at a revoked kiosk and keeps its submissions', async () => {
    const entry = kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application('陈阿婆') });
    expect((await staff('POST', `/v1/kiosks/${KIOSK}/revoke`)).ok).toBe(true);
    expect(await kiosk.worker.syncNow()).toMatchObject({
      ok: false,
      error: expect.stringContaining('HUB_KIOSK_REVOKED'),
    });
    expect(kiosk.outbox.entry(entry.id)?.state).toBe('pending');
    expect(await cases()).toHaveLength(0);
  });
});
