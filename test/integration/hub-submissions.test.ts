// Submission intake at a real hub on loopback, spoken to the way a kiosk does: every kiosk request signed with an
// Ed25519 device key over signingString (core/protocol/submissions.ts). Covers enrolment and revocation, each
// refusal of a signed request (unknown, revoked, forged, late, replayed, too large, not JSON), once-only storage
// and conflicts, the per-submission checks (service, check digit, attachments), chunked uploads with resume and
// hash mismatch, staff status changes fed back by cursor, the county-wide citizen lookup and the 7-day rating.
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../core/catalogue/bundle.ts';
import type { Catalogue } from '../../core/catalogue/schema.ts';
import {
  batchResultSchema,
  citizenSubmissionsSchema,
  KIOSK_HEADERS,
  MAX_BATCH_BYTES,
  MAX_CHUNK_BYTES,
  MAX_CLOCK_SKEW_MS,
  signingString,
  statusFeedSchema,
  uploadStateSchema,
  type SubmissionResult,
  type Submission,
} from '../../core/protocol/submissions.ts';
import { hubErrorBodySchema } from '../../core/protocol/errors.ts';
import type { Hub } from '../../hub/server.ts';
import { makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-submissions-');
const TOKEN = 'staff-token-for-submissions-tests';
/** The hub's clock (its `now` option) and the kiosks' clock: the same unless a test says otherwise. */
const clock = new Date('2026-11-22T02:00:00.000Z');

// ---- kiosks and a tiny signed client ------------------------------------------------------------------------

interface TestKiosk {
  code: string;
  region: string;
  key: KeyObject;
  publicKey: string;
}

function newKiosk(code: string, region: string): TestKiosk {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { code, region, key: privateKey, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

interface Answer {
  status: number;
  body: unknown;
}

interface Forgery {
  timestamp?: string;
  nonce?: string;
  /** Sign these bytes but send the real body (a body changed on the way). */
  signedBody?: Buffer;
  key?: KeyObject;
  headers?: Record<string, string>;
}

async function signed(
  hub: Hub,
  kiosk: TestKiosk,
  method: string,
  pathWithQuery: string,
  body: Buffer = Buffer.alloc(0),
  forgery: Forgery = {},
): Promise<Answer> {
  const timestamp = forgery.timestamp ?? clock.toISOString();
  const nonce = forgery.nonce ?? randomUUID();
  const signature = sign(
    null,
    Buffer.from(signingString(method, pathWithQuery, timestamp, nonce, forgery.signedBody ?? body)),
    forgery.key ?? kiosk.key,
  );
  const response = await fetch(`${hub.url}${pathWithQuery}`, {
    method,
    headers: {
      [KIOSK_HEADERS.kiosk]: kiosk.code,
      [KIOSK_HEADERS.timestamp]: timestamp,
      [KIOSK_HEADERS.nonce]: nonce,
      [KIOSK_HEADERS.signature]: signature.toString('base64'),
      ...forgery.headers,
    },
    ...(method === 'GET' ? {} : { body: new Uint8Array(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/** The same value with every object's keys in reverse order: other JSON text, the same content. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reverseKeys(inner)]),
  );
}

function sendBatch(hub: Hub, kiosk: TestKiosk, submissions: unknown[], forgery: Forgery = {}): Promise<Answer> {
  return signed(hub, kiosk, 'POST', '/v1/submissions/batch', json({ kioskCode: kiosk.code, submissions }), forgery);
}

/** The results of a batch the hub took (200), checked against the protocol. */
async function results(hub: Hub, kiosk: TestKiosk, submissions: unknown[]): Promise<SubmissionResult[]> {
  const answer = await sendBatch(hub, kiosk, submissions);
  expect(answer.status).toBe(200);
  return batchResultSchema.parse(answer.body).results;
}

/** The error code of a refusal, checked against HubErrorBody. */
function refusal(answer: Answer, status: number): string {
  expect(answer.status).toBe(status);
  return hubErrorBodySchema.parse(answer.body).error.code;
}

// ---- submissions --------------------------------------------------------------------------------------------

function uuidv7(at = clock): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at.getTime(), 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let sequence = 0;
const acceptanceNumber = (kiosk: TestKiosk) => `${kiosk.code}-20261122-${String(++sequence).padStart(4, '0')}`;

/** Two valid ID numbers (DOMAIN.md §2) and one with a wrong check digit. */
const ID_OK = '11010519491231002X';
const ID_OK_2 = '34052419800101001X';
const ID_BAD_CHECK = '110105194912310021';

function application(
  kiosk: TestKiosk,
  options: { serviceId?: string; idNumber?: string; facts?: string; attachments?: unknown[] } = {},
): Submission {
  return {
    id: uuidv7(),
    acceptanceNumber: acceptanceNumber(kiosk),
    serviceId: options.serviceId ?? 'legal-aid',
    createdAt: clock.toISOString(),
    payload: {
      kind: 'application',
      applicant: {
        name: '陈阿婆',
        idNumber: options.idNumber ?? ID_OK,
        sex: '女',
        birthDate: '1949-12-31',
        address: '徐闻县某村',
        phone: '13800000000',
      },
      fields: { facts: options.facts ?? '工资被拖欠三个月', amount: '9000', employer: '某建筑公司' },
      consents: [{ document: 'legal-aid-commitment-v1', agreed: true, at: clock.toISOString() }],
      attachments: (options.attachments ?? []) as never[],
    },
  };
}

function rating(kiosk: TestKiosk, rated: string | undefined, level: number, serviceId = 'legal-aid'): Submission {
  return {
    id: uuidv7(),
    acceptanceNumber: acceptanceNumber(kiosk),
    serviceId,
    createdAt: clock.toISOString(),
    payload: {
      kind: 'rating',
      rating: {
        level,
        comment: level >= 4 ? '等待时间长' : '',
        anonymous: false,
        ...(rated ? { acceptanceNumber: rated } : {}),
        indicators: { efficiency: 2, attitude: 1 },
      },
    },
  };
}

// ---- staff ----------------------------------------------------------------------------------------------------

async function staff(hub: Hub, method: string, route: string, body?: unknown, token = TOKEN): Promise<Answer> {
  const response = await fetch(`${hub.url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

const enrol = (hub: Hub, kiosk: TestKiosk, publicKey = kiosk.publicKey) =>
  staff(hub, 'POST', '/v1/kiosks', { kioskCode: kiosk.code, regionCode: kiosk.region, publicKey });

/** Publishes a signed full bundle of `catalogue` through the staff endpoints (files, then the manifest). */
async function publishCatalogue(hub: Hub, catalogue: Catalogue): Promise<void> {
  const { privateKey } = catalogueKey;
  const dir = tempDir();
  const manifest = buildBundle(dir, {
    catalogue,
    privateKey,
    keyId: 'gd-2026-1',
    regions: ['440000'],
    profiles: ['fabaobao'],
    now: clock,
    validDays: 30,
  });
  for (const file of manifest.files) {
    const response = await fetch(`${hub.url}/v1/catalogue/files/${file.sha256}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new Uint8Array(readFileSync(path.join(dir, 'files', file.sha256))),
    });
    expect([200, 201]).toContain(response.status);
  }
  const published = await staff(hub, 'POST', '/v1/catalogue/bundles', {
    manifest: readFileSync(path.join(dir, 'manifest.json'), 'utf8'),
    signature: readFileSync(path.join(dir, 'manifest.sig'), 'utf8'),
  });
  expect(published.status).toBe(201);
}

const catalogueKey = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    trusted: { keyId: 'gd-2026-1', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
})();

async function newHub(): Promise<{ hub: Hub; dataDir: string }> {
  const dataDir = tempDir();
  const hub = await startTestHub({
    dataDir,
    staffTokens: [TOKEN],
    trustedKeys: [catalogueKey.trusted],
    log: silentLogger(),
    now: () => clock,
  });
  return { hub, dataDir };
}

async function query<T>(dataDir: string, sql: string, ...params: string[]): Promise<T[]> {
  const db = await openTestHubDatabase(dataDir);
  try {
    return await db.query<T>(sql, params);
  } finally {
    await db.close();
  }
}

// ---- the hub most tests share: a published catalogue and three kiosks in two counties --------------------------

let hub: Hub;
let dataDir: string;
const xuwen = newKiosk('XW-001', '440825100201'); // 徐闻县
const xuwenOther = newKiosk('XW-002', '440825101202'); // another village of 徐闻县
const leizhou = newKiosk('LZ-001', '440882100201'); // 雷州市: same prefecture, another county

beforeAll(async () => {
  ({ hub, dataDir } = await newHub());
  for (const kiosk of [xuwen, xuwenOther, leizhou]) expect((await enrol(hub, kiosk)).status).toBe(201);
  // Version 1 has 'mediation'; version 2 withdrew it (see the unknown-service test).
  await publishCatalogue(hub, makeCatalogue(1));
  const v2 = makeCatalogue(2);
  await publishCatalogue(hub, { ...v2, items: v2.items.filter((item) => item.id !== 'mediation') });
});

afterAll(async () => {
  await hub.close();
});

describe('kiosk enrolment', () => {
  it('enrols a kiosk (201), re-keys a known code (200: only the new key signs), and refuses a revoked code', async () => {
    const kiosk = newKiosk('XW-REKEY', '440825100201');
    expect(await enrol(hub, kiosk)).toMatchObject({ status: 201, body: { kioskCode: 'XW-REKEY' } });
    const oldKey = kiosk.key;
    const replacement = newKiosk('XW-REKEY', '440825100201');
    expect((await enrol(hub, replacement)).status).toBe(200);
    const feed = '/v1/status-updates?after=';
    expect(refusal(await signed(hub, kiosk, 'GET', feed, undefined, { key: oldKey }), 401)).toBe(
      'HUB_SIGNATURE_INVALID',
    );
    expect((await signed(hub, replacement, 'GET', feed)).status).toBe(200);

    expect(await staff(hub, 'POST', '/v1/kiosks/XW-REKEY/revoke')).toMatchObject({ status: 200 });
    expect(refusal(await enrol(hub, newKiosk('XW-REKEY', '440825100201')), 409)).toBe('HUB_KIOSK_REVOKED');
    expect(refusal(await staff(hub, 'POST', '/v1/kiosks/NO-SUCH/revoke'), 404)).toBe('HUB_NOT_FOUND');
  });

  it('refuses a registration without a staff token, with a malformed body, or with a key that is not Ed25519', async () => {
    const kiosk = newKiosk('XW-BAD', '440825100201');
    expect(refusal(await staff(hub, 'POST', '/v1/kiosks', {}, 'wrong-token'), 401)).toBe('HUB_UNAUTHORIZED');
    expect(refusal(await staff(hub, 'POST', '/v1/kiosks', '{"kioskCode":'), 400)).toBe('HUB_BAD_REQUEST');
    const registration = { kioskCode: kiosk.code, regionCode: kiosk.region, publicKey: kiosk.publicKey };
    expect(refusal(await staff(hub, 'POST', '/v1/kiosks', { ...registration, regionCode: '4408' }), 400)).toBe(
      'HUB_BAD_REQUEST',
    );
    expect(refusal(await staff(hub, 'POST', '/v1/kiosks', { ...registration, kioskCode: 'xw 1' }), 400)).toBe(
      'HUB_BAD_REQUEST',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(refusal(await enrol(hub, kiosk, rsa.toString()), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await enrol(hub, kiosk, '-----BEGIN PUBLIC KEY-----\nnot a key\n'), 400)).toBe('HUB_BAD_REQUEST');
  });
});

describe('signed requests', () => {
  it('refuses an unknown kiosk (401) and a revoked one (403), before looking at anything else', async () => {
    const stranger = newKiosk('XX-999', '440825100201');
    expect(refusal(await sendBatch(hub, stranger, [application(stranger)]), 401)).toBe('HUB_KIOSK_UNKNOWN');
    const gone = newKiosk('XW-GONE', '440825100201');
    expect((await enrol(hub, gone)).status).toBe(201);
    expect((await sendBatch(hub, gone, [application(gone)])).status).toBe(200);
    expect((await staff(hub, 'POST', '/v1/kiosks/XW-GONE/revoke')).status).toBe(200);
    expect(refusal(await sendBatch(hub, gone, [application(gone)]), 403)).toBe('HUB_KIOSK_REVOKED');
    expect(refusal(await signed(hub, gone, 'GET', '/v1/status-updates?after='), 403)).toBe('HUB_KIOSK_REVOKED');
  });

  it('refuses a body changed after signing, a path changed after signing, and another key', async () => {
    const original = json({ kioskCode: xuwen.code, submissions: [application(xuwen)] });
    const tampered = json({ kioskCode: xuwen.code, submissions: [application(xuwen, { facts: '改过' })] });
    expect(
      refusal(await signed(hub, xuwen, 'POST', '/v1/submissions/batch', tampered, { signedBody: original }), 401),
    ).toBe('HUB_SIGNATURE_INVALID');
    expect(refusal(await sendBatch(hub, xuwen, [application(xuwen)], { key: leizhou.key }), 401)).toBe(
      'HUB_SIGNATURE_INVALID',
    );
    expect(
      refusal(await sendBatch(hub, xuwen, [application(xuwen)], { headers: { [KIOSK_HEADERS.signature]: '' } }), 401),
    ).toBe('HUB_SIGNATURE_INVALID');
    // Signed for ?after=, sent for ?after=5.
    const timestamp = clock.toISOString();
    const nonce = randomUUID();
    const signature = sign(
      null,
      Buffer.from(signingString('GET', '/v1/status-updates?after=', timestamp, nonce, Buffer.alloc(0))),
      xuwen.key,
    ).toString('base64');
    const moved = await fetch(`${hub.url}/v1/status-updates?after=5`, {
      headers: {
        [KIOSK_HEADERS.kiosk]: xuwen.code,
        [KIOSK_HEADERS.timestamp]: timestamp,
        [KIOSK_HEADERS.nonce]: nonce,
        [KIOSK_HEADERS.signature]: signature,
      },
    });
    expect(moved.status).toBe(401);
  });

  it('refuses a clock too far off either way with 401 HUB_CLOCK_SKEW and the hub time; just inside is fine', async () => {
    for (const offset of [-(MAX_CLOCK_SKEW_MS + 1_000), MAX_CLOCK_SKEW_MS + 1_000]) {
      const late = await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, {
        timestamp: new Date(clock.getTime() + offset).toISOString(),
      });
      expect(refusal(late, 401)).toBe('HUB_CLOCK_SKEW');
      expect(hubErrorBodySchema.parse(late.body).error.serverTime).toBe(clock.toISOString());
    }
    const inside = await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, {
      timestamp: new Date(clock.getTime() - MAX_CLOCK_SKEW_MS + 1_000).toISOString(),
    });
    expect(inside.status).toBe(200);
    const garbled = await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, { timestamp: 'yesterday' });
    expect(refusal(garbled, 400)).toBe('HUB_BAD_REQUEST');
  });

  it('refuses a replayed nonce with 409 HUB_REPLAY, and a forgery cannot use up a nonce', async () => {
    const nonce = randomUUID();
    const forged = await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, {
      nonce,
      key: leizhou.key,
    });
    expect(refusal(forged, 401)).toBe('HUB_SIGNATURE_INVALID');
    expect((await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, { nonce })).status).toBe(200);
    const replay = await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, { nonce });
    expect(refusal(replay, 409)).toBe('HUB_REPLAY');
    // Nonces are per kiosk: another kiosk may happen to pick the same one.
    expect((await signed(hub, leizhou, 'GET', '/v1/status-updates?after=', undefined, { nonce })).status).toBe(200);
    expect(refusal(await signed(hub, xuwen, 'GET', '/v1/status-updates?after=', undefined, { nonce: 'x' }), 400)).toBe(
      'HUB_BAD_REQUEST',
    );
  });

  it('refuses a body over the batch limit with 413, and garbage or a malformed envelope with 400', async () => {
    const huge = Buffer.alloc(MAX_BATCH_BYTES + 1, 0x20);
    expect(refusal(await signed(hub, xuwen, 'POST', '/v1/submissions/batch', huge), 413)).toBe('HUB_TOO_LARGE');
    expect(refusal(await signed(hub, xuwen, 'POST', '/v1/submissions/batch', Buffer.from('{"kioskCode":')), 400)).toBe(
      'HUB_BAD_REQUEST',
    );
    for (const envelope of [
      { kioskCode: xuwen.code },
      { kioskCode: xuwen.code, submissions: [] },
      { kioskCode: xuwen.code, submissions: {} },
      { kioskCode: xuwen.code, submissions: Array.from({ length: 101 }, () => application(xuwen)) },
      { kioskCode: xuwen.code, submissions: [application(xuwen)], extra: true },
      // A batch naming another kiosk than the one that signed it.
      { kioskCode: leizhou.code, submissions: [application(xuwen)] },
    ]) {
      expect(refusal(await signed(hub, xuwen, 'POST', '/v1/submissions/batch', json(envelope)), 400)).toBe(
        'HUB_BAD_REQUEST',
      );
    }
    expect(await query(dataDir, 'SELECT id FROM submissions WHERE kiosk_code = ?', 'LZ-001')).toEqual([]);
  });
});

describe('batch intake', () => {
  it('stores each id once: a repeat answers the first case ids as duplicates, other content is a recorded conflict', async () => {
    const one = application(xuwen);
    const two = application(xuwen, { serviceId: 'wage-aid' });
    const first = await results(hub, xuwen, [one, two]);
    expect(first).toEqual([
      { id: one.id, outcome: 'accepted', caseId: expect.stringMatching(/^GD20261122\d{6}$/), duplicate: false },
      { id: two.id, outcome: 'accepted', caseId: expect.stringMatching(/^GD20261122\d{6}$/), duplicate: false },
    ]);
    const caseIds = first.map((result) => (result.outcome === 'accepted' ? result.caseId : ''));
    expect(new Set(caseIds).size).toBe(2);

    // The same batch again, with keys in another order (the content hash is over canonical JSON).
    const reordered = reverseKeys(one);
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(one));
    expect(await results(hub, xuwen, [reordered, two])).toEqual([
      { id: one.id, outcome: 'accepted', caseId: caseIds[0], duplicate: true },
      { id: two.id, outcome: 'accepted', caseId: caseIds[1], duplicate: true },
    ]);

    const changed = application(xuwen, { facts: '改过的内容' });
    changed.id = one.id;
    changed.acceptanceNumber = one.acceptanceNumber;
    expect(await results(hub, xuwen, [changed])).toEqual([
      {
        id: one.id,
        outcome: 'rejected',
        code: 'SUBMISSION_CONFLICT',
        message: expect.any(String),
        retryable: false,
      },
    ]);
    // The same content from another kiosk is not that kiosk's submission either.
    expect((await results(hub, leizhou, [one]))[0]).toMatchObject({ code: 'SUBMISSION_CONFLICT' });

    expect(await query(dataDir, 'SELECT case_id, status FROM submissions WHERE id = ?', one.id)).toEqual([
      { case_id: caseIds[0], status: 'submitted' },
    ]);
    expect(
      await query(
        dataDir,
        'SELECT kiosk_code FROM submission_conflicts WHERE submission_id = ? ORDER BY rowid',
        one.id,
      ),
    ).toEqual([{ kiosk_code: 'XW-001' }, { kiosk_code: 'LZ-001' }]);
    // The stored submission is the one first sent.
    const [stored] = await query<{ submission: string }>(
      dataDir,
      'SELECT submission FROM submissions WHERE id = ?',
      one.id,
    );
    expect(JSON.parse(stored!.submission)).toEqual(one);
  });

  it('judges each submission on its own and answers in the batch order; only the valid ones are stored', async () => {
    const good = application(xuwen);
    const badCheckDigit = application(xuwen, { idNumber: ID_BAD_CHECK });
    const alsoGood = application(xuwen, { idNumber: ID_OK_2.toLowerCase() });
    const unknownService = application(xuwen, { serviceId: 'no-such-service' });
    const noName = application(xuwen);
    if (noName.payload.kind === 'application') noName.payload.applicant.name = '   ';
    const fifteenDigits = application(xuwen, { idNumber: '440825450101123' });
    const answer = await results(hub, xuwen, [
      good,
      badCheckDigit,
      alsoGood,
      unknownService,
      { id: 'not-a-uuid', garbage: true },
      noName,
      fifteenDigits,
    ]);
    expect(answer.map((result) => (result.outcome === 'accepted' ? 'accepted' : result.code))).toEqual([
      'accepted',
      'SUBMISSION_INVALID',
      'accepted',
      'SUBMISSION_UNKNOWN_SERVICE',
      'SUBMISSION_INVALID',
      'SUBMISSION_INVALID',
      'accepted',
    ]);
    expect(answer.map((result) => result.id).filter((_, i) => i !== 4)).toEqual(
      [good, badCheckDigit, alsoGood, unknownService, noName, fifteenDigits].map((submission) => submission.id),
    );
    for (const result of answer) if (result.outcome === 'rejected') expect(result.retryable).toBe(false);
    const ids = [good, badCheckDigit, alsoGood, unknownService, noName, fifteenDigits].map((entry) => entry.id);
    const stored = (
      await query<{ id: string }>(
        dataDir,
        `SELECT id FROM submissions WHERE id IN (${ids.map(() => '?').join(',')})`,
        ...ids,
      )
    ).map((row) => row.id);
    expect(stored.sort()).toEqual([good.id, alsoGood.id, fifteenDigits.id].sort());
  });

  it('checks services against every published catalogue version; ratings may also rate a consultation', async () => {
    // 'mediation' was withdrawn in v2, but kiosks still on v1 took applications for it: they are kept.
    const answer = await results(hub, xuwen, [
      application(xuwen, { serviceId: 'mediation' }),
      application(xuwen, { serviceId: 'pension' }),
      rating(xuwen, undefined, 1, 'consultation'),
      application(xuwen, { serviceId: 'consultation' }),
      rating(xuwen, undefined, 2, 'no-such-service'),
    ]);
    expect(answer.map((result) => (result.outcome === 'accepted' ? 'accepted' : result.code))).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'SUBMISSION_UNKNOWN_SERVICE',
      'SUBMISSION_UNKNOWN_SERVICE',
    ]);
  });

  it('takes any service id while no catalogue is published', async () => {
    const bare = await newHub();
    try {
      const kiosk = newKiosk('XW-NEW', '440825100201');
      expect((await enrol(bare.hub, kiosk)).status).toBe(201);
      const answer = await results(bare.hub, kiosk, [application(kiosk, { serviceId: 'anything-at-all' })]);
      expect(answer).toEqual([expect.objectContaining({ outcome: 'accepted', duplicate: false })]);
    } finally {
      await bare.hub.close();
    }
  });
});

