// `npm start`: runs the kiosk in the browser host: the back end on 127.0.0.1, the built renderer, the
// embedded SQLite cache under the data folder, and Chromium in kiosk mode when there is a display.
//
// When the config names no hub, a local hub runs beside the kiosk (scripts/local-hub.ts) and the kiosk takes
// its catalogue updates from it.
//
// A kiosk with no identity (no provisioning record, no kiosk code in its own config files) provisions itself
// against that local hub with the demo identity of kiosk-config/default.json; --blank leaves it unprovisioned,
// so the provisioning screen shows. A configuration that does not validate serves only the "needs
// configuration" screen.
//
//   tsx core/start.ts [--profile yuezizhu] [--config site.json] [--port 8080] [--blank] [--no-browser] [--window]
//
// `npm start` runs it under core/supervise.ts (--supervised), which then opens and watches the window instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KioskError } from './api/errors.ts';
import { createKioskCore } from './bootstrap.ts';
import { loadKioskSetup } from './provisioning/kiosk-setup.ts';
import { startKioskRuntime, type KioskRuntime } from './provisioning/runtime.ts';
import { startConfiguredSimulators } from './devices/simulators.ts';
import { dataDirOf, loadConfig, type KioskConfig } from './config/config.ts';
import { chromiumArgs, CHROMIUM } from './host/chromium.ts';
import { startBrowserHost } from './host/server.ts';
import { needsConfigurationApi } from './host/needs-configuration.ts';
import { createLogger, type Logger } from './log.ts';
import { logsDirOf } from './log-file.ts';
import { HOST_TOKEN_ENV, PLANNED_EXIT_CODE, type BackendMessage } from './watchdog/messages.ts';
import { watchBackend } from './watchdog/backend-watch.ts';
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
      supervised: { type: 'boolean', default: false },
    },
  });
  const supervisor = values.supervised && process.send ? process.send.bind(process) : null;
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new KioskError('INTERNAL', `the renderer is not built (${RENDERER_DIR}); run npm run build:renderer`);
  }
  const fileOptions = {
    rootDir: ROOT_DIR,
    profile: values.profile ?? process.env.KIOSK_PROFILE,
    siteFiles: values.config ?? (process.env.KIOSK_CONFIG ? [process.env.KIOSK_CONFIG] : []),
  };
  const portOverride = values.port === undefined ? {} : { host: { port: Number(values.port) } };
  let fromFiles: KioskConfig;
  try {
    fromFiles = loadConfig({ ...fileOptions, overrides: portOverride });
  } catch (error) {
    if (!(error instanceof KioskError) || error.code !== 'CONFIG_INVALID') throw error;
    // No half-working kiosk: the screen says it needs configuring, and what is wrong, until a technician fixes it.
    // No data folder is known to log into: stderr only.
    await serveNeedsConfiguration(error.message, values, supervisor, createLogger());
    return;
  }
  const dataDir = dataDirOf(fromFiles, ROOT_DIR);
  // Logs go to stderr and to data/logs/kiosk.log, which the technician can export (redacted again).
  const log = createLogger({ logsDir: logsDirOf(dataDir) });
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
  let runtime: KioskRuntime;
  try {
    runtime = await startKioskRuntime({
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
  } catch (error) {
    // A provisioning record that does not validate (edited by hand, half a disk) is a config problem too.
    if (!(error instanceof KioskError) || error.code !== 'CONFIG_INVALID') throw error;
    await localHub?.close();
    await simulators.stop();
    await serveNeedsConfiguration(error.message, values, supervisor, log);
    return;
  }
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
  const host = await startBrowserHost({
    api: runtime.api,
    staticDir: RENDERER_DIR,
    port: fromFiles.host.port,
    log,
    // Under the supervisor: the same token after a restart, so the open page keeps working.
    ...(process.env[HOST_TOKEN_ENV] ? { token: process.env[HOST_TOKEN_ENV] } : {}),
  });

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
  const { hasDisplay, showWindow } = windowPlan(values['no-browser']);
  let stopWatching = () => undefined as void;
  if (supervisor) {
    // The supervisor opens the window and keeps it alive; this process tells it when the page goes silent
    // and leaves for the nightly restart.
    const message: BackendMessage = {
      type: 'ready',
      url: host.url,
      port: host.port,
      dataDir,
      browser: showWindow ? { windowed: values.window } : null,
    };
    supervisor(message);
    stopWatching = watchBackend(host, fromFiles, dataDir, {
      windowShowing: showWindow,
      onRendererSilent: () => supervisor({ type: 'renderer-silent' } satisfies BackendMessage),
      onNightlyRestart: () => void stop(PLANNED_EXIT_CODE),
    });
  } else if (showWindow) {
    const profileDir = path.join(dataDir, 'chromium-profile');
    mkdirSync(profileDir, { recursive: true });
    browser = spawn(CHROMIUM, chromiumArgs(host.url, profileDir, values.window), { stdio: 'ignore' });
    browser.on('exit', (code) => log.info({ code }, 'chromium exited'));
  }
  if (!showWindow && !values['no-browser']) {
    console.log(
      hasDisplay ? `(${CHROMIUM} not found; open the address yourself)` : '(no display: open the address yourself)',
    );
  }

  const stop = async (exitCode = 0) => {
    stopWatching();
    browser?.kill();
    await host.close();
    await runtime.close();
    await localHub?.close();
    await simulators.stop();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  // A supervisor that is gone (killed outright) cannot restart anything: stop rather than run on unwatched.
  if (supervisor) process.once('disconnect', () => void stop());
}

/** Whether there is a screen to show the kiosk on, and whether this process opens Chromium on it. */
function windowPlan(noBrowser: boolean): { hasDisplay: boolean; showWindow: boolean } {
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return { hasDisplay, showWindow: !noBrowser && hasDisplay && existsSync(CHROMIUM) };
}

/** Serves only the "needs configuration" screen (and opens it when supervised with a display). */
async function serveNeedsConfiguration(
  problem: string,
  values: { port?: string | undefined; window: boolean; 'no-browser': boolean },
  supervisor: ((message: BackendMessage) => void) | null,
  log: Logger,
): Promise<void> {
  const host = await startBrowserHost({
    api: needsConfigurationApi(problem),
    staticDir: RENDERER_DIR,
    port: values.port === undefined ? 0 : Number(values.port),
    log,
    ...(process.env[HOST_TOKEN_ENV] ? { token: process.env[HOST_TOKEN_ENV] } : {}),
  });
  console.error(`The kiosk needs configuration (CONFIG_INVALID):\n${problem}\n`);
  console.error(`It shows this on its screen until the config is fixed and it is started again:\n\n  ${host.url}\n`);
  const { showWindow } = windowPlan(values['no-browser']);
  supervisor?.({
    type: 'ready',
    url: host.url,
    port: host.port,
    dataDir: path.join(ROOT_DIR, 'data'),
    browser: showWindow ? { windowed: values.window } : null,
  });
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (supervisor) process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  if (error instanceof KioskError) {
    console.error(`The kiosk cannot start (${error.code}):\n${error.message}`);
  } else {
    console.error('The kiosk cannot start:', error);
  }
  process.exit(1);
});
