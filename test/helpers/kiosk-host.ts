// A whole kiosk in the browser host for end-to-end tests: real config, real SQLite file, the built renderer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createKioskCore, type KioskCore } from '../../core/bootstrap.ts';
import { loadConfig } from '../../core/config/config.ts';
import type { SpeechSynthesizer } from '../../core/voice/speech.ts';
import { startBrowserHost, type BrowserHost } from '../../core/host/server.ts';
import { RENDERER_DIR, ROOT_DIR } from './paths.ts';
import { silentLogger } from './silent-log.ts';

export interface RunningKiosk {
  core: KioskCore;
  host: BrowserHost;
  stop(): Promise<void>;
}

export interface StartKioskOptions {
  profile?: string;
  /** Serial path of a (simulated) ID card reader; without one the kiosk has no reader. */
  idcardPath?: string;
  /** Serial path of a (simulated) receipt printer; without one the kiosk has no receipt printer. */
  receiptPrinterPath?: string;
  /** CUPS queue for A4 documents; without one the kiosk has no A4 printer. */
  a4Queue?: string;
  /** Catalogue settings (hub URL, trusted keys, poll interval) over the defaults. */
  catalogue?: Record<string, unknown>;
  /** Speech for prompts the browser has no voice for; the kiosk's default (shipped prompts, espeak-ng) without. */
  speech?: SpeechSynthesizer;
}

/** Config overrides giving a test kiosk exactly the devices it asks for, and nothing simulated behind its back. */
export function testDevices(options: Omit<StartKioskOptions, 'profile' | 'catalogue'> = {}) {
  return {
    devices: {
      idcard: options.idcardPath ? { mode: 'serial', path: options.idcardPath } : { mode: 'none' },
      receiptPrinter: options.receiptPrinterPath
        ? { mode: 'serial', path: options.receiptPrinterPath }
        : { mode: 'none' },
      a4Printer: { queue: options.a4Queue ?? null },
    },
  };
}

/** The kiosk back end alone (no browser host), from the default config with these overrides, quietly logging. */
export function startTestCore(dataDir: string, overrides: Record<string, unknown>): KioskCore {
  const config = loadConfig({ rootDir: ROOT_DIR, overrides });
  return createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() });
}

export async function startKiosk(dataDir: string, options: StartKioskOptions = {}): Promise<RunningKiosk> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the renderer is not built in ${RENDERER_DIR}: run npm run build:renderer (npm test does)`);
  }
  const log = silentLogger();
  const overrides = { ...testDevices(options), ...(options.catalogue ? { catalogue: options.catalogue } : {}) };
  const config = loadConfig({ rootDir: ROOT_DIR, profile: options.profile, overrides });
  const core = createKioskCore({
    config,
    rootDir: ROOT_DIR,
    dataDir,
    shell: 'browser',
    log,
    ...(options.speech ? { speech: options.speech } : {}),
  });
  const host = await startBrowserHost({ api: core.service, staticDir: RENDERER_DIR, port: 0, log });
  return {
    core,
    host,
    stop: async () => {
      await host.close();
      await core.close();
    },
  };
}
