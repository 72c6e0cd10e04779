// The packaging config (electron-builder.yml) is checked here, since no package can be built on a machine without
// Electron's downloads: electron-builder's own loader and schema validation accept it, every native module in the
// production dependencies is unpacked from the asar, the targets and architectures are the ones the kiosks run,
// the app gets what the main process reads and none of the tests or sources, and the hooks exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { PROMPTS_MANIFEST } from '../../core/voice/shipped-prompts.ts';
import { ELECTRON_MAIN_EXTERNALS } from '../../scripts/electron-externals.ts';
import { ROOT_DIR } from '../helpers/paths.ts';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: { isEnabled: boolean }): Promise<void>;
};

interface TargetEntry {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  /** electron-builder's loader turns the list into [{ filter: [...] }]. */
  files: (string | { filter: string[] })[];
  asarUnpack: string[];
  asar: boolean;
  npmRebuild: boolean;
  afterPack: string;
  linux: { target: TargetEntry[] };
  win: { target: TargetEntry[] };
  nsis: { perMachine: boolean; oneClick: boolean };
  publish: { provider: string; url: string }[];
  [key: string]: unknown;
}

const config = await getConfig(ROOT_DIR, path.join(ROOT_DIR, 'electron-builder.yml'), null);
const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};

/** electron-builder's rule: the last pattern that matches a file decides, a "!" pattern leaving it out. */
function packed(file: string): boolean {
  let included = false;
  const patterns = config.files.flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.filter));
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

const unpacked = (file: string) => config.asarUnpack.some((pattern) => minimatch(file, pattern, { dot: true }));

/** The production dependency closure, from package-lock.json: what electron-builder puts in the app. */
function productionPackages(): Map<string, string> {
  const lock = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
  };
  const found = new Map<string, string>();
  const visit = (name: string, from: string) => {
    // Node's resolution: the nearest node_modules up from the requiring package.
    let dir = from;
    for (;;) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[key]) {
        if (found.has(key)) return;
        found.set(key, name);
        const entry = lock.packages[key];
        for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(dep, key);
        return;
      }
      if (!dir) return;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up === -1 ? '' : dir.slice(0, up);
    }
  };
  for (const name of Object.keys(pkg.dependencies)) visit(name, '');
  return found;
}

function hasNativeCode(dir: string): boolean {
  if (existsSync(path.join(dir, 'binding.gyp'))) return true;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules') stack.push(path.join(current, entry.name));
      else if (entry.name.endsWith('.node')) return true;
    }
  }
  return false;
}

describe('electron-builder config', () => {
  it("passes electron-builder's own validation (its JSON schema)", async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    // The check is real: a misspelt option is refused.
    await expect(validateConfiguration({ ...config, asarUnpak: ['x'] }, { isEnabled: false })).rejects.toThrow(
      /asarUnpak/,
    );
    // Compiling electron-builder's large schema takes seconds on a busy machine (a limit, not a measurement).
  }, 60_000);

  it('unpacks every native module the app depends on from the asar, and rebuilds them for Electron', () => {
    const native = [...productionPackages()].filter(([key]) => hasNativeCode(path.join(ROOT_DIR, key)));
    const names = native.map(([, name]) => name);
    expect(names).toEqual(expect.arrayContaining(['better-sqlite3', '@serialport/bindings-cpp', 'node-hid']));
    for (const [key] of native) {
      expect(unpacked(`${key}/build/Release/addon.node`), key).toBe(true);
      expect(unpacked(`${key}/package.json`), `${key} (whole folder, for bindings that look beside the .node)`).toBe(
        true,
      );
    }
    expect(unpacked('node_modules/pino/pino.js')).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
  });

  it('builds AppImage and deb for x64 and arm64, and NSIS for Windows x64, installed for the kiosk user', () => {
    const arches = (targets: TargetEntry[], name: string) => targets.find((each) => each.target === name)?.arch;
    expect(arches(config.linux.target, 'AppImage')).toEqual(['x64', 'arm64']);
    expect(arches(config.linux.target, 'deb')).toEqual(['x64', 'arm64']);
    expect(arches(config.win.target, 'nsis')).toEqual(['x64']);
    // Silent updates need no elevation: per-user install.
    expect(config.nsis).toMatchObject({ perMachine: false, oneClick: true });
  });

  it('packs what the main process reads and none of the tests, sources or hub', () => {
    const needed = [
      'package.json',
      pkg.main,
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-abc123.js',
      `dist/voice-prompts/${PROMPTS_MANIFEST}`,
      'kiosk-config/default.json',
      'kiosk-config/shell.json',
      'kiosk-config/catalogue/sample-catalogue.json',
      ...readdirSync(path.join(ROOT_DIR, 'kiosk-config/profiles')).map((name) => `kiosk-config/profiles/${name}`),
      ...readdirSync(path.join(ROOT_DIR, 'kiosk-config/devices')).map((name) => `kiosk-config/devices/${name}`),
    ];
    for (const file of needed) expect(packed(file), file).toBe(true);
    expect(pkg.main).toBe('dist/electron/main.mjs');
    const left = [
      'test/unit/electron-shell.test.ts',
      'test/helpers/fake-electron.ts',
      'electron/shell.ts',
      'core/bootstrap.ts',
      'hub/main.ts',
      'bench/run.ts',
      'dist/electron/main.mjs.map',
      'renderer/src/App.tsx',
      'electron-builder.yml',
      'scripts/sign-update-metadata.ts',
    ];
    for (const file of left) expect(packed(file), file).toBe(false);
  });

  it('has every module the main bundle leaves external among the production dependencies', () => {
    const names = new Set(productionPackages().values());
    for (const external of ELECTRON_MAIN_EXTERNALS.filter((name) => name !== 'electron')) {
      const name = external.replace('/*', '/bindings-cpp');
      expect(names.has(name), external).toBe(true);
    }
  });

  it('flips the fuses in an afterPack hook that exists, and publishes metadata for a generic server', async () => {
    const hook = path.resolve(ROOT_DIR, config.afterPack);
    expect(existsSync(hook)).toBe(true);
    expect(typeof ((await import(hook)) as { default: unknown }).default).toBe('function');
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })]);
  });
});
