// The Electron main process: hosts the kiosk back end in-process and opens the locked-down kiosk window.
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createKioskCore, type KioskCore } from '../core/bootstrap.ts';
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
import { APP_SCHEME, APP_URL, kioskWindowOptions, lockNavigation, restrictPermissions } from './lockdown.ts';

export interface KioskShell {
  window: BrowserWindow;
  core: KioskCore;
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
  const dataDir = path.join(app.getPath('userData'), 'data');
  const log = createLogger({ logsDir: logsDirOf(dataDir) });
  let config: KioskConfig;
  try {
    config = loadConfig({ rootDir, siteFiles: existsSync(siteFile) ? [siteFile] : [] });
  } catch (error) {
    if (!(error instanceof KioskError) || error.code !== 'CONFIG_INVALID') throw error;
    // No half-working kiosk: only the "needs configuration" screen, saying what is wrong.
    log.error({ problem: error.message }, 'the kiosk needs configuration');
    await openKioskWindow(rootDir, dataDir, needsConfigurationApi(error.message));
    return null;
  }
  // Development and demo machines run the device simulators; a provisioned kiosk names its real devices.
  const simulators = await startConfiguredSimulators(config, rootDir, dataDir);
  const protector = safeStorageProtector(safeStorage);
  if (!protector) log.warn('no OS secret storage: device keys rely on file permissions (0600) alone');
  const core = createKioskCore({
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
  });

  const window = await openKioskWindow(rootDir, dataDir, core.service);
  app.on('will-quit', () => void core.close().then(() => simulators.stop()));
  return { window, core };
}

/** The locked-down kiosk window on app://, talking to `api` over IPC, recovering from renderer crashes. */
async function openKioskWindow(rootDir: string, dataDir: string, api: HostedApi): Promise<BrowserWindow> {
  registerAppProtocol(protocol, path.join(rootDir, 'dist', 'renderer'));
  restrictPermissions(session.defaultSession);
  registerKioskIpc(ipcMain, api);
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));

  const window = new BrowserWindow(
    kioskWindowOptions(path.join(rootDir, 'dist', 'electron', 'preload.cjs'), { devTools: !app.isPackaged }),
  );
  window.once('ready-to-show', () => window.show());
  recoverRenderer(window, dataDir);
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => app.quit());
  await window.loadURL(APP_URL);
  return window;
}
