// App updates against a real static HTTP server on 127.0.0.1 laid out as the release server is
// (<channel>/<area>/latest-linux.yml, .sig, installer). electron-updater itself needs Electron, so a small stand-in
// does its part (read the metadata from the feed URL it is given, download the installer); everything of ours is
// real: the region-by-region lookup, the signature check, the installer hash, keeping it, waiting for a quiet moment.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppUpdater, type UpdaterEngine } from '../../electron/app-updater.ts';
import type { SessionActivity } from '../../electron/session-activity.ts';
import { findSignedRelease, updateFeedUrls } from '../../electron/update-feed.ts';
import { signUpdateMetadata, UpdateError } from '../../electron/update-metadata.ts';
import { releaseKey } from '../helpers/release-key.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('app-update-');
const VILLAGE = '440825100201';
const FILE = 'latest-linux.yml';
const key = releaseKey('release-2026');

let root: string;
let server: http.Server;
let baseUrl: string;
const requests: string[] = [];
/** Paths answered with this status instead of the file. */
const failWith = new Map<string, number>();

beforeAll(async () => {
  root = tempDir();
  server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    requests.push(urlPath);
    const status = failWith.get(urlPath);
    const file = path.join(root, urlPath);
    if (status) {
      res.writeHead(status).end();
    } else if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
    } else {
      res.writeHead(200).end(readFileSync(file));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kiosk`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Publishes a release for `area`: installer, metadata and (unless told otherwise) its signature. */
function publish(area: string, version: string, options: { sign?: 'yes' | 'no' | 'stranger'; channel?: string } = {}) {
  const dir = path.join(root, 'kiosk', options.channel ?? 'stable', area);
  mkdirSync(dir, { recursive: true });
  const installerName = `Village-Kiosk-${version}.AppImage`;
  const installer = Buffer.from(`AppImage of ${version} for ${area}`);
  writeFileSync(path.join(dir, installerName), installer);
  const sha512 = createHash('sha512').update(installer).digest('base64');
  const metadata = Buffer.from(
    yaml.dump({
      version,
      files: [{ url: installerName, sha512, size: installer.length }],
      path: installerName,
      sha512,
    }),
  );
  writeFileSync(path.join(dir, FILE), metadata);
  const signer = options.sign === 'stranger' ? releaseKey(key.keyId) : key;
  if (options.sign !== 'no') {
    writeFileSync(path.join(dir, `${FILE}.sig`), signUpdateMetadata(FILE, metadata, signer.privateKeyPem, key.keyId));
  }
  return { dir, installerName };
}

/** Does electron-updater's part: reads the metadata where it is pointed, downloads the installer. */
function engineStandIn(downloadDir: string) {
  let feed = '';
  const engine: UpdaterEngine & { installs: unknown[][]; feed: () => string } = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    installs: [],
    feed: () => feed,
    setFeedURL: ({ url }) => (feed = url),
    async checkForUpdates() {
      const response = await fetch(new URL(FILE, feed));
      return { updateInfo: yaml.load(await response.text()) as { version: string } };
    },
    async downloadUpdate() {
      const info = yaml.load(await (await fetch(new URL(FILE, feed))).text()) as { path: string };
      const file = path.join(downloadDir, info.path);
      writeFileSync(file, Buffer.from(await (await fetch(new URL(info.path, feed))).arrayBuffer()));
      return [file];
    },
    quitAndInstall: (...args) => void engine.installs.push(args),
  };
  return engine;
}

function sessionsStandIn(state: { open: boolean; lastActiveAt: number | null }): SessionActivity {
  return { noteCall: () => undefined, inSession: () => state.open, lastActiveAt: () => state.lastActiveAt };
}

function makeUpdater(options: {
  channel: string;
  now?: () => Date;
  sessions?: SessionActivity;
  installAt?: string | null;
  bad?: string[];
  preserveCurrent?: () => string | null;
}) {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'downloads'));
  const engine = engineStandIn(path.join(dir, 'downloads'));
  const keeper = { keep: vi.fn(), isBad: (version: string) => (options.bad ?? []).includes(version) };
  const updater = new AppUpdater({
    engine,
    currentVersion: '1.0.0',
    config: {
      feedUrl: baseUrl,
      channel: options.channel,
      checkMinutes: 240,
      installAt: options.installAt ?? null,
      trustedKeys: [{ ...key.trusted, revoked: false }],
    },
    trusted: [key.trusted],
    regionCode: VILLAGE,
    fileName: FILE,
    releasesDir: path.join(dir, 'releases'),
    keeper,
    sessions: options.sessions ?? sessionsStandIn({ open: false, lastActiveAt: null }),
    log: silentLogger(),
    ...(options.preserveCurrent ? { preserveCurrent: options.preserveCurrent } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { updater, engine, keeper, dir };
}

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpdateError);
    return (error as UpdateError).code;
  }
  throw new Error('expected a refusal');
}

describe('finding the release for a kiosk, region by region', () => {
  const find = (channel: string) =>
    findSignedRelease({ feedUrl: baseUrl, channel, regionCode: VILLAGE, fileName: FILE, trusted: [key.trusted] });

  it('asks from the village outwards and takes the most specific area that has a release', async () => {
    expect(updateFeedUrls(baseUrl, 'stable', VILLAGE).map((url) => url.slice(baseUrl.length))).toEqual([
      '/stable/440825100201/',
      '/stable/440825100000/',
      '/stable/440825/',
      '/stable/440800/',
      '/stable/440000/',
      '/stable/all/',
    ]);
    publish('all', '1.1.0', { channel: 'staged' });
    publish('440825', '1.2.0', { channel: 'staged' });
    requests.length = 0;
    const release = await find('staged');
    expect(release?.metadata.version).toBe('1.2.0');
    expect(release?.baseUrl).toBe(`${baseUrl}/staged/440825/`);
    expect(requests.filter((each) => each.endsWith('.yml'))).toEqual([
      '/kiosk/staged/440825100201/latest-linux.yml',
      '/kiosk/staged/440825100000/latest-linux.yml',
      '/kiosk/staged/440825/latest-linux.yml',
    ]);
    // A kiosk in another county gets the province-wide release.
    const elsewhere = await findSignedRelease({
      feedUrl: baseUrl,
      channel: 'staged',
      regionCode: '440103001001',
      fileName: FILE,
      trusted: [key.trusted],
    });
    expect(elsewhere?.metadata.version).toBe('1.1.0');
  });

  it('finds nothing when no area has a release', async () => {
    await expect(find('empty')).resolves.toBeNull();
  });

  it('refuses a release with no signature, a foreign signature or tampered metadata, without looking further out', async () => {
    publish('all', '1.1.0', { channel: 'unsigned' });
    publish('440825', '1.2.0', { channel: 'unsigned', sign: 'no' });
    expect(await refusalOf(find('unsigned'))).toBe('UPDATE_SIGNATURE_MISSING');

    publish('440825', '1.2.0', { channel: 'foreign', sign: 'stranger' });
    expect(await refusalOf(find('foreign'))).toBe('UPDATE_SIGNATURE_INVALID');

    const { dir } = publish('440825', '1.2.0', { channel: 'tampered' });
    const metadata = path.join(dir, FILE);
    writeFileSync(metadata, readFileSync(metadata, 'utf8').replace('1.2.0', '1.2.1'));
    expect(await refusalOf(find('tampered'))).toBe('UPDATE_SIGNATURE_INVALID');
  });

  it('reports a server that fails as unavailable', async () => {
    failWith.set('/kiosk/broken/440825100201/latest-linux.yml', 503);
    expect(await refusalOf(find('broken'))).toBe('UPDATE_SERVER_UNAVAILABLE');
    failWith.clear();
  });
});

describe('downloading and installing an update', () => {
  it('downloads a signed release, checks the installer against the signed hash and keeps it', async () => {
    publish('440825', '1.3.0', { channel: 'good' });
    const { updater, engine, keeper, dir } = makeUpdater({ channel: 'good' });
    expect(engine).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });
    const result = await updater.checkNow();
    const kept = path.join(dir, 'releases', '1.3.0', 'Village-Kiosk-1.3.0.AppImage');
    expect(result).toEqual({ outcome: 'ready', version: '1.3.0', installer: kept });
    expect(engine.feed()).toBe(`${baseUrl}/good/440825/`);
    expect(readFileSync(kept, 'utf8')).toBe('AppImage of 1.3.0 for 440825');
    expect(keeper.keep).toHaveBeenCalledWith('1.3.0', kept);
    expect(updater.lastCheck).toMatchObject({ outcome: 'ready' });
  });

  it('refuses an installer that is not the one the release signed', async () => {
    const { dir, installerName } = publish('440825', '1.3.0', { channel: 'swapped' });
    writeFileSync(path.join(dir, installerName), 'a different binary');
    const { updater, keeper } = makeUpdater({ channel: 'swapped' });
    await expect(updater.checkNow()).resolves.toMatchObject({ outcome: 'refused', code: 'UPDATE_HASH_MISMATCH' });
    expect(keeper.keep).not.toHaveBeenCalled();
    expect(updater.installIfQuiet()).toBe(false);
  });

  it('refuses when the server offers electron-updater another version than the signed one', async () => {
    publish('440825', '1.3.0', { channel: 'changing' });
    const { updater, engine } = makeUpdater({ channel: 'changing' });
    engine.checkForUpdates = async () => ({ updateInfo: { version: '6.6.6' } });
    await expect(updater.checkNow()).resolves.toMatchObject({ outcome: 'refused', code: 'UPDATE_CHANGED' });
  });

  it('leaves alone an older or equal version, one that failed to start here, and a release by an unknown key', async () => {
    publish('all', '1.0.0', { channel: 'same' });
    await expect(makeUpdater({ channel: 'same' }).updater.checkNow()).resolves.toEqual({
      outcome: 'up-to-date',
      version: '1.0.0',
    });
    publish('all', '1.4.0', { channel: 'bad' });
    await expect(makeUpdater({ channel: 'bad', bad: ['1.4.0'] }).updater.checkNow()).resolves.toMatchObject({
      outcome: 'refused',
      code: 'UPDATE_VERSION_BAD',
    });
    publish('all', '1.4.0', { channel: 'stranger', sign: 'stranger' });
    await expect(makeUpdater({ channel: 'stranger' }).updater.checkNow()).resolves.toMatchObject({
      outcome: 'refused',
      code: 'UPDATE_SIGNATURE_INVALID',
    });
  });

  it('installs only between sessions, after five quiet minutes, keeping the running version first', async () => {
    publish('all', '1.5.0', { channel: 'quiet' });
    let now = new Date('2026-12-07T06:00:00Z');
    const state = { open: true, lastActiveAt: now.getTime() as number | null };
    const preserveCurrent = vi.fn(() => '/kept/1.0.0/Village-Kiosk.AppImage');
    const { updater, engine, keeper } = makeUpdater({
      channel: 'quiet',
      now: () => now,
      sessions: sessionsStandIn(state),
      preserveCurrent,
    });
    await updater.checkNow();
    expect(updater.installIfQuiet()).toBe(false); // a villager is using the kiosk
    state.open = false;
    now = new Date(now.getTime() + 60_000);
    expect(updater.installIfQuiet()).toBe(false); // the session just ended: someone may be about to start
    now = new Date(now.getTime() + 4 * 60_000);
    expect(updater.installIfQuiet()).toBe(true);
    expect(engine.installs).toEqual([[true, true]]);
    expect(keeper.keep).toHaveBeenLastCalledWith('1.0.0', '/kept/1.0.0/Village-Kiosk.AppImage');
  });

  it('with a quiet hour set, waits for it', async () => {
    publish('all', '1.5.0', { channel: 'night' });
    // 02:00 UTC is 10:00 in Guangdong.
    let now = new Date('2026-12-07T02:00:00Z');
    const { updater, engine } = makeUpdater({
      channel: 'night',
      now: () => now,
      installAt: '03:00',
      sessions: sessionsStandIn({ open: false, lastActiveAt: null }),
    });
    await updater.checkNow();
    expect(updater.installIfQuiet()).toBe(false);
    now = new Date('2026-12-06T19:10:00Z'); // 03:10 in Guangdong
    expect(updater.installIfQuiet()).toBe(true);
    expect(engine.installs).toHaveLength(1);
  });
});
