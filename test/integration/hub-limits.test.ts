// The hub's request limits on loopback: bodies over a route's limit are refused from their Content-Length before
// the body is sent (413 HUB_TOO_LARGE), uploads keep their larger limit; rate limits per enrolled kiosk once its
// signature checks out and per client address otherwise (X-Forwarded-For only from a trusted proxy), answered
// 429 HUB_RATE_LIMITED with Retry-After; the kiosk's outbox sync waits as long as the hub asks and loses nothing.
import { createHash } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/database.ts';
import { loadDeviceKeys } from '../../core/outbox/device-keys.ts';
import { HubRefusal, SignedHubClient } from '../../core/outbox/hub-client.ts';
import { OUTBOX_MIGRATIONS } from '../../core/outbox/migrations/index.ts';
import { Outbox } from '../../core/outbox/outbox.ts';
import { SyncWorker, type SyncRound } from '../../core/outbox/sync-worker.ts';
import type { SubmissionPayload } from '../../core/protocol/submissions.ts';
import { type Hub, type HubScaleOptions } from '../../hub/server.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-limits-');
const TOKEN = 'staff-token-for-limits';
const REGION = '440825100201';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newHub(scale: HubScaleOptions = {}): Promise<Hub> {
  const hub = await startTestHub({
    dataDir: tempDir(),
    staffTokens: [TOKEN],
    trustedKeys: [],
    log: silentLogger(),
    scale,
  });
  cleanups.push(() => hub.close());
  return hub;
}

/** An enrolled kiosk's signed client and outbox (real keys, a real SQLite outbox). */
async function enrolledKiosk(hub: Hub, code: string) {
  const dir = tempDir();
  const keys = loadDeviceKeys(path.join(dir, 'keys'));
  const db = openDatabase(path.join(dir, 'outbox.sqlite'), OUTBOX_MIGRATIONS);
  cleanups.push(() => {
    db.close();
  });
  const outbox = new Outbox({ db, kioskCode: code, dataKey: keys.dataKey });
  const client = new SignedHubClient({
    hubUrl: hub.url,
    kioskCode: code,
    signingKey: keys.signingKey,
    clockOffset: { get: () => 0, set: () => undefined },
  });
  const enrol = await fetch(new URL('/v1/kiosks', hub.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kioskCode: code, regionCode: REGION, publicKey: keys.publicKeyPem }),
  });
  expect(enrol.status).toBe(201);
  return { client, outbox };
}

const application = (name: string): SubmissionPayload => ({
  kind: 'application',
  applicant: { name, idNumber: '11010519491231002X', sex: '女', birthDate: '1949-12-31', address: '徐闻县', phone: '' },
  fields: { facts: '宅基地' },
  consents: [],
  attachments: [],
});

/** A request whose headers declare `declared` bytes; only `sent` bytes are written, and the answer is awaited. */
function partialUpload(
  hub: Hub,
  method: string,
  route: string,
  declared: number,
  sent: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(route, hub.url), {
      method,
      headers: { 'content-type': 'application/json', 'content-length': String(declared), ...headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (text: string) => (body += text));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    // The rest of the body never comes: an answer at all shows the hub did not wait to read it.
    req.write(Buffer.alloc(sent, 0x20));
  });
}

const unsigned = (hub: Hub, headers: Record<string, string> = {}) =>
  fetch(new URL('/v1/catalogue/current?region=440825100201&profile=fabaobao', hub.url), { headers });

