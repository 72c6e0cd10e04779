// The hub's catalogue publication service on loopback: staff upload files and publish real signed bundles,
// roll versions out region by region, and kiosks learn what is current and download the immutable files.
// Every refusal has its own code, and garbage (bad JSON, bad paths, traversal) never crashes the hub.
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildBundle,
  buildDeltaBundle,
  sha256Hex,
  verifyManifestSignature,
  type BundleManifest,
  type TrustedKey,
} from '../../core/catalogue/bundle.ts';
import type { Catalogue, KioskProfile } from '../../core/catalogue/schema.ts';
import {
  bundlePath,
  currentCatalogueSchema,
  hubErrorBodySchema,
  type BundleSummary,
  type HubErrorCode,
} from '../../core/protocol/catalogue.ts';
import type { Hub, HubOptions } from '../../hub/server.ts';
import { FIXTURE_REGION, makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { catalogueKiosk } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-catalogue-');
const TOKEN = 'staff-token-for-tests-0123456789';
const XUWEN_VILLAGE = '440825100201'; // 徐闻县
const LEIZHOU_VILLAGE = '440882100201'; // 雷州市, same prefecture, another county

function keyPair(keyId: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    trusted: { keyId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } as TrustedKey,
  };
}
const staffKey = keyPair('gd-2026-1');

// ---- hubs -------------------------------------------------------------------------------------------------

const running: Hub[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((hub) => hub.close()));
});

async function newHub(overrides: Partial<HubOptions> = {}): Promise<Hub & { dataDir: string }> {
  const dataDir = tempDir();
  const hub = await startTestHub({
    dataDir,
    staffTokens: [TOKEN],
    trustedKeys: [staffKey.trusted],
    log: silentLogger(),
    ...overrides,
  });
  running.push(hub);
  return { ...hub, dataDir };
}

// ---- bundles ----------------------------------------------------------------------------------------------

interface Built {
  dir: string;
  manifest: BundleManifest;
}

interface BuildOverrides {
  regions?: string[];
  profiles?: KioskProfile[];
  key?: ReturnType<typeof keyPair>;
  attachments?: Record<string, Buffer>;
  now?: Date;
  validDays?: number;
}

/** A catalogue whose content differs from version to version, so each version's files differ too. */
function catalogueAt(version: number): Catalogue {
  const catalogue = makeCatalogue(version);
  return {
    ...catalogue,
    items: catalogue.items.map((item) => (item.id === 'legal-aid' ? { ...item, popularity: 50 + version } : item)),
  };
}

function options(version: number, over: BuildOverrides) {
  return {
    catalogue: catalogueAt(version),
    attachments: over.attachments ?? { 'attachments/法律援助申请表.pdf': Buffer.from(`%PDF-1.4 form v${version}`) },
    privateKey: (over.key ?? staffKey).privateKey,
    keyId: (over.key ?? staffKey).trusted.keyId,
    regions: over.regions ?? ['440000'],
    profiles: over.profiles ?? (['fabaobao', 'yuezizhu'] as KioskProfile[]),
    now: over.now ?? new Date(),
    validDays: over.validDays ?? 30,
  };
}

function buildFull(version: number, over: BuildOverrides = {}): Built {
  const dir = tempDir();
  return { dir, manifest: buildBundle(dir, options(version, over)) };
}

function buildDelta(base: number, version: number, over: BuildOverrides = {}): Built {
  const dir = tempDir();
  const opts = options(version, over);
  const baseAttachments = options(base, {}).attachments;
  const { manifest } = buildDeltaBundle(
    dir,
    {
      catalogue: catalogueAt(base),
      attachments: Object.fromEntries(Object.entries(baseAttachments).map(([name, bytes]) => [name, sha256Hex(bytes)])),
    },
    opts,
  );
  return { dir, manifest };
}

