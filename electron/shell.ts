// The Electron main process: hosts the kiosk back end in-process and opens the locked-down kiosk window.
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createKioskCore } from '../core/bootstrap.ts';
import { loadKioskSetup } from '../core/provisioning/kiosk-setup.ts';
import { startKioskRuntime, type KioskRuntime } from '../core/provisioning/runtime.ts';
import { loadConfig, type KioskConfig } from '../core/config/config.ts';
import { KioskError } from '../core/api/errors.ts';
import { needsConfigurationApi } from '../core/host/needs-configuration.ts';
import type { HostedApi } from '../core/host/server.ts';
import { startConfiguredSimulators } from '../core/devices/simulators.ts';
import { createLogger } from '../core/log.ts';
import { logsDirOf } from '../core/log-file.ts';
import { registerAppProtocol } from './app-protocol.ts';
import { electronHtmlToPdf, electronPrintA4 } from './print-to-pdf.ts';
import { registerKioskIpc } from './ipc.ts';
import { recoverRenderer } from './recovery.ts';
import { safeStorageProtector } from './secret-storage.ts';
import { electronMemoryReadings, watchMemory } from './memory-watchdog.ts';
import { trackSessions, type SessionActivity } from './session-activity.ts';
import { loadShellConfig, type ShellConfig } from './shell-config.ts';
import { clearStaleSingletonLock, removeStaleTempFiles } from './stale-locks.ts';
import { registerStartOnBoot } from './start-on-boot.ts';
import { StartAttempts, START_RECORD_FILE } from './start-attempts.ts';
import { preserveAppImage, rollBackTo } from './rollback.ts';
import { AppUpdater, type UpdaterEngine } from './app-updater.ts';
import { metadataFileName } from './update-metadata.ts';
import { APP_SCHEME, APP_URL, kioskWindowOptions, lockInput, lockNavigation, restrictPermissions } from './lockdown.ts';

export interface KioskShell {
  window: BrowserWindow;
  /** The back end: serving, or waiting to be provisioned (core/provisioning/runtime.ts). */
  runtime: KioskRuntime;
  /** Whether someone is using the kiosk (memory reloads and updates wait for a closed session). */
  sessions: SessionActivity;
  config: ShellConfig;
  /** App updates (packaged, with an update server); null otherwise. */
  updater: AppUpdater | null;
}

export async function startKioskShell(): Promise<KioskShell | null> {
  // Must happen before 'ready': app:// behaves like https (secure, standard, fetch-able).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  const userData = app.getPath('userData');
  // A lock left by a power cut must not stop the kiosk from starting (electron/stale-locks.ts).
  const staleLock = process.platform === 'linux' && clearStaleSingletonLock(userData, { executable: process.execPath });
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();

  const rootDir = app.getAppPath();
  const siteFile = path.join(userData, 'site.json');
  // The data live with the user profile, not in the (read-only, packaged) app folder.
  const dataDir = path.join(userData, 'data');
  const fileOptions = { rootDir, siteFiles: existsSync(siteFile) ? [siteFile] : [], overrides: { dataDir } };
  const log = createLogger({ logsDir: logsDirOf(dataDir) });
  const leftovers = removeStaleTempFiles(dataDir);
  if (staleLock || leftovers.length > 0) {
    log.warn({ staleLock, leftovers }, 'cleaned up after an unclean stop (power cut?)');
  }
  // Counted before anything can fail: a version that twice never reaches a working page is rolled back.
  const attempts = new StartAttempts(path.join(userData, START_RECORD_FILE), app.getVersion());
  const decision = attempts.begin();
  if (decision.action === 'roll-back') {
    const outcome = rollBackTo(decision.to.installer, {
      platform: process.platform,
      appImage: process.env.APPIMAGE,
      spawn,
      relaunch: (execPath) => {
        app.relaunch({ execPath, args: [] });
        app.quit();
      },
      quit: () => app.quit(),
    });
    log.error(
      { from: app.getVersion(), to: decision.to.version, outcome },
      'this version failed to start: rolling back',
    );
    if (outcome !== 'unsupported') return null;
  } else if (decision.cannotRollBack) {
    log.error({ attempt: decision.attempt, why: decision.cannotRollBack }, 'failing to start, and cannot roll back');
  }
  // No half-working kiosk: a config (or provisioning record) that does not validate opens only the "needs
  // configuration" screen, saying what is wrong.
  const needsConfiguration = async (error: unknown) => {
    if (!(error instanceof KioskError) || error.code !== 'CONFIG_INVALID') throw error;
    log.error({ problem: error.message }, 'the kiosk needs configuration');
    await openKioskWindow(rootDir, dataDir, needsConfigurationApi(error.message), null, attempts);
    return null;
  };
  let files: KioskConfig;
  let shellConfig: ShellConfig;
  try {
    files = loadConfig(fileOptions);
    shellConfig = loadShellConfig(path.join(rootDir, 'kiosk-config', 'shell.json'), path.join(userData, 'shell.json'));
  } catch (error) {
    return needsConfiguration(error);
  }
  // The simulators run from TypeScript sources through Node, neither of which a packaged app has (its fuses forbid
  // running as Node): a packaged kiosk must name its real devices.
  const simulated = simulatedDevices(files);
  if (app.isPackaged && simulated.length > 0) {
    return needsConfiguration(
      new KioskError(
        'CONFIG_INVALID',
        `site.json: devices.${simulated.join(', devices.')}.mode: "simulator" is for development; name the real device`,
      ),
    );
  }
  registerStartOnBoot(app, {
    enabled: shellConfig.startOnBoot,
    platform: process.platform,
    executable: process.execPath,
  });
  // Development and demo machines run the device simulators; a provisioned kiosk names its real devices.
  const simulators = await startConfiguredSimulators(files, rootDir, dataDir);
  const protector = safeStorageProtector(safeStorage);
  if (!protector) log.warn('no OS secret storage: device keys rely on file permissions (0600) alone');
  let runtime: KioskRuntime;
  try {
    // A kiosk with no identity opens on the provisioning screen; provisioning starts the core in place.
    runtime = await startKioskRuntime({
      loadSetup: () => loadKioskSetup(fileOptions),
      startCore: (config, provisioning) =>
        createKioskCore({
          config,
          ...(protector ? { secretProtector: protector } : {}),
          rootDir,
          dataDir,
          shell: 'electron',
          log,
          idcardSimulatorPath: simulators.idcard?.path,
          printerSimulatorPath: simulators.printer?.path,
          htmlToPdf: electronHtmlToPdf(BrowserWindow),
          // Windows has no CUPS: A4 documents go to the named printer through Electron itself.
          ...(process.platform === 'win32' && config.devices.a4Printer.queue
            ? { printA4Directly: electronPrintA4(BrowserWindow, config.devices.a4Printer.queue) }
            : {}),
          provisioning,
        }),
      log,
      ...(protector ? { protector } : {}),
    });
  } catch (error) {
    await simulators.stop();
    return needsConfiguration(error);
  }

  const { window, sessions } = await openKioskWindow(rootDir, dataDir, runtime.api, shellConfig, attempts);
  const updater = await startAppUpdates(shellConfig, files.regionCode, userData, attempts, sessions, log);
  app.on('will-quit', () => {
    updater?.stop();
    void runtime.close().then(() => simulators.stop());
  });
  return { window, runtime, sessions, config: shellConfig, updater };
}

