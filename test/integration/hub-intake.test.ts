// The hub's submission intake on loopback, driven request by request: who may send, what is stored once, what
// is refused and how, chunked uploads, the county-wide citizen lookup and the 7-day default rating.
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../core/catalogue/bundle.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import { uuidv7 } from '../../core/outbox/outbox.ts';
import { KIOSK_HEADERS, MAX_CHUNK_BYTES, signingString, type Submission } from '../../core/protocol/submissions.ts';
import type { Hub } from '../../hub/server.ts';
import { makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { signingKey } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-intake-');
const TOKEN = 'staff';
let hub: Hub;
let hubDir: string;
let clock = new Date('2026-11-22T02:00:00Z');

interface Kiosk {
  code: string;
  key: KeyObject;
}

function newKiosk(code: string): Kiosk & { publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { code, key: privateKey, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const staff = (method: string, route: string, body?: unknown) =>
  fetch(new URL(route, hub.url), {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A signed kiosk request; `tweak` can replace any part to forge it. */
async function signed(
  kiosk: Kiosk,
  method: string,
  route: string,
  body: Buffer = Buffer.alloc(0),
  tweak: { nonce?: string; timestamp?: string; signedBody?: Buffer; headers?: Record<string, string> } = {},
) {
  const timestamp = tweak.timestamp ?? clock.toISOString();
  const nonce = tweak.nonce ?? randomUUID();
  const signature = sign(
    null,
    Buffer.from(signingString(method, route, timestamp, nonce, tweak.signedBody ?? body)),
    kiosk.key,
  );
  const response = await fetch(new URL(route, hub.url), {
    method,
    headers: {
      'content-type': 'application/json',
      [KIOSK_HEADERS.kiosk]: kiosk.code,
      [KIOSK_HEADERS.timestamp]: timestamp,
      [KIOSK_HEADERS.nonce]: nonce,
      [KIOSK_HEADERS.signature]: signature.toString('base64'),
      ...tweak.headers,
    },
    ...(method === 'GET' ? {} : { body: new Uint8Array(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function application(overrides: Partial<Submission> = {}, idNumber = '11010519491231002X'): Submission {
  return {
    id: uuidv7(clock),
    acceptanceNumber: `XW-001-20261122-${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`,
    serviceId: 'legal-aid',
    createdAt: clock.toISOString(),
    payload: {
      kind: 'application',
      applicant: { name: '陈阿婆', idNumber, sex: '女', birthDate: '1949-12-31', address: '徐闻县', phone: '138' },
      fields: {},
      consents: [],
      attachments: [],
    },
    ...overrides,
  };
}

const batch = (kiosk: Kiosk, submissions: unknown[]) =>
  signed(kiosk, 'POST', '/v1/submissions/batch', Buffer.from(JSON.stringify({ kioskCode: kiosk.code, submissions })));

const xuwen = newKiosk('XW-001');
const leizhou = newKiosk('LZ-001');

beforeAll(async () => {
  hubDir = tempDir();
  const catalogueKey = signingKey('gd-2026-1');
  hub = await startTestHub({
    dataDir: hubDir,
    staffTokens: [TOKEN],
    trustedKeys: [catalogueKey.trusted],
    log: silentLogger(),
    now: () => clock,
  });
  for (const [kiosk, region] of [
    [xuwen, '440825100201'],
    [leizhou, '440882100201'],
  ] as const) {
    expect(
      (await staff('POST', '/v1/kiosks', { kioskCode: kiosk.code, regionCode: region, publicKey: kiosk.publicKey }))
        .status,
    ).toBe(201);
  }
  // A published catalogue: from now on only its services are taken.
  const bundleDir = tempDir();
  buildBundle(bundleDir, {
    catalogue: makeCatalogue(1),
    privateKey: catalogueKey.privateKey,
    keyId: 'gd-2026-1',
    regions: ['440000'],
    profiles: ['fabaobao'],
    now: clock,
    validDays: 30,
  });
  await new HubStaffClient(hub.url, TOKEN).publish(bundleDir);
});

afterAll(async () => {
  await hub.close();
});

describe('hub intake', () => {
  it('takes a batch once, answers a repeat with the first case ids, and refuses other content under a known id', async () => {
    const one = application();
    const two = application({ serviceId: 'mediation' });
    const first = await batch(xuwen, [one, two]);
    expect(first.status).toBe(200);
    const results = first.body.results as { id: string; outcome: string; caseId: string; duplicate: boolean }[];
    expect(results.map((result) => [result.id, result.outcome, result.duplicate])).toEqual([
      [one.id, 'accepted', false],
      [two.id, 'accepted', false],
    ]);
    const again = await batch(xuwen, [one, two]);
    expect(
      (again.body.results as { caseId: string; duplicate: boolean }[]).map((result) => [
        result.caseId,
        result.duplicate,
      ]),
    ).toEqual(results.map((result) => [result.caseId, true]));
    const tampered = { ...one, payload: { ...one.payload, fields: { facts: '改过的内容' } } };
    expect((await batch(xuwen, [tampered])).body.results).toEqual([
      expect.objectContaining({ id: one.id, outcome: 'rejected', code: 'SUBMISSION_CONFLICT', retryable: false }),
    ]);
    const db = await openTestHubDatabase(hubDir);
    expect(await db.get('SELECT count(*) AS n FROM submissions')).toEqual({ n: 2 });
    expect(await db.get('SELECT count(*) AS n FROM submission_conflicts')).toEqual({ n: 1 });
    await db.close();
  });

  it('judges each submission on its own: unknown service, bad check digit and broken shape are refused for good', async () => {
    const good = application();
    const unknown = application({ serviceId: 'no-such-service' });
    const badId = application({}, '110105194912310021');
    const answer = await batch(xuwen, [good, unknown, badId, { id: 'garbage' }]);
    expect(
      (answer.body.results as { outcome: string; code?: string }[]).map((result) => result.code ?? result.outcome),
    ).toEqual(['accepted', 'SUBMISSION_UNKNOWN_SERVICE', 'SUBMISSION_INVALID', 'SUBMISSION_INVALID']);
    expect((await batch(xuwen, [])).status).toBe(400);
    expect((await signed(xuwen, 'POST', '/v1/submissions/batch', Buffer.from('{"kioskCode":'))).status).toBe(400);
    // A batch claiming to be another kiosk's is refused.
    const forged = Buffer.from(JSON.stringify({ kioskCode: 'LZ-001', submissions: [application()] }));
    expect((await signed(xuwen, 'POST', '/v1/submissions/batch', forged)).status).toBe(400);
  });

  it('refuses unknown kiosks, bad signatures, replayed nonces and clocks far off (telling the hub time)', async () => {
    const body = Buffer.from(JSON.stringify({ kioskCode: 'XX-999', submissions: [application()] }));
    expect((await signed(newKiosk('XX-999'), 'POST', '/v1/submissions/batch', body)).body).toMatchObject({
      error: { code: 'HUB_KIOSK_UNKNOWN' },
    });
    const mine = Buffer.from(JSON.stringify({ kioskCode: xuwen.code, submissions: [application()] }));
    expect(
      (await signed(xuwen, 'POST', '/v1/submissions/batch', mine, { signedBody: Buffer.from('{}') })).body,
    ).toMatchObject({
      error: { code: 'HUB_SIGNATURE_INVALID' },
    });
    const nonce = randomUUID();
    expect((await signed(xuwen, 'GET', '/v1/status-updates?after=', undefined, { nonce })).status).toBe(200);
    expect((await signed(xuwen, 'GET', '/v1/status-updates?after=', undefined, { nonce })).body).toMatchObject({
      error: { code: 'HUB_REPLAY' },
    });
    const skewed = await signed(xuwen, 'GET', '/v1/status-updates?after=', undefined, {
      timestamp: new Date(clock.getTime() - 3_600_000).toISOString(),
    });
    expect(skewed).toMatchObject({
      status: 401,
      body: { error: { code: 'HUB_CLOCK_SKEW', serverTime: clock.toISOString() } },
    });
    expect((await staff('POST', '/v1/kiosks', { kioskCode: 'BAD', regionCode: '1', publicKey: 'x' })).status).toBe(400);
    expect((await fetch(new URL('/v1/kiosks', hub.url), { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('takes attachments in chunks, resumes from the offset it holds, and refuses a file that does not match its hash', async () => {
    const file = Buffer.alloc(MAX_CHUNK_BYTES + 1000, 0x42);
    const sha = createHash('sha256').update(file).digest('hex');
    const withPhoto = application();
    if (withPhoto.payload.kind === 'application') {
      withPhoto.payload.attachments = [
        { kind: 'document-photo', contentType: 'image/jpeg', sha256: sha, size: file.length },
      ];
    }
    expect((await batch(xuwen, [withPhoto])).body.results).toEqual([
      expect.objectContaining({ code: 'SUBMISSION_ATTACHMENT_MISSING', retryable: true }),
    ]);
    const put = (offset: number, chunk: Buffer, digest = sha) =>
      signed(xuwen, 'PUT', `/v1/uploads/${digest}?offset=${offset}`, chunk, {
        headers: { 'x-upload-size': String(file.length) },
      });
    expect((await put(0, file.subarray(0, MAX_CHUNK_BYTES))).body).toMatchObject({
      received: MAX_CHUNK_BYTES,
      complete: false,
    });
    expect((await put(0, file.subarray(0, 10))).status).toBe(409); // wrong offset: send from what the hub holds
    expect((await signed(xuwen, 'GET', `/v1/uploads/${sha}`)).body).toMatchObject({ received: MAX_CHUNK_BYTES });
    expect((await put(MAX_CHUNK_BYTES, file.subarray(MAX_CHUNK_BYTES))).body).toMatchObject({ complete: true });
    expect((await batch(xuwen, [withPhoto])).body.results).toEqual([expect.objectContaining({ outcome: 'accepted' })]);

    const other = Buffer.alloc(100, 1);
    const wrongName = 'f'.repeat(64);
    const mismatch = await signed(xuwen, 'PUT', `/v1/uploads/${wrongName}?offset=0`, other, {
      headers: { 'x-upload-size': '100' },
    });
    expect(mismatch.body).toMatchObject({ error: { code: 'HUB_HASH_MISMATCH' } });
    const tooBig = await signed(xuwen, 'PUT', `/v1/uploads/${wrongName}?offset=0`, Buffer.alloc(MAX_CHUNK_BYTES + 1), {
      headers: { 'x-upload-size': String(MAX_CHUNK_BYTES + 1) },
    });
    expect(tooBig.status).toBe(413);
  });

  it('shows a citizen the submissions of their county only, and sends status changes to the kiosk that took them', async () => {
    const idNumber = '440825194501011236';
    const mine = application({}, idNumber);
    const elsewhere = application({}, idNumber);
    await batch(xuwen, [mine]);
    await batch(leizhou, [elsewhere]);
    const lookup = await signed(xuwen, 'POST', '/v1/citizen-lookup', Buffer.from(JSON.stringify({ idNumber })));
    expect((lookup.body.submissions as { acceptanceNumber: string }[]).map((entry) => entry.acceptanceNumber)).toEqual([
      mine.acceptanceNumber,
    ]);
    const cases = (await (await staff('GET', '/v1/cases?region=440882')).json()) as { caseId: string }[];
    expect(cases).toHaveLength(1);
    const before = await signed(leizhou, 'GET', '/v1/status-updates?after=');
    expect(
      (
        await staff('POST', `/v1/cases/${cases[0]!.caseId}/status`, {
          status: 'rejected',
          reason: '不属于法律援助范围',
        })
      ).status,
    ).toBe(200);
    const after = await signed(leizhou, 'GET', `/v1/status-updates?after=${String(before.body.cursor)}`);
    expect(after.body.updates).toEqual([
      expect.objectContaining({ status: 'rejected', reason: '不属于法律援助范围', caseId: cases[0]!.caseId }),
    ]);
    expect((await signed(xuwen, 'GET', `/v1/status-updates?after=${String(before.body.cursor)}`)).body.updates).toEqual(
      [],
    );
  });

  it('records ratings in both codings and gives 基本满意 to what is not rated within 7 days', async () => {
    const rated = application();
    await batch(xuwen, [rated]);
    const rating: Submission = {
      id: uuidv7(clock),
      acceptanceNumber: 'XW-001-20261122-9999',
      serviceId: 'legal-aid',
      createdAt: clock.toISOString(),
      payload: {
        kind: 'rating',
        rating: {
          level: 4,
          comment: '等待时间长',
          anonymous: false,
          acceptanceNumber: rated.acceptanceNumber,
          indicators: {},
        },
      },
    };
    expect((await batch(xuwen, [rating])).body.results).toEqual([expect.objectContaining({ outcome: 'accepted' })]);
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    // The hub's daily job; here through its storage, as main.ts would schedule it.
    const db = await openTestHubDatabase(hubDir);
    const ratingRow = await db.get(
      'SELECT level_gbt, level_provincial FROM ratings WHERE rated_acceptance_number = ?',
      [rated.acceptanceNumber],
    );
    expect(ratingRow).toEqual({ level_gbt: 4, level_provincial: 2 });
    const { IntakeService } = await import('../../hub/intake/service.ts');
    const { SqlSubmissionStorage } = await import('../../hub/intake/storage.ts');
    const storage = new SqlSubmissionStorage(db);
    const intake = new IntakeService({
      storage,
      blobsDir: path.join(hubDir, 'blobs'),
      uploadsDir: path.join(hubDir, 'uploads'),
      knownServices: async () => null,
      log: silentLogger(),
      now: () => clock,
    });
    const defaulted = await intake.defaultRatings();
    expect(defaulted).toBeGreaterThan(0);
    expect(await intake.defaultRatings()).toBe(0);
    expect(
      await db.get(`SELECT count(*) AS n FROM ratings WHERE rated_acceptance_number = ?`, [rated.acceptanceNumber]),
    ).toEqual({ n: 1 });
    expect(await db.get(`SELECT level_gbt FROM ratings WHERE channel LIKE 'default%' LIMIT 1`)).toEqual({
      level_gbt: 3,
    });
    await db.close();
    clock = new Date('2026-11-22T02:00:00Z');
  });
});