const manifestText = (bundle: Built) => readFileSync(path.join(bundle.dir, 'manifest.json'), 'utf8');
const signatureText = (bundle: Built) => readFileSync(path.join(bundle.dir, 'manifest.sig'), 'utf8');
const fileBytes = (bundle: Built, sha256: string) => readFileSync(path.join(bundle.dir, 'files', sha256));

// ---- HTTP -------------------------------------------------------------------------------------------------

const staff = (token = TOKEN) => ({ Authorization: `Bearer ${token}` });

function upload(hub: Hub, sha256: string, bytes: Buffer, token = TOKEN): Promise<Response> {
  return fetch(`${hub.url}/v1/catalogue/files/${sha256}`, {
    method: 'PUT',
    headers: staff(token),
    body: new Uint8Array(bytes),
  });
}

async function uploadAll(hub: Hub, bundle: Built, skip: string[] = []): Promise<void> {
  for (const file of bundle.manifest.files) {
    if (skip.includes(file.path)) continue;
    const response = await upload(hub, file.sha256, fileBytes(bundle, file.sha256));
    expect([200, 201]).toContain(response.status);
  }
}

function postJson(hub: Hub, endpoint: string, body: unknown, token = TOKEN): Promise<Response> {
  return fetch(`${hub.url}${endpoint}`, {
    method: 'POST',
    headers: { ...staff(token), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const publishRequest = (bundle: Built) => ({ manifest: manifestText(bundle), signature: signatureText(bundle) });

async function publish(hub: Hub, bundle: Built): Promise<BundleSummary> {
  await uploadAll(hub, bundle);
  const response = await postJson(hub, '/v1/catalogue/bundles', publishRequest(bundle));
  expect(response.status).toBe(201);
  return (await response.json()) as BundleSummary;
}

async function rollout(hub: Hub, version: number, regions: string[], catalogueId = 'test'): Promise<BundleSummary> {
  const response = await postJson(hub, '/v1/catalogue/rollouts', { catalogueId, version, regions });
  expect(response.status).toBe(200);
  return (await response.json()) as BundleSummary;
}

function current(hub: Hub, query: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${hub.url}/v1/catalogue/current?${new URLSearchParams(query)}`, { headers });
}

async function currentFor(hub: Hub, region: string, profile = 'fabaobao', installed?: number) {
  const response = await current(hub, {
    region,
    profile,
    ...(installed === undefined ? {} : { installed: String(installed) }),
  });
  expect(response.status).toBe(200);
  return currentCatalogueSchema.parse(await response.json());
}

/** Checks an error answer: status, HubErrorBody shape and code; returns the message. */
async function expectError(response: Response, status: number, code: HubErrorCode): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = hubErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error.message;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the path exactly as written (fetch would normalise "..") and an optional chunked body. */
function rawRequest(
  hub: Hub,
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
  chunks: Buffer[] = [],
): Promise<RawResponse> {
  const { hostname, port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, method, path: rawPath, headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => parts.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString() }),
      );
    });
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

function errorCodeOf(raw: RawResponse): HubErrorCode {
  return hubErrorBodySchema.parse(JSON.parse(raw.body)).error.code;
}

// ---- tests ------------------------------------------------------------------------------------------------

describe('hub catalogue publication', () => {
  it('publishes a full bundle, rolls it out, and serves it to a kiosk exactly as signed', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);

    // Nothing is current before a rollout, even once published.
    await expectError(await current(hub, { region: XUWEN_VILLAGE, profile: 'fabaobao' }), 404, 'CATALOGUE_NONE');

    const catalogueFile = v1.manifest.files.find((file) => file.path === 'catalogue.json')!;
    const first = await upload(hub, catalogueFile.sha256, fileBytes(v1, catalogueFile.sha256));
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ sha256: catalogueFile.sha256, size: catalogueFile.size });
    // Uploading the same content again is harmless.
    expect((await upload(hub, catalogueFile.sha256, fileBytes(v1, catalogueFile.sha256))).status).toBe(200);

    const published = await publish(hub, v1);
    expect(published).toMatchObject({
      bundleId: 'v1',
      catalogueId: 'test',
      version: 1,
      base: null,
      keyId: 'gd-2026-1',
      regions: ['440000'],
      rolledOutTo: [],
      created: v1.manifest.created,
      expires: v1.manifest.expires,
    });
    await expectError(await current(hub, { region: XUWEN_VILLAGE, profile: 'fabaobao' }), 404, 'CATALOGUE_NONE');

    // A retried publication of the same bytes succeeds without publishing twice.
    const retry = await postJson(hub, '/v1/catalogue/bundles', publishRequest(v1));
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as BundleSummary).bundleId).toBe('v1');

    expect((await rollout(hub, 1, ['440000'])).rolledOutTo).toEqual(['440000']);
    const response = await current(hub, { region: XUWEN_VILLAGE, profile: 'yuezizhu' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toMatch(/^"[^"]+"$/);
    expect(await response.json()).toEqual({ catalogueId: 'test', version: 1, full: bundlePath('v1'), delta: null });

    // The kiosk's downloads: the manifest byte for byte (so the signature checks), the signature, every file.
    const manifestResponse = await fetch(`${hub.url}${bundlePath('v1')}/manifest.json`);
    expect(manifestResponse.status).toBe(200);
    expect(manifestResponse.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifestBytes = Buffer.from(await manifestResponse.arrayBuffer());
    expect(manifestBytes.equals(readFileSync(path.join(v1.dir, 'manifest.json')))).toBe(true);
    const signature = await (await fetch(`${hub.url}${bundlePath('v1')}/manifest.sig`)).text();
    expect(signature).toBe(signatureText(v1));
    expect(verifyManifestSignature(manifestBytes, signature, [staffKey.trusted]).version).toBe(1);
    for (const file of v1.manifest.files) {
      const download = await fetch(`${hub.url}${bundlePath('v1')}/files/${file.sha256}`);
      expect(download.status).toBe(200);
      expect(download.headers.get('etag')).toBe(`"${file.sha256}"`);
      expect(Buffer.from(await download.arrayBuffer()).equals(fileBytes(v1, file.sha256))).toBe(true);
    }

    const list = await fetch(`${hub.url}/v1/catalogue/bundles`, { headers: staff() });
    expect(list.status).toBe(200);
    const summaries = (await list.json()) as BundleSummary[];
    expect(summaries.map((summary) => [summary.bundleId, summary.rolledOutTo])).toEqual([['v1', ['440000']]]);
  });

  it('answers 304 to a kiosk that already has the current answer, and 200 once it changes', async () => {
    const hub = await newHub();
    await publish(hub, buildFull(1));
    await rollout(hub, 1, ['440000']);
    const query = { region: XUWEN_VILLAGE, profile: 'fabaobao' };
    const first = await current(hub, query);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();

    const again = await current(hub, query, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    // Another kiosk's ETag (or a stale one) gets the full answer.
    expect((await current(hub, query, { 'If-None-Match': '"something-else"' })).status).toBe(200);

    await publish(hub, buildFull(2));
    await rollout(hub, 2, ['440825']);
    const changed = await current(hub, query, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { version: number }).version).toBe(2);
  });

  it('rolls a version out in stages: first one county, then the whole province', async () => {
    const hub = await newHub();
    await publish(hub, buildFull(1));
    await rollout(hub, 1, ['440000']);
    await publish(hub, buildFull(2));
    await rollout(hub, 2, ['440825']);

    expect((await currentFor(hub, XUWEN_VILLAGE)).version).toBe(2);
    expect((await currentFor(hub, LEIZHOU_VILLAGE)).version).toBe(1);

    expect((await rollout(hub, 2, ['440000'])).rolledOutTo).toEqual(['440825', '440000']);
    expect((await currentFor(hub, LEIZHOU_VILLAGE)).version).toBe(2);
    // Outside every rollout (Guangxi): nothing.
    await expectError(await current(hub, { region: '450100100201', profile: 'fabaobao' }), 404, 'CATALOGUE_NONE');
  });

  it('offers only bundles signed for the kiosk, its profile, and not expired', async () => {
    let clock = new Date();
    const hub = await newHub({ now: () => clock });
    await publish(hub, buildFull(1, { regions: ['440825'], profiles: ['fabaobao'], validDays: 10 }));
    // Rolled out wider than the bundle is signed for: kiosks elsewhere would refuse it, so they are not sent it.
    await rollout(hub, 1, ['440000']);
    expect((await currentFor(hub, XUWEN_VILLAGE)).version).toBe(1);
    await expectError(await current(hub, { region: LEIZHOU_VILLAGE, profile: 'fabaobao' }), 404, 'CATALOGUE_NONE');
    await expectError(await current(hub, { region: XUWEN_VILLAGE, profile: 'yuezizhu' }), 404, 'CATALOGUE_NONE');

    clock = new Date(clock.getTime() + 11 * 86_400_000);
    await expectError(await current(hub, { region: XUWEN_VILLAGE, profile: 'fabaobao' }), 404, 'CATALOGUE_NONE');
  });

  it('points a kiosk to a delta only when it has exactly the delta’s base installed', async () => {
    const hub = await newHub();
    for (const version of [1, 2, 3]) await publish(hub, buildFull(version));
    const delta = buildDelta(2, 3);
    expect(delta.manifest.base).toBe(2);
    const deltaSummary = await publish(hub, delta);
    expect(deltaSummary).toMatchObject({ bundleId: 'v3-from-2', version: 3, base: 2 });
    await rollout(hub, 3, ['440000']);

    expect(await currentFor(hub, XUWEN_VILLAGE, 'fabaobao', 2)).toEqual({
      catalogueId: 'test',
      version: 3,
      full: bundlePath('v3'),
      delta: { base: 2, path: bundlePath('v3-from-2') },
    });
    // No delta from 1, none needed on 3 (or on something newer), none for a kiosk with nothing installed.
    for (const installed of [1, 3, 4, undefined]) {
      const answer = await currentFor(hub, XUWEN_VILLAGE, 'fabaobao', installed);
      expect({ installed, answer }).toEqual({
        installed,
        answer: { catalogueId: 'test', version: 3, full: bundlePath('v3'), delta: null },
      });
    }

    // The delta's own files are served under its id.
    const deltaFile = delta.manifest.files.find((file) => file.path === 'catalogue-delta.json')!;
    const download = await fetch(`${hub.url}${bundlePath('v3-from-2')}/files/${deltaFile.sha256}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(fileBytes(delta, deltaFile.sha256))).toBe(true);

    const response = await fetch(`${hub.url}/v1/catalogue/bundles`, { headers: staff() });
    const list = (await response.json()) as BundleSummary[];
    expect(list.map((summary) => [summary.bundleId, summary.rolledOutTo])).toEqual([
      ['v3', ['440000']],
      ['v3-from-2', ['440000']],
      ['v2', []],
      ['v1', []],
    ]);
  });

  it('refuses a delta before its full bundle or its base is published', async () => {
    const hub = await newHub();
    await publish(hub, buildFull(1));
    const delta = buildDelta(1, 2);
    await uploadAll(hub, delta);
    const early = await postJson(hub, '/v1/catalogue/bundles', publishRequest(delta));
    expect(await expectError(early, 400, 'HUB_BUNDLE_INVALID')).toContain('v2');

    await publish(hub, buildFull(3));
    const orphan = buildDelta(2, 3);
    await uploadAll(hub, orphan);
    const noBase = await postJson(hub, '/v1/catalogue/bundles', publishRequest(orphan));
    expect(await expectError(noBase, 400, 'HUB_BUNDLE_INVALID')).toContain('v2');
  });

  it('lets only staff with a valid token upload, publish, roll out and list', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    const file = v1.manifest.files[0]!;
    await expectError(await upload(hub, file.sha256, fileBytes(v1, file.sha256), 'wrong'), 401, 'HUB_UNAUTHORIZED');
    const anonymous = await fetch(`${hub.url}/v1/catalogue/files/${file.sha256}`, {
      method: 'PUT',
      body: new Uint8Array(fileBytes(v1, file.sha256)),
    });
    await expectError(anonymous, 401, 'HUB_UNAUTHORIZED');
    const basic = await fetch(`${hub.url}/v1/catalogue/bundles`, { headers: { Authorization: `Basic ${TOKEN}` } });
    await expectError(basic, 401, 'HUB_UNAUTHORIZED');
    await expectError(await fetch(`${hub.url}/v1/catalogue/bundles`), 401, 'HUB_UNAUTHORIZED');
    await expectError(
      await postJson(hub, '/v1/catalogue/bundles', publishRequest(v1), 'wrong'),
      401,
      'HUB_UNAUTHORIZED',
    );
    await expectError(
      await postJson(
        hub,
        '/v1/catalogue/rollouts',
        { catalogueId: 'test', version: 1, regions: ['440000'] },
        `${TOKEN}x`,
      ),
      401,
      'HUB_UNAUTHORIZED',
    );

    // Nothing the refused requests sent was kept.
    await uploadAll(hub, v1, [file.path]);
    const message = await expectError(
      await postJson(hub, '/v1/catalogue/bundles', publishRequest(v1)),
      400,
      'HUB_BUNDLE_INVALID',
    );
    expect(message).toContain(file.path);
  });

  it('refuses an upload that does not hash to its name, or is not named by a sha256', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    const file = v1.manifest.files[0]!;
    const altered = Buffer.from(fileBytes(v1, file.sha256));
    altered[0] = altered[0]! ^ 1;
    await expectError(await upload(hub, file.sha256, altered), 400, 'HUB_HASH_MISMATCH');
    expect(readdirSync(path.join(hub.dataDir, 'blobs'))).toEqual(['.tmp']);
    expect(readdirSync(path.join(hub.dataDir, 'blobs', '.tmp'))).toEqual([]);

    await expectError(await upload(hub, 'abc', altered), 400, 'HUB_BAD_REQUEST');
    await expectError(await upload(hub, file.sha256.toUpperCase(), altered), 400, 'HUB_BAD_REQUEST');
    // The right bytes are accepted afterwards.
    expect((await upload(hub, file.sha256, fileBytes(v1, file.sha256))).status).toBe(201);
  });

  it('refuses an upload over the size limit, whether it says its length or streams', async () => {
    const hub = await newHub({ maxFileBytes: 10_000 });
    const big = buildFull(1, { attachments: { 'attachments/scan.pdf': Buffer.alloc(12_000, 7) } });
    const scan = big.manifest.files.find((file) => file.path === 'attachments/scan.pdf')!;
    const bytes = fileBytes(big, scan.sha256);

    await expectError(await upload(hub, scan.sha256, bytes), 413, 'HUB_TOO_LARGE');
    const streamed = await rawRequest(hub, 'PUT', `/v1/catalogue/files/${scan.sha256}`, staff(), [
      bytes.subarray(0, 4_000),
      bytes.subarray(4_000, 8_000),
      bytes.subarray(8_000),
    ]);
    expect(streamed.status).toBe(413);
    expect(errorCodeOf(streamed)).toBe('HUB_TOO_LARGE');
    expect(readdirSync(path.join(hub.dataDir, 'blobs')).filter((name) => name !== '.tmp')).toEqual([]);
    expect(readdirSync(path.join(hub.dataDir, 'blobs', '.tmp'))).toEqual([]);

    // Files under the limit still go in, and the bundle without its scan is incomplete.
    await uploadAll(hub, big, ['attachments/scan.pdf']);
    const message = await expectError(
      await postJson(hub, '/v1/catalogue/bundles', publishRequest(big)),
      400,
      'HUB_BUNDLE_INVALID',
    );
    expect(message).toContain('BUNDLE_FILE_MISSING');
    expect(message).toContain('attachments/scan.pdf');
  });

  it('refuses bundles signed by an untrusted key or edited after signing', async () => {
    const hub = await newHub();
    const stranger = buildFull(1, { key: keyPair('stranger') });
    await uploadAll(hub, stranger);
    const unknown = await postJson(hub, '/v1/catalogue/bundles', publishRequest(stranger));
    expect(await expectError(unknown, 400, 'HUB_BUNDLE_INVALID')).toContain('BUNDLE_KEY_UNKNOWN');

    // Same key id as a trusted key, different key.
    const impostor = buildFull(1, { key: { ...keyPair('x'), trusted: staffKey.trusted } });
    await uploadAll(hub, impostor);
    const forged = await postJson(hub, '/v1/catalogue/bundles', publishRequest(impostor));
    expect(await expectError(forged, 400, 'HUB_BUNDLE_INVALID')).toContain('BUNDLE_SIGNATURE_INVALID');

    const good = buildFull(1, { regions: ['440825'] });
    await uploadAll(hub, good);
    const widened = manifestText(good).replace('"440825"', '"440000"');
    expect(widened).not.toBe(manifestText(good));
    const tampered = await postJson(hub, '/v1/catalogue/bundles', {
      manifest: widened,
      signature: signatureText(good),
    });
    expect(await expectError(tampered, 400, 'HUB_BUNDLE_INVALID')).toContain('BUNDLE_SIGNATURE_INVALID');

    const list = (await (await fetch(`${hub.url}/v1/catalogue/bundles`, { headers: staff() })).json()) as unknown[];
    expect(list).toEqual([]);
    expect((await postJson(hub, '/v1/catalogue/bundles', publishRequest(good))).status).toBe(201);
  });

  it('refuses a version that is not newer than a published one, and other content under a taken id', async () => {
    const hub = await newHub();
    await publish(hub, buildFull(2));
    const older = buildFull(1);
    await uploadAll(hub, older);
    const message = await expectError(
      await postJson(hub, '/v1/catalogue/bundles', publishRequest(older)),
      409,
      'HUB_VERSION_NOT_NEWER',
    );
    expect(message).toContain('2');

    // Same version, rebuilt (another creation time): not the bundle that was published.
    const rebuilt = buildFull(2, { now: new Date(Date.now() - 60_000) });
    await uploadAll(hub, rebuilt);
    await expectError(
      await postJson(hub, '/v1/catalogue/bundles', publishRequest(rebuilt)),
      409,
      'HUB_VERSION_NOT_NEWER',
    );
    // Rolling out an unpublished version is refused too.
    const unpublished = await postJson(hub, '/v1/catalogue/rollouts', {
      catalogueId: 'test',
      version: 1,
      regions: ['440000'],
    });
    await expectError(unpublished, 404, 'HUB_NOT_FOUND');
  });

  it('refuses a bundle whose files are not all uploaded, naming the missing one', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    await uploadAll(hub, v1, ['attachments/法律援助申请表.pdf']);
    const message = await expectError(
      await postJson(hub, '/v1/catalogue/bundles', publishRequest(v1)),
      400,
      'HUB_BUNDLE_INVALID',
    );
    expect(message).toContain('attachments/法律援助申请表.pdf');
    expect(message).toContain('BUNDLE_FILE_MISSING');
  });

  it('serves byte ranges for resuming downloads, 416 past the end, HEAD, and 304 on a known ETag', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    await publish(hub, v1);
    const file = v1.manifest.files.find((entry) => entry.path === 'catalogue.json')!;
    const bytes = fileBytes(v1, file.sha256);
    const url = `${hub.url}${bundlePath('v1')}/files/${file.sha256}`;

    const tail = await fetch(url, { headers: { Range: 'bytes=100-' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes 100-${bytes.length - 1}/${bytes.length}`);
    expect(tail.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(100))).toBe(true);

    const middle = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    expect(middle.status).toBe(206);
    expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);

    const past = await fetch(url, { headers: { Range: `bytes=${bytes.length}-` } });
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    await expectError(past, 416, 'HUB_BAD_REQUEST');

    const manifestTail = await fetch(`${hub.url}${bundlePath('v1')}/manifest.json`, { headers: { Range: 'bytes=5-' } });
    expect(manifestTail.status).toBe(206);
    expect(await manifestTail.text()).toBe(manifestText(v1).slice(5));

    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect(head.headers.get('etag')).toBe(`"${file.sha256}"`);
    expect(await head.text()).toBe('');

    const cached = await fetch(url, { headers: { 'If-None-Match': `"${file.sha256}"` } });
    expect(cached.status).toBe(304);
  });

  it('serves a stored file only under a bundle that lists it', async () => {
    const hub = await newHub();
    await publish(hub, buildFull(1));
    const v2 = buildFull(2, { attachments: { 'attachments/new.pdf': Buffer.from('%PDF-1.4 only in v2') } });
    await publish(hub, v2);
    const onlyInV2 = v2.manifest.files.find((file) => file.path === 'attachments/new.pdf')!;
    expect((await fetch(`${hub.url}${bundlePath('v2')}/files/${onlyInV2.sha256}`)).status).toBe(200);
    await expectError(await fetch(`${hub.url}${bundlePath('v1')}/files/${onlyInV2.sha256}`), 404, 'HUB_NOT_FOUND');
    await expectError(await fetch(`${hub.url}${bundlePath('v9')}/manifest.json`), 404, 'HUB_NOT_FOUND');
  });

  it('answers garbage paths, traversal and unknown routes with an error body, and keeps running', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    await publish(hub, v1);
    const sha = v1.manifest.files[0]!.sha256;
    const notFound = [
      '/v1/catalogue/bundles/v1/files/../../../../etc/passwd',
      '/v1/catalogue/bundles/v1/files/..%2f..%2fhub.sqlite',
      '/v1/catalogue/bundles/..%2F..%2Fhub.sqlite/manifest.json',
      '/v1/catalogue/bundles/../v1/manifest.json',
      '/v1/catalogue/bundles/v1/files/%2e%2e',
      `/v1/catalogue/bundles/v1/files/${sha}/`,
      `/v1/catalogue/bundles/v1/files/${sha.toUpperCase()}`,
      '/v1/catalogue/bundles/v1/hub.sqlite',
      '/v1/catalogue/bundles/v1%00/manifest.json',
      '/v1/catalogue/current/../bundles',
      '/nope',
      '/',
    ];
    for (const rawPath of notFound) {
      const response = await rawRequest(hub, 'GET', rawPath);
      expect({ rawPath, status: response.status }).toEqual({ rawPath, status: 404 });
      expect(errorCodeOf(response)).toBe('HUB_NOT_FOUND');
      expect(response.body).not.toContain('root:');
    }
    const badName = await rawRequest(hub, 'PUT', '/v1/catalogue/files/..%2f..%2fhub.sqlite', staff(), [
      Buffer.from('x'),
    ]);
    expect(badName.status).toBe(400);
    expect(errorCodeOf(badName)).toBe('HUB_BAD_REQUEST');
    const wrongMethod = await rawRequest(hub, 'DELETE', `/v1/catalogue/bundles/v1/files/${sha}`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');

    // Still serving.
    expect((await fetch(`${hub.url}${bundlePath('v1')}/manifest.json`)).status).toBe(200);
  });

  it('refuses request bodies that are not JSON or not the protocol’s shape', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    await publish(hub, v1);
    const bodies: unknown[] = [
      'not json',
      '{"manifest": ',
      '',
      'null',
      { manifest: 1, signature: 'x' },
      { ...publishRequest(v1), extra: true },
      { manifest: manifestText(v1) },
    ];
    for (const body of bodies) {
      await expectError(await postJson(hub, '/v1/catalogue/bundles', body), 400, 'HUB_BAD_REQUEST');
    }
    const rollouts: unknown[] = [
      'garbage',
      { catalogueId: 'test', version: 1, regions: ['4408'] },
      { catalogueId: 'test', version: 1, regions: [] },
      { catalogueId: 'test', version: '1', regions: ['440000'] },
      { catalogueId: 'test', version: 1, regions: ['440000'], now: true },
    ];
    for (const body of rollouts) {
      await expectError(await postJson(hub, '/v1/catalogue/rollouts', body), 400, 'HUB_BAD_REQUEST');
    }
    // A valid rollout after all that still works.
    expect((await rollout(hub, 1, ['440825'])).rolledOutTo).toEqual(['440825']);
  });

  it('validates the region, profile and installed version a kiosk asks with', async () => {
    const hub = await newHub();
    await publish(hub, buildFull(1));
    await rollout(hub, 1, ['440000']);
    const invalid: Record<string, string>[] = [
      { profile: 'fabaobao' },
      { region: XUWEN_VILLAGE },
      { region: '440825', profile: 'fabaobao' },
      { region: '44082510020x', profile: 'fabaobao' },
      { region: `${XUWEN_VILLAGE}0`, profile: 'fabaobao' },
      { region: XUWEN_VILLAGE, profile: 'atm' },
      { region: XUWEN_VILLAGE, profile: 'fabaobao', installed: 'abc' },
      { region: XUWEN_VILLAGE, profile: 'fabaobao', installed: '-1' },
      { region: XUWEN_VILLAGE, profile: 'fabaobao', installed: '0' },
    ];
    for (const query of invalid) {
      const message = await expectError(await current(hub, query), 400, 'HUB_BAD_REQUEST');
      expect(message.length).toBeGreaterThan(0);
    }
    expect((await currentFor(hub, XUWEN_VILLAGE, 'fabaobao', 1)).version).toBe(1);
  });

  it('is what the kiosk’s own updater expects: it installs the full bundle, then the delta', async () => {
    const hub = await newHub();
    const v1 = buildFull(1);
    await publish(hub, v1);
    await rollout(hub, 1, ['440825']);
    const kiosk = catalogueKiosk(tempDir(), hub.url, [staffKey.trusted], { regionCode: FIXTURE_REGION });
    try {
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: 1, via: 'full' });
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'up-to-date', version: 1 });
      await publish(hub, buildFull(2));
      await publish(hub, buildDelta(1, 2));
      await rollout(hub, 2, ['440825']);
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: 2, via: 'delta' });
      expect(kiosk.store.version()).toBe(2);
    } finally {
      kiosk.close();
    }
  });

  it('answers a bug with 500 HUB_INTERNAL, logs the stack, and puts no stack in the answer', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'error' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const hub = await newHub({ log });
    // The upload area replaced by a plain file: writing a temp file there fails in a way no route expects.
    rmSync(path.join(hub.dataDir, 'blobs', '.tmp'), { recursive: true });
    writeFileSync(path.join(hub.dataDir, 'blobs', '.tmp'), 'not a folder');
    const v1 = buildFull(1);
    const file = v1.manifest.files[0]!;
    const response = await upload(hub, file.sha256, fileBytes(v1, file.sha256));
    const message = await expectError(response, 500, 'HUB_INTERNAL');
    expect(message).not.toMatch(/ENOTDIR|\.tmp|at /);
    expect(lines.join('')).toContain('ENOTDIR');
    expect(lines.join('')).toContain('"stack"');
  });
});