describe('attachments', () => {
  it('refuses a submission whose attachment is not uploaded (retryable), and takes it once the upload is whole', async () => {
    const file = randomBytes(2 * MAX_CHUNK_BYTES + 1234);
    const sha = createHash('sha256').update(file).digest('hex');
    const ref = { kind: 'document-photo', contentType: 'image/jpeg', sha256: sha, size: file.length };
    const withPhoto = application(xuwen, { attachments: [ref] });
    expect(await results(hub, xuwen, [withPhoto])).toEqual([
      {
        id: withPhoto.id,
        outcome: 'rejected',
        code: 'SUBMISSION_ATTACHMENT_MISSING',
        message: expect.any(String),
        retryable: true,
      },
    ]);

    const state = async () => uploadStateSchema.parse((await signed(hub, xuwen, 'GET', `/v1/uploads/${sha}`)).body);
    const put = (offset: number, chunk: Buffer, size = file.length) =>
      signed(hub, xuwen, 'PUT', `/v1/uploads/${sha}?offset=${offset}`, chunk, {
        headers: { 'x-upload-size': String(size), 'content-type': 'application/octet-stream' },
      });
    expect(await state()).toEqual({ sha256: sha, received: 0, complete: false });
    expect(await put(0, file.subarray(0, MAX_CHUNK_BYTES))).toMatchObject({
      status: 200,
      body: { received: MAX_CHUNK_BYTES, complete: false },
    });

    // A chunk at the wrong offset (a retry of one the hub already has): 409, with where to go on from.
    const wrong = await put(0, file.subarray(0, MAX_CHUNK_BYTES));
    expect(refusal(wrong, 409)).toBe('HUB_BAD_REQUEST');
    const told = uploadStateSchema.parse((wrong.body as { upload: unknown }).upload);
    expect(told).toEqual({ sha256: sha, received: MAX_CHUNK_BYTES, complete: false });
    const ahead = told.received + 10;
    expect(refusal(await put(ahead, file.subarray(ahead, ahead + 100)), 409)).toBe('HUB_BAD_REQUEST');
    // A partial attachment still does not count.
    expect((await results(hub, xuwen, [withPhoto]))[0]).toMatchObject({ code: 'SUBMISSION_ATTACHMENT_MISSING' });

    // Resume from what the hub said it holds.
    let offset = told.received;
    while (offset < file.length) {
      const chunk = file.subarray(offset, offset + MAX_CHUNK_BYTES);
      const answer = await put(offset, chunk);
      expect(answer.status).toBe(200);
      offset += chunk.length;
    }
    expect(await state()).toEqual({ sha256: sha, received: file.length, complete: true });
    expect(readFileSync(path.join(dataDir, 'blobs', sha)).equals(file)).toBe(true);
    expect(existsSync(path.join(dataDir, 'uploads', `${sha}.part`))).toBe(false);
    // A chunk for a finished file is answered with the finished state.
    expect((await put(0, file.subarray(0, 10))).body).toMatchObject({ complete: true });

    expect(await results(hub, xuwen, [withPhoto])).toEqual([
      expect.objectContaining({ id: withPhoto.id, outcome: 'accepted', duplicate: false }),
    ]);
    // The size must match too.
    const wrongSize = application(xuwen, { attachments: [{ ...ref, size: file.length - 1 }] });
    expect((await results(hub, xuwen, [wrongSize]))[0]).toMatchObject({ code: 'SUBMISSION_ATTACHMENT_MISSING' });
  });

  it('drops an upload whose bytes do not match its hash (400 HUB_HASH_MISMATCH), so it starts again from 0', async () => {
    const claimed = createHash('sha256').update('the real photo').digest('hex');
    const other = randomBytes(MAX_CHUNK_BYTES + 100);
    const put = (offset: number, chunk: Buffer) =>
      signed(hub, xuwen, 'PUT', `/v1/uploads/${claimed}?offset=${offset}`, chunk, {
        headers: { 'x-upload-size': String(other.length) },
      });
    expect((await put(0, other.subarray(0, MAX_CHUNK_BYTES))).status).toBe(200);
    expect(refusal(await put(MAX_CHUNK_BYTES, other.subarray(MAX_CHUNK_BYTES)), 400)).toBe('HUB_HASH_MISMATCH');
    expect((await signed(hub, xuwen, 'GET', `/v1/uploads/${claimed}`)).body).toEqual({
      sha256: claimed,
      received: 0,
      complete: false,
    });
    expect(existsSync(path.join(dataDir, 'blobs', claimed))).toBe(false);
    expect(existsSync(path.join(dataDir, 'uploads', `${claimed}.part`))).toBe(false);
  });

  it('drops an upload left unfinished for 14 days, and only that one', async () => {
    const put = (sha: string, chunk: Buffer, size: number) =>
      signed(hub, xuwen, 'PUT', `/v1/uploads/${sha}?offset=0`, chunk, { headers: { 'x-upload-size': String(size) } });
    const photo = randomBytes(1000);
    const abandoned = createHash('sha256').update(photo).digest('hex');
    const recent = createHash('sha256').update('a newer photo').digest('hex');
    expect((await put(abandoned, photo.subarray(0, 400), photo.length)).status).toBe(200);
    expect((await put(recent, Buffer.from('a newer'), 13)).status).toBe(200);
    const part = (sha: string) => path.join(dataDir, 'uploads', `${sha}.part`);
    const fifteenDaysAgo = new Date(Date.now() - 15 * 86_400_000);
    utimesSync(part(abandoned), fifteenDaysAgo, fifteenDaysAgo);
    expect(await hub.dropStaleUploads(new Date())).toBe(1);
    expect(existsSync(part(abandoned))).toBe(false);
    expect(existsSync(part(recent))).toBe(true);
    // The kiosk that still holds the photo is told to start again from 0, and can finish it.
    expect((await signed(hub, xuwen, 'GET', `/v1/uploads/${abandoned}`)).body).toMatchObject({ received: 0 });
    expect((await put(abandoned, photo, photo.length)).body).toMatchObject({ complete: true });
  });

  it('refuses chunks over the chunk limit, files over 20 MB, and a chunk without its size or past it', async () => {
    const sha = 'a'.repeat(64);
    const put = (chunk: Buffer, headers: Record<string, string>, offset = '0') =>
      signed(hub, xuwen, 'PUT', `/v1/uploads/${sha}?offset=${offset}`, chunk, { headers });
    expect(refusal(await put(Buffer.alloc(MAX_CHUNK_BYTES + 1), { 'x-upload-size': '1000000' }), 413)).toBe(
      'HUB_TOO_LARGE',
    );
    expect(refusal(await put(Buffer.alloc(10), { 'x-upload-size': '20000001' }), 413)).toBe('HUB_TOO_LARGE');
    expect(refusal(await put(Buffer.alloc(10), {}), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await put(Buffer.alloc(10), { 'x-upload-size': '5' }), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await put(Buffer.alloc(10), { 'x-upload-size': '100' }, '-1'), 400)).toBe('HUB_BAD_REQUEST');
    // Unsigned: refused before anything is written.
    const unsigned = await fetch(`${hub.url}/v1/uploads/${sha}?offset=0`, {
      method: 'PUT',
      headers: { 'x-upload-size': '10' },
      body: new Uint8Array(10),
    });
    expect(unsigned.status).toBe(401);
    expect(existsSync(path.join(dataDir, 'uploads', `${sha}.part`))).toBe(false);
  });
});

