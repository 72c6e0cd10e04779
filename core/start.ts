// `npm start`: runs the kiosk in the browser host: the back end on 127.0.0.1, the built renderer, the
// embedded SQLite cache under the data folder, and Chromium in kiosk mode when there is a display.
//
// When the config names no hub, a local hub runs beside the kiosk (scripts/local-hub.ts) and the kiosk takes
// its catalogue updates from it.
//
// A kiosk with no identity (no provisioning record, no kiosk code in its own config files) provisions itself
// against that local hub with the demo identity of kiosk-config/default.json; --blank leaves it unprovisioned,
// so the provisioning screen shows.
//
//   tsx core/start.ts [--profile yuezizhu] [--config site.json] [--port 8080] [--blank] [--no-browser] [--window]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KioskError } from './api/errors.ts';
import { createKioskCore } from './bootstrap.ts';
import { loadKioskSetup } from './provisioning/kiosk-setup.ts';
import { startKioskRuntime } from './provisioning/runtime.ts';
import { startConfiguredSimulators } from './devices/simulators.ts';
import { dataDirOf, loadConfig } from './config/config.ts';
import { chromiumArgs, CHROMIUM } from './host/chromium.ts';
import { startBrowserHost } from './host/server.ts';
import { createLogger } from './log.ts';
import { startLocalHub, type LocalHub } from '../scripts/local-hub.ts';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIR = path.join(ROOT_DIR, 'dist', 'renderer');
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      config: { type: 'string', multiple: true },
      port: { type: 'string' },
      blank: { type: 'boolean', default: false },
      'no-browser': { type: 'boolean', default: false },
      window: { type: 'boolean', default: false },
    },
  });
  const log = createLogger();
  const fileOptions = {
    rootDir: ROOT_DIR,
    profile: values.profile ?? process.env.KIOSK_PROFILE,
    siteFiles: values.config ?? (process.env.KIOSK_CONFIG ? [process.env.KIOSK_CONFIG] : []),
  };
  const portOverride = values.port === undefined ? {} : { host: { port: Number(values.port) } };
  const fromFiles = loadConfig({ ...fileOptions, overrides: portOverride });
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new KioskError('INTERNAL', `the renderer is not built (${RENDERER_DIR}); run npm run build:renderer`);
  }
  const dataDir = dataDirOf(fromFiles, ROOT_DIR);
  let localHub: LocalHub | undefined;
  let overrides: Record<string, unknown> = portOverride;
  if (!fromFiles.catalogue.hubUrl) {
    localHub = await startLocalHub({
      dataDir,
      sampleFile: path.join(ROOT_DIR, 'kiosk-config/catalogue/sample-catalogue.json'),
      log,
    });
    // The local hub's port changes with every start: it wins over the address in the provisioning record.
    overrides = {
      ...portOverride,
      catalogue: {
        hubUrl: localHub.url,
        pollSeconds: Math.min(fromFiles.catalogue.pollSeconds, 15),
        trustedKeys: [...fromFiles.catalogue.trustedKeys, { ...localHub.trusted, revoked: false }],
      },
    };
  }
  const simulators = await startConfiguredSimulators(fromFiles, ROOT_DIR, dataDir);
  const runtime = await startKioskRuntime({
    loadSetup: () => loadKioskSetup({ ...fileOptions, overrides }),
    startCore: (config, provisioning) =>
      createKioskCore({
        config,
        rootDir: ROOT_DIR,
        dataDir,
        shell: 'browser',
        log,
        idcardSimulatorPath: simulators.idcard?.path,
        printerSimulatorPath: simulators.printer?.path,
        provisioning,
      }),
    log,
  });
  const identity = runtime.setup().identity;
  if (localHub && identity === 'none' && !values.blank) {
    // Out of the box: the demo identity of kiosk-config/default.json, enrolled the way a technician would.
    const demo = runtime.setup().config;
    await runtime.api.provision({
      kioskCode: demo.kioskCode,
      regionCode: demo.regionCode,
      siteName: demo.siteName,
      siteAddress: demo.siteAddress ?? '',
      hubUrl: localHub.url,
      token: await localHub.issueEnrolmentToken(demo.regionCode),
    });
  }
  const core = runtime.core();
  if (localHub && core && identity === 'configured') {
    const { kioskCode, regionCode } = runtime.setup().config;
    await localHub.enrol(kioskCode, regionCode, core.devicePublicKey);
  }
  const host = await startBrowserHost({ api: runtime.api, staticDir: RENDERER_DIR, port: fromFiles.host.port, log });

  if (core) {
    const { config } = runtime.setup();
    console.log(`\nKiosk ${config.kioskCode} (${config.profile}) is running.`);
  } else {
    console.log('\nThe kiosk has no identity yet: it shows the provisioning screen.');
    if (localHub) {
      console.log(`  hub address: ${localHub.url}`);
      console.log(`  enrolment token (single use, 60 min): ${await localHub.issueEnrolmentToken('440000')}`);
    }
  }
  if (values.blank && core) {
    console.log('(--blank: this kiosk is provisioned already; decommission it first: npx kioskctl decommission --yes)');
  }
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
  if (core && !core.technician.hasPin()) {
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
    await runtime.close();
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