describe('request body limits', () => {
  it('refuses a JSON body over 64 kB from its Content-Length, before the body is sent', async () => {
    const hub = await newHub();
    for (const [method, route, headers] of [
      ['POST', '/v1/enrol', {}],
      ['POST', '/v1/catalogue/rollouts', { Authorization: `Bearer ${TOKEN}` }],
      ['POST', '/v1/kiosks', { Authorization: 'Bearer wrong' }],
    ] as const) {
      const answer = await partialUpload(hub, method, route, 10_000_000, 100, headers);
      expect(answer.status, route).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'HUB_TOO_LARGE' } });
    }
  });

  it('lets uploads be larger than 64 kB but not larger than their own limit', async () => {
    const hub = await newHub();
    const bytes = Buffer.alloc(200_000, 7);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const put = await fetch(new URL(`/v1/catalogue/files/${sha}`, hub.url), {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
    expect(put.status).toBe(201);
    const capped = await startTestHub({
      dataDir: tempDir(),
      staffTokens: [TOKEN],
      trustedKeys: [],
      log: silentLogger(),
      maxFileBytes: 100_000,
    });
    cleanups.push(() => capped.close());
    const answer = await partialUpload(capped, 'PUT', `/v1/catalogue/files/${sha}`, 200_000, 10, {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(answer.status).toBe(413);
  });

  it('refuses a chunked JSON body that grows past the limit', async () => {
    const hub = await newHub();
    const answer = await new Promise<number>((resolve, reject) => {
      const req = http.request(new URL('/v1/enrol', hub.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const piece = Buffer.alloc(16_000, 0x20);
      const pump = () => {
        for (let i = 0; i < 10 && !req.destroyed; i++) req.write(piece);
      };
      pump();
    });
    expect(answer).toBe(413);
  });
});

describe('rate limits', () => {
  it('limits unsigned requests per address with 429 HUB_RATE_LIMITED and Retry-After', async () => {
    let clock = 1_000_000;
    const hub = await newHub({ address: { perSecond: 1, burst: 3 }, now: () => clock });
    for (let i = 0; i < 3; i++) expect((await unsigned(hub)).status).toBe(404); // CATALOGUE_NONE: let through
    const limited = await unsigned(hub);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { code: 'HUB_RATE_LIMITED' } });
    // Staff routes count against the address too (before the token is even looked at).
    const staff = await fetch(new URL('/v1/fleet', hub.url), { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(staff.status).toBe(429);
    clock += 2_000;
    expect((await unsigned(hub)).status).toBe(404);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const clock = 1_000_000;
    const direct = await newHub({ address: { perSecond: 1, burst: 2 }, now: () => clock });
    // Not behind a trusted proxy: a made-up X-Forwarded-For does not buy a fresh limit.
    for (let i = 0; i < 2; i++) expect((await unsigned(direct, { 'X-Forwarded-For': `10.0.0.${i}` })).status).toBe(404);
    expect((await unsigned(direct, { 'X-Forwarded-For': '10.0.0.9' })).status).toBe(429);

    const proxied = await newHub({
      address: { perSecond: 1, burst: 2 },
      now: () => clock,
      trustedProxies: ['127.0.0.0/8'],
    });
    for (let i = 0; i < 2; i++)
      expect((await unsigned(proxied, { 'X-Forwarded-For': '203.0.113.5' })).status).toBe(404);
    expect((await unsigned(proxied, { 'X-Forwarded-For': '203.0.113.5' })).status).toBe(429);
    // Another client behind the proxy has its own limit; the left part a client wrote itself is not believed.
    expect((await unsigned(proxied, { 'X-Forwarded-For': '203.0.113.6' })).status).toBe(404);
    expect((await unsigned(proxied, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.5' })).status).toBe(429);
  });

  it('limits a kiosk by its code, not by the address it shares with others, once its signature checks out', async () => {
    let clock = 1_000_000;
    const hub = await newHub({
      kiosk: { perSecond: 1, burst: 2 },
      address: { perSecond: 1, burst: 2 },
      now: () => clock,
    });
    const a = await enrolledKiosk(hub, 'XW-DEMO-001');
    const b = await enrolledKiosk(hub, 'XW-DEMO-002');
    const feed = '/v1/status-updates?after=';
    await a.client.json('GET', feed);
    await a.client.json('GET', feed);
    const refused = await a.client.json('GET', feed).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HubRefusal);
    expect(refused).toMatchObject({ code: 'HUB_RATE_LIMITED', status: 429, retryAfterMs: 1_000 });
    // Kiosk B on the same address (a carrier NAT) is not held back by A, nor by the address limit.
    await b.client.json('GET', feed);
    await b.client.json('GET', feed);
    clock += 1_000;
    await a.client.json('GET', feed);
  });

  it('counts refused signatures against the address, so guessing is limited too', async () => {
    const clock = 1_000_000;
    // One of the four goes on enrolling the kiosk.
    const hub = await newHub({ address: { perSecond: 1, burst: 4 }, now: () => clock });
    await enrolledKiosk(hub, 'XW-DEMO-001');
    const forged = () =>
      fetch(new URL('/v1/status-updates?after=', hub.url), {
        headers: {
          'x-kiosk-code': 'XW-DEMO-001',
          'x-kiosk-timestamp': new Date().toISOString(),
          'x-kiosk-nonce': `nonce-${Math.random()}`,
          'x-kiosk-signature': Buffer.alloc(64).toString('base64'),
        },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await forged()).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('makes the outbox sync wait as long as the hub asks, and deliver everything afterwards', async () => {
    let clock = 1_000_000;
    // A round takes three requests here: the batch, and two pages of the status feed (the new cases, then none).
    const hub = await newHub({ kiosk: { perSecond: 0.1, burst: 3 }, now: () => clock });
    const kiosk = await enrolledKiosk(hub, 'XW-DEMO-001');
    const ids = ['陈阿婆', '李伯', '黄姨'].map(
      (name) => kiosk.outbox.submit({ serviceId: 'legal-aid', payload: application(name) }).id,
    );
    // The kiosk has just used its share (e.g. a heartbeat and status looks).
    for (let i = 0; i < 3; i++) await kiosk.client.json('GET', '/v1/status-updates?after=');
    const rounds: SyncRound[] = [];
    let limited: () => void = () => undefined;
    const limitedRound = new Promise<void>((resolve) => (limited = resolve));
    // Jitter 0 and a 10 ms backoff: without Retry-After the next try would be due at once.
    const worker = new SyncWorker({
      outbox: kiosk.outbox,
      client: kiosk.client,
      log: silentLogger(),
      retentionDays: 7,
      random: () => 0,
      minDelayMs: 10,
      onRound: (round) => {
        rounds.push(round);
        if (!round.ok) limited();
      },
    });
    cleanups.push(() => worker.stop());
    const startedAt = Date.now();
    worker.start();
    await limitedRound;
    expect(rounds.at(-1)).toMatchObject({
      ok: false,
      sent: 3,
      error: expect.stringContaining('HUB_RATE_LIMITED'),
      retryAfterMs: 10_000,
    });
    // Back in the queue, not lost, not refused for good.
    for (const id of ids) expect(kiosk.outbox.entry(id)?.state).toBe('pending');
    await expect.poll(() => worker.nextRoundAt).not.toBeNull();
    expect(worker.nextRoundAt!.getTime() - startedAt).toBeGreaterThanOrEqual(10_000);
    // A nudge (a new submission) does not jump the wait either.
    worker.nudge();
    expect(worker.nextRoundAt!.getTime() - startedAt).toBeGreaterThanOrEqual(10_000);
    await worker.stop();
    // Later, with the hub's limit refilled, everything arrives exactly once.
    clock += 60_000;
    const last = await worker.syncNow();
    expect(last, last.error ?? '').toMatchObject({ ok: true, acknowledged: 3 });
    for (const id of ids) expect(kiosk.outbox.entry(id)?.state).toBe('acknowledged');
    const cases = await fetch(new URL('/v1/cases', hub.url), { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(((await cases.json()) as unknown[]).length).toBe(3);
  });
});
