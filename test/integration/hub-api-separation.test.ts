// Staff and kiosk APIs are kept apart on the hub: a staff token opens no kiosk route and a kiosk signature no
// staff route; a kiosk cannot act for another kiosk; and a signed request captured on the wire cannot be
// replayed, not even to another hub instance on the same database (the nonces live in the database), nor
// later (its timestamp goes stale). An instance that remembers a kiosk still sees a re-key or revocation made
// through another at once.
import { randomUUID, sign } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDeviceKeys, type DeviceKeys } from '../../core/outbox/device-keys.ts';
import { KIOSK_HEADERS, MAX_CLOCK_SKEW_MS, signingString } from '../../core/protocol/submissions.ts';
import { type Hub } from '../../hub/server.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-separation-');
const TOKEN = 'staff-token-for-separation';
const KIOSK = 'XW-DEMO-001';
const OTHER = 'XW-DEMO-002';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newHub(dataDir: string): Promise<Hub> {
  const hub = await startTestHub({ dataDir, staffTokens: [TOKEN], trustedKeys: [], log: silentLogger() });
  cleanups.push(() => hub.close());
  return hub;
}

async function enrol(hub: Hub, code: string, expected = 201): Promise<DeviceKeys> {
  const keys = loadDeviceKeys(path.join(tempDir(), 'keys'));
  const response = await fetch(new URL('/v1/kiosks', hub.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kioskCode: code, regionCode: '440825100201', publicKey: keys.publicKeyPem }),
  });
  expect(response.status).toBe(expected);
  return keys;
}

/** The headers of a kiosk-signed request, exactly as a kiosk sends them. */
function signedHeaders(
  code: string,
  keys: DeviceKeys,
  method: string,
  route: string,
  body = Buffer.alloc(0),
  at = new Date(),
): Record<string, string> {
  const timestamp = at.toISOString();
  const nonce = randomUUID();
  const signature = sign(null, Buffer.from(signingString(method, route, timestamp, nonce, body)), keys.signingKey);
  return {
    [KIOSK_HEADERS.kiosk]: code,
    [KIOSK_HEADERS.timestamp]: timestamp,
    [KIOSK_HEADERS.nonce]: nonce,
    [KIOSK_HEADERS.signature]: signature.toString('base64'),
  };
}

async function code(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

const FEED = '/v1/status-updates?after=';

describe('staff and kiosk APIs', () => {
  it('a staff token opens no kiosk route, and a kiosk signature no staff route', async () => {
    const hub = await newHub(tempDir());
    const keys = await enrol(hub, KIOSK);
    const asStaff = await fetch(new URL(FEED, hub.url), { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(asStaff.status).toBe(401);
    expect(await code(asStaff)).toBe('HUB_KIOSK_UNKNOWN');
    for (const route of ['/v1/fleet', '/v1/cases', '/v1/catalogue/bundles']) {
      const asKiosk = await fetch(new URL(route, hub.url), { headers: signedHeaders(KIOSK, keys, 'GET', route) });
      expect(asKiosk.status, route).toBe(401);
      expect(await code(asKiosk)).toBe('HUB_UNAUTHORIZED');
    }
  });

  it('a kiosk cannot upload logs in the name of another', async () => {
    const hub = await newHub(tempDir());
    const keys = await enrol(hub, KIOSK);
    await enrol(hub, OTHER);
    const route = `/v1/kiosks/${OTHER}/logs`;
    const body = Buffer.from([0x1f, 0x8b, 0, 0]);
    const response = await fetch(new URL(route, hub.url), {
      method: 'PUT',
      headers: signedHeaders(KIOSK, keys, 'PUT', route, body),
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(403);
  });

  it('refuses a captured request replayed to another hub instance on the same database', async () => {
    const dataDir = tempDir();
    const first = await newHub(dataDir);
    const second = await newHub(dataDir);
    const keys = await enrol(first, KIOSK);
    const headers = signedHeaders(KIOSK, keys, 'GET', FEED);
    expect((await fetch(new URL(FEED, first.url), { headers })).status).toBe(200);
    const replay = await fetch(new URL(FEED, second.url), { headers });
    expect(replay.status).toBe(409);
    expect(await code(replay)).toBe('HUB_REPLAY');
  });

  it('judges a kiosk re-keyed or revoked through one instance by its new standing at another at once', async () => {
    const dataDir = tempDir();
    const first = await newHub(dataDir);
    const second = await newHub(dataDir);
    const oldKeys = await enrol(first, KIOSK);
    const feed = (hub: Hub, keys: DeviceKeys) =>
      fetch(new URL(FEED, hub.url), { headers: signedHeaders(KIOSK, keys, 'GET', FEED) });
    // The second instance now remembers the kiosk with its first key.
    expect((await feed(second, oldKeys)).status).toBe(200);

    const newKeys = await enrol(first, KIOSK, 200);
    expect((await feed(second, newKeys)).status).toBe(200);
    const withOldKey = await feed(second, oldKeys);
    expect(withOldKey.status).toBe(401);
    expect(await code(withOldKey)).toBe('HUB_SIGNATURE_INVALID');

    const revoked = await fetch(new URL(`/v1/kiosks/${KIOSK}/revoke`, first.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(revoked.status).toBe(200);
    const afterRevocation = await feed(second, newKeys);
    expect(afterRevocation.status).toBe(403);
    expect(await code(afterRevocation)).toBe('HUB_KIOSK_REVOKED');
  });

  it('refuses a request signed longer ago than the clock window, though its nonce is new', async () => {
    const hub = await newHub(tempDir());
    const keys = await enrol(hub, KIOSK);
    const stale = new Date(Date.now() - MAX_CLOCK_SKEW_MS - 60_000);
    const response = await fetch(new URL(FEED, hub.url), {
      headers: signedHeaders(KIOSK, keys, 'GET', FEED, undefined, stale),
    });
    expect(response.status).toBe(401);
    expect(await code(response)).toBe('HUB_CLOCK_SKEW');
  });
});
