// Enrolment at a real hub on loopback with a real SQLite file: staff issue single-use tokens for an area, a kiosk
// spends one to register its device key and gets the trust keys and its first config. Each refusal has its own
// stable code and leaves the token as it was.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubErrorBodySchema } from '../../core/protocol/errors.ts';
import { enrolAnswerSchema, tokenIssuedSchema } from '../../core/protocol/enrolment.ts';
import type { Hub } from '../../hub/server.ts';
import { signingKey } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-enrolment-');
const STAFF = 'staff-token-for-enrolment-tests';
const TRUSTED = signingKey('central-2026').trusted;
let clock = new Date('2026-11-22T02:00:00.000Z');
let hub: Hub;
let dataDir: string;

function devicePublicKey(): string {
  return generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

async function post(pathname: string, body: unknown, staff = false) {
  const response = await fetch(new URL(pathname, hub.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(staff ? { Authorization: `Bearer ${STAFF}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function issueToken(region = '440825', validMinutes = 60, kioskCode?: string): Promise<string> {
  const answer = await post(
    '/v1/enrolment-tokens',
    { region, validMinutes, ...(kioskCode ? { kioskCode } : {}) },
    true,
  );
  expect(answer.status).toBe(201);
  return tokenIssuedSchema.parse(answer.body).token;
}

function enrolBody(token: string, kioskCode: string, publicKey = devicePublicKey(), regionCode = '440825100201') {
  return { token, kioskCode, regionCode, siteName: '示范村服务点', siteAddress: '徐闻县示范村1号', publicKey };
}

function errorCode(answer: { body: unknown }): string {
  return hubErrorBodySchema.parse(answer.body).error.code;
}

beforeAll(async () => {
  dataDir = tempDir();
  hub = await startTestHub({
    dataDir,
    staffTokens: [STAFF],
    trustedKeys: [TRUSTED],
    log: silentLogger(),
    kioskPollSeconds: 120,
    now: () => clock,
  });
});
afterAll(() => hub.close());

describe('enrolment tokens', () => {
  it('are issued to staff only, and only their hash is stored', async () => {
    expect((await post('/v1/enrolment-tokens', { region: '440825', validMinutes: 60 })).status).toBe(401);
    const token = await issueToken();
    const db = await openTestHubDatabase(dataDir);
    const rows = await db.query('SELECT * FROM enrolment_tokens');
    await db.close();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a bad request plainly', async () => {
    const answer = await post('/v1/enrolment-tokens', { region: '44', validMinutes: 60 }, true);
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('HUB_BAD_REQUEST');
  });
});

describe('POST /v1/enrol', () => {
  it('registers the key and answers with the trust keys and the first config', async () => {
    const token = await issueToken();
    const publicKey = devicePublicKey();
    const answer = await post('/v1/enrol', enrolBody(token, 'XW-ENROL-001', publicKey));
    expect(answer.status).toBe(200);
    const enrolled = enrolAnswerSchema.parse(answer.body);
    expect(enrolled.trustedKeys).toEqual([{ keyId: TRUSTED.keyId, publicKey: TRUSTED.publicKey }]);
    expect(enrolled.config).toEqual({ hubUrl: hub.url, pollSeconds: 120 });
    const db = await openTestHubDatabase(dataDir);
    const kiosk = await db.get('SELECT region, public_key, site_name FROM kiosks WHERE code = ?', ['XW-ENROL-001']);
    await db.close();
    expect(kiosk).toEqual({ region: '440825100201', public_key: publicKey, site_name: '示范村服务点' });
    // The same kiosk asking again with the same key (a lost answer) is answered again.
    expect((await post('/v1/enrol', enrolBody(token, 'XW-ENROL-001', publicKey))).status).toBe(200);
  });

  it('refuses a reused token', async () => {
    const token = await issueToken();
    expect((await post('/v1/enrol', enrolBody(token, 'XW-ENROL-002'))).status).toBe(200);
    const again = await post('/v1/enrol', enrolBody(token, 'XW-ENROL-003'));
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('ENROL_TOKEN_USED');
  });

  it('refuses an unknown token', async () => {
    const answer = await post('/v1/enrol', enrolBody('x'.repeat(43), 'XW-ENROL-004'));
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('ENROL_TOKEN_UNKNOWN');
  });

  it('refuses an expired token, and the token stays unused', async () => {
    const token = await issueToken('440825', 5);
    clock = new Date(clock.getTime() + 6 * 60_000);
    const answer = await post('/v1/enrol', enrolBody(token, 'XW-ENROL-005'));
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('ENROL_TOKEN_EXPIRED');
  });

  it('refuses a village outside the token’s region, and the token still works inside it', async () => {
    const token = await issueToken('440825');
    const outside = await post('/v1/enrol', enrolBody(token, 'XW-ENROL-006', devicePublicKey(), '440823100201'));
    expect(outside.status).toBe(403);
    expect(errorCode(outside)).toBe('ENROL_REGION_MISMATCH');
    expect((await post('/v1/enrol', enrolBody(token, 'XW-ENROL-006'))).status).toBe(200);
  });

  it('refuses a kiosk code enrolled with another key, unless the token was issued to re-key it', async () => {
    await post('/v1/enrol', enrolBody(await issueToken(), 'XW-ENROL-007'));
    const taken = await post('/v1/enrol', enrolBody(await issueToken(), 'XW-ENROL-007'));
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe('ENROL_KIOSK_TAKEN');
    const rekey = await issueToken('440825', 60, 'XW-ENROL-007');
    expect((await post('/v1/enrol', enrolBody(rekey, 'XW-ENROL-007'))).status).toBe(200);
  });

  it('refuses a key that is not Ed25519 and a body that is not JSON', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const answer = await post('/v1/enrol', enrolBody(await issueToken(), 'XW-ENROL-008', rsa));
    expect(errorCode(answer)).toBe('HUB_BAD_REQUEST');
    const garbage = await fetch(new URL('/v1/enrol', hub.url), { method: 'POST', body: '{nope' });
    expect(garbage.status).toBe(400);
  });
});