describe('status back to kiosks', () => {
  it('feeds a kiosk the status of its own submissions after its cursor, starting with submitted', async () => {
    const before = statusFeedSchema.parse((await signed(hub, xuwenOther, 'GET', '/v1/status-updates?after=')).body);
    const submission = application(xuwenOther);
    const [result] = await results(hub, xuwenOther, [submission]);
    if (result?.outcome !== 'accepted') throw new Error('expected the submission to be accepted');
    const { caseId } = result;

    const fresh = statusFeedSchema.parse(
      (await signed(hub, xuwenOther, 'GET', `/v1/status-updates?after=${before.cursor}`)).body,
    );
    expect(fresh.updates).toEqual([
      { submissionId: submission.id, caseId, status: 'submitted', reason: null, missing: [], at: clock.toISOString() },
    ]);
    expect(Number(fresh.cursor)).toBeGreaterThan(Number(before.cursor || '0'));

    // The refinements: 不予受理 needs a reason, 需补充材料 the list; 'submitted' is not a staff status.
    const setStatus = (body: unknown) => staff(hub, 'POST', `/v1/cases/${caseId}/status`, body);
    expect(refusal(await setStatus({ status: 'rejected' }), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await setStatus({ status: 'rejected', reason: '   ' }), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await setStatus({ status: 'needs-materials', missing: [] }), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await setStatus({ status: 'submitted' }), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await setStatus({ status: 'accepted', extra: 1 }), 400)).toBe('HUB_BAD_REQUEST');
    expect(refusal(await staff(hub, 'POST', '/v1/cases/GD20990101000001/status', { status: 'accepted' }), 404)).toBe(
      'HUB_NOT_FOUND',
    );
    expect(refusal(await staff(hub, 'POST', `/v1/cases/${caseId}/status`, { status: 'accepted' }, 'bad'), 401)).toBe(
      'HUB_UNAUTHORIZED',
    );

    expect((await setStatus({ status: 'needs-materials', missing: ['户口簿', '收入证明'] })).status).toBe(200);
    expect((await setStatus({ status: 'rejected', reason: '不属于法律援助范围' })).status).toBe(200);
    const changes = statusFeedSchema.parse(
      (await signed(hub, xuwenOther, 'GET', `/v1/status-updates?after=${fresh.cursor}`)).body,
    );
    expect(changes.updates.map(({ status, reason, missing }) => ({ status, reason, missing }))).toEqual([
      { status: 'needs-materials', reason: null, missing: ['户口簿', '收入证明'] },
      { status: 'rejected', reason: '不属于法律援助范围', missing: [] },
    ]);
    // Nothing after the last cursor; the cursor stays.
    const idle = statusFeedSchema.parse(
      (await signed(hub, xuwenOther, 'GET', `/v1/status-updates?after=${changes.cursor}`)).body,
    );
    expect(idle).toEqual({ updates: [], cursor: changes.cursor });
    // Another kiosk never sees them.
    const others = statusFeedSchema.parse((await signed(hub, leizhou, 'GET', '/v1/status-updates?after=')).body);
    expect(others.updates.map((update) => update.submissionId)).not.toContain(submission.id);
    expect(refusal(await signed(hub, xuwenOther, 'GET', '/v1/status-updates?after=abc'), 400)).toBe('HUB_BAD_REQUEST');
  });

  it('lists cases for staff by status and region, without the payload', async () => {
    const here = application(xuwen);
    const there = application(leizhou);
    await results(hub, xuwen, [here]);
    const [thereResult] = await results(hub, leizhou, [there]);
    if (thereResult?.outcome !== 'accepted') throw new Error('expected the submission to be accepted');
    expect((await staff(hub, 'POST', `/v1/cases/${thereResult.caseId}/status`, { status: 'completed' })).status).toBe(
      200,
    );

    const completedInLeizhou = await staff(hub, 'GET', '/v1/cases?status=completed&region=440882');
    expect(completedInLeizhou.status).toBe(200);
    const rows = completedInLeizhou.body as Record<string, unknown>[];
    expect(rows.map((row) => row.acceptanceNumber)).toEqual([there.acceptanceNumber]);
    expect(rows[0]).toMatchObject({
      id: there.id,
      caseId: thereResult.caseId,
      serviceId: 'legal-aid',
      status: 'completed',
      region: leizhou.region,
      receivedAt: clock.toISOString(),
    });
    expect(JSON.stringify(rows)).not.toContain('陈阿婆');
    expect(JSON.stringify(rows)).not.toContain(ID_OK);

    const limited = (await staff(hub, 'GET', '/v1/cases?region=440825&limit=2')).body as unknown[];
    expect(limited).toHaveLength(2);
    for (const bad of ['status=lost', 'region=44x', 'limit=0', 'limit=501', 'limit=-5']) {
      expect(refusal(await staff(hub, 'GET', `/v1/cases?${bad}`), 400)).toBe('HUB_BAD_REQUEST');
    }
  });
});

