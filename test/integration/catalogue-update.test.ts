// The kiosk's catalogue updater over real HTTP on loopback, against a static bundle server that can misbehave:
// every refusal leaves the installed catalogue as it was, a broken download resumes, a power cut in the middle
// of applying leaves the old catalogue intact, and a corrupt cache is rebuilt from the bundles kept on disk.
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKioskCore } from '../../core/bootstrap.ts';
import { loadConfig } from '../../core/config/config.ts';
import type { Catalogue } from '../../core/catalogue/schema.ts';
import { startBundleServer, type BundleServer } from '../helpers/bundle-server.ts';
import { catalogueKiosk, deltaBundle, fullBundle, signingKey, type TestKiosk } from '../helpers/catalogue-kiosk.ts';
import { FIXTURE_REGION, makeCatalogue, makeItem } from '../helpers/catalogue-fixture.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('catalogue-update-');
const staff = signingKey('gd-2026-1');
const FORM = Buffer.from('%PDF-1.4 法律援助申请表 '.repeat(200));

function version2(): Catalogue {
  const next = makeCatalogue(2);
  next.items.push(makeItem({ id: 'notary', categoryId: 'falv-yuanzhu', title: '公证预约', synonyms: ['公证'] }));
  return next;
}

let server: BundleServer;
let kiosk: TestKiosk;
let v1Dir: string;

beforeEach(async () => {
  server = await startBundleServer();
  v1Dir = fullBundle(tempDir(), makeCatalogue(1), { key: staff, attachments: { 'forms/aid.pdf': FORM } });
  server.serve('v1', v1Dir);
  server.pointTo('test', 1);
  kiosk = catalogueKiosk(tempDir(), server.url, [staff.trusted]);
});

afterEach(async () => {
  kiosk.close();
  await server.close();
});

const fileRequests = () => server.requests.filter((request) => request.path.includes('/files/'));

