// electron-builder packs the kiosk for real, against a stand-in for the Electron distribution (Electron itself
// cannot be downloaded here): a small executable carrying Electron's fuse wire, so the afterPack hook flips real
// fuse bytes. The packed app is then read back: what is inside app.asar, what is unpacked beside it, the fuses, the
// update config. Only the native-module rebuild is left out (it needs Electron's headers).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('electron-package-');
// electron-builder's own asar reader.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const asar = requireFromBuilder('@electron/asar') as { listPackage(file: string): string[] };

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse wire version 1, eight fuses, each as the stand-in starts: the opposite of what the hook must set. */
const STARTING_WIRE = '10111011';

let appDir: string;

beforeAll(() => {
  const run = (args: string[]) => execFileSync('npm', ['run', '-s', ...args], { cwd: ROOT_DIR, stdio: 'pipe' });
  run(['build:electron']);
  if (!existsSync(path.join(ROOT_DIR, 'dist', 'renderer', 'index.html'))) run(['build:renderer']);
  const electronDist = tempDir();
  const binary = path.join(electronDist, 'electron');
  writeFileSync(
    binary,
    Buffer.concat([Buffer.from(`#!/bin/sh\n#${SENTINEL}`), Buffer.from([1, 8]), Buffer.from(`${STARTING_WIRE}\n`)]),
  );
  chmodSync(binary, 0o755);
  writeFileSync(path.join(electronDist, 'chrome-sandbox'), '');
  writeFileSync(path.join(electronDist, 'LICENSE'), 'stand-in');
  mkdirSync(path.join(electronDist, 'resources'));
  const out = tempDir();
  execFileSync(
    path.join(ROOT_DIR, 'node_modules', '.bin', 'electron-builder'),
    [
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${out}`,
      '-c.npmRebuild=false',
    ],
    { cwd: ROOT_DIR, stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  appDir = path.join(out, 'linux-unpacked');
}, 300_000);

describe('the packed kiosk (electron-builder, Linux x64)', () => {
  it('has the bundles, renderer and config in app.asar, and no tests, sources or hub', () => {
    const files = asar.listPackage(path.join(appDir, 'resources', 'app.asar'));
    for (const needed of [
      '/package.json',
      '/dist/electron/main.mjs',
      '/dist/electron/preload.cjs',
      '/dist/renderer/index.html',
      '/kiosk-config/default.json',
      '/kiosk-config/shell.json',
      '/kiosk-config/catalogue/sample-catalogue.json',
      '/node_modules/electron-updater/package.json',
      '/node_modules/pino/package.json',
    ]) {
      expect(files, needed).toContain(needed);
    }
    const own = files.filter((file) => !file.startsWith('/node_modules/'));
    expect(own.filter((file) => /^\/(test|electron|core|hub|bench|renderer|scripts|drivers)\//.test(file))).toEqual([]);
    expect(own.filter((file) => file.endsWith('.ts') || file.endsWith('.map'))).toEqual([]);
    // Development tools stay out.
    expect(files).not.toContain('/node_modules/vitest');
    expect(files).not.toContain('/node_modules/electron-builder');
  });

  it('unpacks the native modules beside the asar', () => {
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(existsSync(path.join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, '@serialport', 'bindings-cpp', 'prebuilds', 'linux-x64'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'node-hid', 'prebuilds', 'HID-linux-x64'))).toBe(true);
  });

  it('flipped the fuses in the executable', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'village-kiosk'));
    const on = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number);
    expect(on(FuseV1Options.RunAsNode)).toBe('0');
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('0'); // not supported on Linux
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });

  it('writes the generic update provider for electron-updater', () => {
    const config = readFileSync(path.join(appDir, 'resources', 'app-update.yml'), 'utf8');
    expect(config).toContain('provider: generic');
  });
});