function simulatedDevices(config: KioskConfig): string[] {
  const devices = [
    ['idcard', config.devices.idcard.mode] as const,
    ['receiptPrinter', config.devices.receiptPrinter.mode] as const,
  ];
  return devices.filter(([, mode]) => mode === 'simulator').map(([name]) => name);
}

/** Updates for a packaged kiosk with an update server (shell.json updates.feedUrl); null otherwise. */
async function startAppUpdates(
  config: ShellConfig,
  regionCode: string,
  userData: string,
  attempts: StartAttempts,
  sessions: SessionActivity,
  log: ReturnType<typeof createLogger>,
): Promise<AppUpdater | null> {
  if (!app.isPackaged || config.updates.feedUrl === null) return null;
  if (config.updates.trustedKeys.length === 0) {
    log.error('updates.feedUrl is set but no release key is trusted: no update can be verified, none is installed');
    return null;
  }
  // Loaded only here: electron-updater reads the packaged app's files as it loads.
  const { autoUpdater } = await import('electron-updater');
  const releasesDir = path.join(userData, 'releases');
  const updater = new AppUpdater({
    engine: autoUpdater as unknown as UpdaterEngine,
    currentVersion: app.getVersion(),
    config: config.updates,
    trusted: config.updates.trustedKeys,
    regionCode,
    fileName: metadataFileName(process.platform, process.arch),
    releasesDir,
    keeper: attempts,
    sessions,
    log,
    preserveCurrent: () => preserveAppImage(process.env.APPIMAGE, releasesDir, app.getVersion()),
  });
  updater.start();
  return updater;
}

/**
 * The locked-down kiosk window on app://, talking to `api` over IPC, recovering from renderer crashes and, with the
 * shell's config, reloaded or restarted between sessions when it has grown too large.
 */
async function openKioskWindow(
  rootDir: string,
  dataDir: string,
  api: HostedApi,
  shellConfig: ShellConfig | null,
  attempts: StartAttempts,
): Promise<{ window: BrowserWindow; sessions: SessionActivity }> {
  registerAppProtocol(protocol, path.join(rootDir, 'dist', 'renderer'));
  restrictPermissions(session.defaultSession);
  const sessions = trackSessions();
  registerKioskIpc(ipcMain, api, {
    onCall: (method) => {
      // The page's first call: the window is up and talking to the back end, so this version starts well.
      attempts.started();
      sessions.noteCall(method);
    },
  });
  const production = app.isPackaged;
  // Electron's default menu carries reload, devtools and zoom accelerators; a production kiosk has no menu.
  if (production) Menu.setApplicationMenu(null);
  app.on('web-contents-created', (_event, contents) => {
    lockNavigation(contents);
    lockInput(contents, { production });
  });

  const window = new BrowserWindow(
    kioskWindowOptions(path.join(rootDir, 'dist', 'electron', 'preload.cjs'), { devTools: !production }),
  );
  window.once('ready-to-show', () => window.show());
  recoverRenderer(window, dataDir);
  if (shellConfig) {
    watchMemory({
      limits: shellConfig.watchdog,
      checkMs: shellConfig.watchdog.checkSeconds * 1000,
      read: () => electronMemoryReadings(app, window.webContents),
      inSession: () => sessions.inSession(),
      reloadPage: () => window.webContents.reload(),
      // quit (not exit): will-quit closes the back end and its database cleanly first.
      restartApp: () => {
        app.relaunch();
        app.quit();
      },
      dataDir,
    });
  }
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => app.quit());
  await window.loadURL(APP_URL);
  return { window, sessions };
}