describe('catalogue updates from the hub', () => {
  it('installs the full bundle, asks again with its ETag, and takes a delta that downloads only what changed', async () => {
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 1, via: 'full' });
    expect(kiosk.store.installed()).toMatchObject({ version: 1, catalogueId: 'test' });
    expect(kiosk.store.files()).toEqual([expect.objectContaining({ path: 'forms/aid.pdf', size: FORM.length })]);
    expect(kiosk.installedEvents).toEqual([1]);
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'up-to-date', version: 1 });

    const v2Dir = fullBundle(tempDir(), version2(), { key: staff, attachments: { 'forms/aid.pdf': FORM } });
    server.serve('v2', v2Dir);
    server.serve(
      'v2-from-1',
      deltaBundle(tempDir(), v1Dir, version2(), { key: staff, attachments: { 'forms/aid.pdf': FORM } }),
    );
    server.pointTo('test', 2, { base: 1, bundleId: 'v2-from-1' });
    server.requests.length = 0;
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 2, via: 'delta' });
    // Only the delta's own JSON travelled: the unchanged form was already on the kiosk.
    expect(fileRequests()).toHaveLength(1);
    expect(fileRequests()[0]!.path).toContain('/bundles/v2-from-1/');
    expect(kiosk.store.search({ profile: 'fabaobao', regionCode: FIXTURE_REGION }, 'gzyy', 5)[0]?.service.id).toBe(
      'notary',
    );
    expect(kiosk.store.files().map((file) => file.path)).toEqual(['forms/aid.pdf']);
  });

  it('falls back to the full bundle when the delta is not based on the installed version', async () => {
    await kiosk.updater.checkNow();
    const v2Dir = fullBundle(tempDir(), version2(), { key: staff });
    const v3 = { ...version2(), version: 3 };
    server.serve('v3', fullBundle(tempDir(), v3, { key: staff }));
    // The hub offers a delta from 2, but claims it starts from 1 (as a stale index might): the signed base wins.
    server.serve('v3-from-2', deltaBundle(tempDir(), v2Dir, v3, { key: staff }));
    server.pointTo('test', 3, { base: 1, bundleId: 'v3-from-2' });
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 3, via: 'full' });
  });

  it('refuses tampered files, oversized files, untrusted or revoked keys, replays and bundles for elsewhere', async () => {
    await kiosk.updater.checkNow();
    const v2Dir = fullBundle(tempDir(), version2(), { key: staff });
    server.serve('v2', v2Dir);
    server.pointTo('test', 2);
    const failure = async () => {
      const result = await kiosk.updater.checkNow();
      expect(kiosk.store.version()).toBe(1); // nothing applied
      return result.outcome === 'failed' ? result.code : result.outcome;
    };

    server.tamper = (urlPath, body) =>
      urlPath.includes('/files/') ? Buffer.from(body.toString().replace('公证', '伪造')) : undefined;
    expect(await failure()).toBe('BUNDLE_HASH_MISMATCH');

    server.tamper = (urlPath, body) =>
      urlPath.includes('/files/') ? Buffer.concat([body, Buffer.alloc(5000, 32)]) : undefined;
    expect(await failure()).toBe('BUNDLE_SIZE_MISMATCH');

    server.tamper = (urlPath, body) =>
      urlPath.endsWith('manifest.json') ? Buffer.from(body.toString().replace('"440000"', '"110000"')) : undefined;
    expect(await failure()).toBe('BUNDLE_SIGNATURE_INVALID');
    server.tamper = null;

    const stranger = signingKey('someone-else');
    server.serve('v2', fullBundle(tempDir(), version2(), { key: stranger }));
    expect(await failure()).toBe('BUNDLE_KEY_UNKNOWN');

    server.serve('v2', fullBundle(tempDir(), version2(), { key: staff, regions: ['440882'] }));
    expect(await failure()).toBe('BUNDLE_NOT_FOR_THIS_KIOSK');

    server.serve('v2', fullBundle(tempDir(), version2(), { key: staff, now: new Date('2026-01-01'), validDays: 30 }));
    expect(await failure()).toBe('BUNDLE_EXPIRED');

    // A replay: the pointer promises version 2 but the signed manifest is the old version 1.
    server.serve('v2', v1Dir);
    expect(await failure()).toBe('BUNDLE_NOT_NEWER');

    server.serve('v2', v2Dir);
    const revoked = catalogueKiosk(tempDir(), server.url, [{ ...staff.trusted, revoked: true }]);
    const result = await revoked.updater.checkNow();
    revoked.close();
    expect(result).toMatchObject({ outcome: 'failed', code: 'BUNDLE_KEY_REVOKED' });

    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 2, via: 'full' });
  });

  it('reports a hub that is down or answers garbage, and keeps serving the installed catalogue', async () => {
    await kiosk.updater.checkNow();
    server.current = '<html>502 Bad Gateway</html>';
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'failed', code: 'HUB_BAD_RESPONSE' });
    server.current = { catalogueId: 'test', version: 'two' };
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'failed', code: 'HUB_BAD_RESPONSE' });
    server.current = null;
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'failed', code: 'CATALOGUE_NONE' });
    await server.close();
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'failed', code: 'HUB_UNREACHABLE' });
    expect(kiosk.store.version()).toBe(1);
    server = await startBundleServer(); // for afterEach
  });

  it('refuses a bundle bigger than the kiosk accepts before downloading it', async () => {
    const small = catalogueKiosk(tempDir(), server.url, [staff.trusted], { maxBundleBytes: 2_000 });
    expect(await small.updater.checkNow()).toMatchObject({ outcome: 'failed', code: 'BUNDLE_SIZE_MISMATCH' });
    expect(fileRequests()).toHaveLength(0);
    small.close();
  });

  it('resumes a download that broke off, asking only for the bytes still missing', async () => {
    let cuts = 0;
    server.tamper = (urlPath, body) => {
      if (!urlPath.endsWith('/files/' + urlPath.split('/').pop()) || body.length !== FORM.length || cuts > 0) return;
      cuts += 1;
      return { cutAfter: 1000 };
    };
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'failed', code: 'HUB_UNREACHABLE' });
    expect(kiosk.store.version()).toBeNull();
    expect(readdirSync(kiosk.bundles.downloadsDir)).toHaveLength(1);
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 1, via: 'full' });
    expect(
      fileRequests()
        .filter((request) => request.range !== undefined)
        .map((request) => request.range),
    ).toEqual(['bytes=1000-']);
  });

  it('keeps the previous version on disk and can go back to it until a newer one is published', async () => {
    await kiosk.updater.checkNow();
    server.serve('v2', fullBundle(tempDir(), version2(), { key: staff }));
    server.pointTo('test', 2);
    await kiosk.updater.checkNow();
    expect(kiosk.store.version()).toBe(2);
    expect(kiosk.updater.rollback()).toBe(1);
    expect(kiosk.store.installed()).toMatchObject({ version: 1 });
    expect(kiosk.store.files().map((file) => file.path)).toEqual(['forms/aid.pdf']);
    // The version rolled back from is not taken again; the next one is.
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'up-to-date', version: 1 });
    server.serve('v3', fullBundle(tempDir(), { ...version2(), version: 3 }, { key: staff }));
    server.pointTo('test', 3);
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 3, via: 'full' });
  });
});

