// The Electron main process: hosts the kiosk back end in-process and opens the locked-down kiosk window.
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
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
import { APP_SCHEME, APP_URL, kioskWindowOptions, lockInput, lockNavigation, restrictPermissions } from './lockdown.ts';

export interface KioskShell {
  window: BrowserWindow;
  /** The back end: serving, or waiting to be provisioned (core/provisioning/runtime.ts). */
  runtime: KioskRuntime;
}

export async function startKioskShell(): Promise<KioskShell | null> {
  // Must happen before 'ready': app:// behaves like https (secure, standard, fetch-able).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();

  const rootDir = app.getAppPath();
  const siteFile = path.join(app.getPath('userData'), 'site.json');
  // The data live with the user profile, not in the (read-only, packaged) app folder.
  const dataDir = path.join(app.getPath('userData'), 'data');
  const fileOptions = { rootDir, siteFiles: existsSync(siteFile) ? [siteFile] : [], overrides: { dataDir } };
  const log = createLogger({ logsDir: logsDirOf(dataDir) });
  // No half-working kiosk: a config (or provisioning record) that does not validate opens only the "needs
  // configuration" screen, saying what is wrong.
  const needsConfiguration = async (error: unknown) => {
    if (!(error instanceof KioskError) || error.code !== 'CONFIG_INVALID') throw error;
    log.error({ problem: error.message }, 'the kiosk needs configuration');
    await openKioskWindow(rootDir, dataDir, needsConfigurationApi(error.message));
    return null;
  };
  let files: KioskConfig;
  try {
    files = loadConfig(fileOptions);
  } catch (error) {
    return needsConfiguration(error);
  }
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

  const window = await openKioskWindow(rootDir, dataDir, runtime.api);
  app.on('will-quit', () => void runtime.close().then(() => simulators.stop()));
  return { window, runtime };
}

/** The locked-down kiosk window on app://, talking to `api` over IPC, recovering from renderer crashes. */
async function openKioskWindow(rootDir: string, dataDir: string, api: HostedApi): Promise<BrowserWindow> {
  registerAppProtocol(protocol, path.join(rootDir, 'dist', 'renderer'));
  restrictPermissions(session.defaultSession);
  registerKioskIpc(ipcMain, api);
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
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => app.quit());
  await window.loadURL(APP_URL);
  return window;
}