describe('citizen lookup', () => {
  it('finds a citizen’s applications from kiosks of the same county only, newest first', async () => {
    const idNumber = '440825194501011236';
    const early = application(xuwenOther, { idNumber });
    early.createdAt = new Date(clock.getTime() - 3_600_000).toISOString();
    const late = application(xuwen, { idNumber });
    const elsewhere = application(leizhou, { idNumber });
    const someoneElse = application(xuwen, { idNumber: ID_OK_2 });
    await results(hub, xuwenOther, [early]);
    await results(hub, xuwen, [late, someoneElse]);
    await results(hub, leizhou, [elsewhere]);

    const lookup = async (kiosk: TestKiosk, id: string) => {
      const answer = await signed(hub, kiosk, 'POST', '/v1/citizen-lookup', json({ idNumber: id }));
      expect(answer.status).toBe(200);
      return citizenSubmissionsSchema.parse(answer.body).submissions;
    };
    const inXuwen = await lookup(xuwen, idNumber);
    expect(inXuwen.map((entry) => entry.acceptanceNumber)).toEqual([late.acceptanceNumber, early.acceptanceNumber]);
    expect(inXuwen[0]).toEqual({
      acceptanceNumber: late.acceptanceNumber,
      serviceId: 'legal-aid',
      createdAt: late.createdAt,
      status: 'submitted',
      reason: null,
      missing: [],
    });
    expect((await lookup(leizhou, idNumber)).map((entry) => entry.acceptanceNumber)).toEqual([
      elsewhere.acceptanceNumber,
    ]);
    // Typed with a lower-case x it is the same number.
    expect((await lookup(xuwen, ID_OK_2.toLowerCase())).map((entry) => entry.acceptanceNumber)).toContain(
      someoneElse.acceptanceNumber,
    );
    expect(await lookup(xuwen, '440825200001010000')).toEqual([]);
    expect(refusal(await signed(hub, xuwen, 'POST', '/v1/citizen-lookup', json({ idNumber: '1' })), 400)).toBe(
      'HUB_BAD_REQUEST',
    );
    // The hub keeps a key for the lookup, not the ID number itself.
    expect(await query(dataDir, 'SELECT 1 FROM submissions WHERE applicant_key = ?', idNumber)).toEqual([]);
  });
});