describe('catalogue faults on the kiosk', () => {
  it('survives a power cut in the middle of applying: the old catalogue is intact and the update applies on retry', async () => {
    await kiosk.updater.checkNow();
    const dataDir = path.dirname(kiosk.db.name);
    kiosk.close();
    const big = makeCatalogue(2);
    for (let i = 0; i < 200; i++) {
      big.items.push(makeItem({ id: `extra-${i}`, categoryId: 'falv-yuanzhu', title: `法律咨询事项${i}` }));
    }
    server.serve('v2', fullBundle(tempDir(), big, { key: staff }));
    server.pointTo('test', 2);
    const trustedFile = path.join(tempDir(), 'trusted.json');
    writeFileSync(trustedFile, JSON.stringify([staff.trusted]));

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT_DIR, 'test/fixtures/apply-and-freeze.ts'),
        dataDir,
        server.url,
        trustedFile,
        FIXTURE_REGION,
        '100',
      ],
      { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const said = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', () => resolve(out));
    });
    expect(said).toContain('frozen mid-transaction');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    kiosk = catalogueKiosk(dataDir, server.url, [staff.trusted]);
    expect(kiosk.db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(kiosk.store.installed()).toMatchObject({ version: 1, items: makeCatalogue(1).items.length });
    expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: 2, via: 'full' });
    expect(kiosk.store.installed()?.items).toBe(big.items.length);
  });

  it('rebuilds a corrupt cache from the last verified bundles on disk, with no network', async () => {
    await kiosk.updater.checkNow();
    server.serve('v2', fullBundle(tempDir(), version2(), { key: staff, attachments: { 'forms/aid.pdf': FORM } }));
    server.serve(
      'v2-from-1',
      deltaBundle(tempDir(), v1Dir, version2(), { key: staff, attachments: { 'forms/aid.pdf': FORM } }),
    );
    server.pointTo('test', 2, { base: 1, bundleId: 'v2-from-1' });
    expect(await kiosk.updater.checkNow()).toMatchObject({ via: 'delta' });
    const dataDir = path.dirname(kiosk.db.name);
    kiosk.close();
    await server.close();
    server = await startBundleServer();
    // Scribble over the file, as a failing SD card would.
    const file = path.join(dataDir, 'catalogue.sqlite');
    const garbage = Buffer.alloc(8192, 0xa5);
    writeFileSync(file, garbage);
    appendFileSync(file, garbage);

    const base = loadConfig({
      rootDir: ROOT_DIR,
      overrides: { devices: { idcard: { mode: 'none' }, receiptPrinter: { mode: 'none' } } },
    });
    const core = createKioskCore({
      config: { ...base, catalogue: { ...base.catalogue, trustedKeys: [{ ...staff.trusted, revoked: false }] } },
      rootDir: ROOT_DIR,
      dataDir,
      shell: 'browser',
      log: silentLogger(),
    });
    try {
      const info = await core.service.getKioskInfo();
      expect(info.catalogueVersion).toBe(2);
      expect(info.catalogueDate).not.toBeNull();
      expect((await core.service.getService({ id: 'notary' })).title).toBe('公证预约');
      expect(readdirSync(dataDir).some((name) => name.startsWith('catalogue.sqlite.corrupt-'))).toBe(true);
    } finally {
      await core.close();
    }
    kiosk = catalogueKiosk(tempDir(), server.url, [staff.trusted]); // for afterEach
  });
});
