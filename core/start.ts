// `npm start`: runs the kiosk in the browser host: the back end on 127.0.0.1, the built renderer, the
// embedded SQLite cache under the data folder, and Chromium in kiosk mode when there is a display.
//
// When the config names no hub, a local hub runs beside the kiosk (scripts/local-hub.ts) and the kiosk takes
// its catalogue updates from it.
//
//   tsx core/start.ts [--profile yuezizhu] [--config site.json] [--port 8080] [--no-browser] [--window]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KioskError } from './api/errors.ts';
import { createKioskCore } from './bootstrap.ts';
import { startConfiguredSimulators } from './devices/simulators.ts';
import { dataDirOf, loadConfig } from './config/config.ts';
import { chromiumArgs, CHROMIUM } from './host/chromium.ts';
import { startBrowserHost } from './host/server.ts';
import { createLogger } from './log.ts';
import { logsDirOf } from './log-file.ts';
import { startLocalHub, type LocalHub } from '../scripts/local-hub.ts';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIR = path.join(ROOT_DIR, 'dist', 'renderer');
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      config: { type: 'string', multiple: true },
      port: { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
      window: { type: 'boolean', default: false },
    },
  });
  const overrides = values.port === undefined ? undefined : { host: { port: Number(values.port) } };
  const loaded = loadConfig({
    rootDir: ROOT_DIR,
    profile: values.profile ?? process.env.KIOSK_PROFILE,
    siteFiles: values.config ?? (process.env.KIOSK_CONFIG ? [process.env.KIOSK_CONFIG] : []),
    ...(overrides ? { overrides } : {}),
  });
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new KioskError('INTERNAL', `the renderer is not built (${RENDERER_DIR}); run npm run build:renderer`);
  }
  const dataDir = dataDirOf(loaded, ROOT_DIR);
  // Logs go to stderr and to data/logs/kiosk.log, which the technician can export (redacted again).
  const log = createLogger({ logsDir: logsDirOf(dataDir) });
  let localHub: LocalHub | undefined;
  let config = loaded;
  if (!loaded.catalogue.hubUrl) {
    localHub = await startLocalHub({
      dataDir,
      sampleFile: path.join(ROOT_DIR, 'kiosk-config/catalogue/sample-catalogue.json'),
      log,
    });
    config = {
      ...loaded,
      catalogue: {
        ...loaded.catalogue,
        hubUrl: localHub.url,
        pollSeconds: Math.min(loaded.catalogue.pollSeconds, 15),
        trustedKeys: [...loaded.catalogue.trustedKeys, { ...localHub.trusted, revoked: false }],
      },
    };
  }
  const simulators = await startConfiguredSimulators(config, ROOT_DIR, dataDir);
  const core = createKioskCore({
    config,
    rootDir: ROOT_DIR,
    dataDir,
    shell: 'browser',
    log,
    idcardSimulatorPath: simulators.idcard?.path,
    printerSimulatorPath: simulators.printer?.path,
  });
  await localHub?.enrol(config.kioskCode, config.regionCode, core.devicePublicKey);
  const host = await startBrowserHost({ api: core.service, staticDir: RENDERER_DIR, port: config.host.port, log });

  console.log(`\nKiosk ${config.kioskCode} (${config.profile}) is running.`);
  console.log(`Open this address in Chromium on this machine:\n\n  ${host.url}\n`);
  if (simulators.idcard) {
    console.log(`ID card reader: simulated on ${simulators.idcard.path}. Lay a sample card on it with`);
    console.log(`  npx kioskctl sim place elder\n`);
  }
  if (localHub) {
    console.log(`Catalogue hub: a local one at ${localHub.url} (the kiosk checks it every 15 s).`);
    console.log(`  staff token: ${localHub.tokenFile}; signing key: ${localHub.keyFile}`);
    console.log(`  publish: npx kioskctl catalogue build DIR --key ${localHub.keyFile} --key-id dev-local --out OUT`);
    console.log(
      `           npx kioskctl catalogue publish OUT --hub ${localHub.url} --token "$(cat ${localHub.tokenFile})" --rollout 440000\n`,
    );
  }
  console.log('Technician screen: tap the clock in the header five times within three seconds.');
  if (!core.technician.hasPin()) {
    console.log('  No PIN is set yet: echo 246810 | npx kioskctl technician set-pin   (any 6–12 digits)\n');
  } else {
    console.log('');
  }
  if (simulators.printer) {
    console.log(`Receipt printer: simulated on ${simulators.printer.path}; receipts are saved as PNG in`);
    console.log(`  ${simulators.printer.outDir}\n`);
  }

  let browser: ChildProcess | undefined;
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!values['no-browser'] && hasDisplay && existsSync(CHROMIUM)) {
    const profileDir = path.join(dataDir, 'chromium-profile');
    mkdirSync(profileDir, { recursive: true });
    browser = spawn(CHROMIUM, chromiumArgs(host.url, profileDir, values.window), { stdio: 'ignore' });
    browser.on('exit', (code) => log.info({ code }, 'chromium exited'));
  } else if (!values['no-browser']) {
    console.log(
      hasDisplay ? `(${CHROMIUM} not found; open the address yourself)` : '(no display: open the address yourself)',
    );
  }

  const stop = async () => {
    browser?.kill();
    await host.close();
    await core.close();
    await localHub?.close();
    await simulators.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof KioskError) {
    console.error(`The kiosk cannot start (${error.code}):\n${error.message}`);
  } else {
    console.error('The kiosk cannot start:', error);
  }
  process.exit(1);
});