describe('ratings', () => {
  it('stores a rating in both codings with its indicators, and gives 基本满意 after 7 days without one', async () => {
    const rated = application(xuwen);
    const unrated = application(xuwen);
    await results(hub, xuwen, [rated, unrated]);
    const review = rating(xuwen, rated.acceptanceNumber, 4);
    expect((await results(hub, xuwen, [review]))[0]).toMatchObject({ outcome: 'accepted' });
    expect(
      await query(
        dataDir,
        `SELECT level_gbt, level_provincial, comment, anonymous, channel, indicators FROM ratings
         WHERE submission_id = ?`,
        review.id,
      ),
    ).toEqual([
      {
        level_gbt: 4,
        level_provincial: 2,
        comment: '等待时间长',
        anonymous: 0,
        channel: '政务大厅其他终端',
        indicators: JSON.stringify({ efficiency: 2, attitude: 1 }),
      },
    ]);

    // Six days on: too early for anything.
    expect(await hub.defaultRatings(new Date(clock.getTime() + 6 * 86_400_000))).toBe(0);
    const eightDays = new Date(clock.getTime() + 8 * 86_400_000);
    expect(await hub.defaultRatings(eightDays)).toBeGreaterThan(0);
    expect(await hub.defaultRatings(eightDays)).toBe(0);
    const ratingsOf = (acceptance: string) =>
      query<{ level_gbt: number; level_provincial: number; channel: string }>(
        dataDir,
        'SELECT level_gbt, level_provincial, channel FROM ratings WHERE rated_acceptance_number = ?',
        acceptance,
      );
    expect(await ratingsOf(unrated.acceptanceNumber)).toEqual([
      { level_gbt: 3, level_provincial: 3, channel: 'default' },
    ]);
    expect(await ratingsOf(rated.acceptanceNumber)).toEqual([
      { level_gbt: 4, level_provincial: 2, channel: '政务大厅其他终端' },
    ]);
    // A rating is not itself rated.
    expect(
      await query(dataDir, 'SELECT 1 FROM ratings WHERE submission_id = ? AND channel = ?', review.id, 'default'),
    ).toEqual([]);
  });
});
