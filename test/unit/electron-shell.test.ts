// The Electron main process with a mocked 'electron' module: the real back end runs in-process
// (real SQLite file, sample catalogue), everything Electron-specific is recorded.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../core/api/contract.ts';
import { emitPreventable, FakeWebContents, ipcEvent, type FakeIpcMain } from '../helpers/fake-electron.ts';

const electron = vi.hoisted(() => {
  const calls: string[] = [];
  const state = {
    calls,
    lock: true,
    packaged: false,
    menu: undefined as unknown,
    userData: '',
    appPath: process.cwd(),
    windows: [] as {
      options: Record<string, unknown>;
      loadURL: (url: string) => Promise<void>;
      webContents: { reload: () => void };
    }[],
    /** The page process's working set in KB, as app.getAppMetrics reports it. */
    pageMemoryKb: 200 * 1024,
    appEvents: new Map<string, (...args: unknown[]) => void>(),
    ipcMain: null as unknown,
    protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
    permissionHandlers: 0,
  };
  return state;
});

vi.mock('electron', async () => {
  const { FakeIpcMain: Ipc } = await import('../helpers/fake-electron.ts');
  electron.ipcMain = new Ipc();
  class BrowserWindow {
    readonly options: Record<string, unknown>;
    readonly loadURL = vi.fn(async () => undefined);
    readonly once = vi.fn();
    readonly on = vi.fn();
    readonly focus = vi.fn();
    readonly webContents = {
      on: vi.fn(),
      reload: vi.fn(),
      forcefullyCrashRenderer: vi.fn(),
      getOSProcessId: () => 4321,
      isDestroyed: () => false,
    };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      electron.calls.push('new BrowserWindow');
      electron.windows.push(this);
    }
  }
  const app = {
    get isPackaged() {
      return electron.packaged;
    },
    requestSingleInstanceLock: () => electron.lock,
    whenReady: async () => {
      electron.calls.push('whenReady');
    },
    getAppPath: () => electron.appPath,
    getVersion: () => '0.1.0',
    getAppMetrics: () => [{ pid: 4321, type: 'Tab', memory: { workingSetSize: electron.pageMemoryKb } }],
    relaunch: () => electron.calls.push('relaunch'),
    getPath: (name: string) => {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return electron.userData;
    },
    on: (name: string, listener: (...args: unknown[]) => void) => electron.appEvents.set(name, listener),
    quit: () => electron.calls.push('quit'),
    exit: () => electron.calls.push('exit'),
  };
  const protocol = {
    registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) =>
      electron.calls.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
    handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>) =>
      electron.protocolHandlers.set(scheme, handler),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: () => electron.permissionHandlers++,
      setPermissionCheckHandler: () => electron.permissionHandlers++,
    },
  };
  // No keyring on the test machine, as on a bare Linux kiosk session.
  const safeStorage = { isEncryptionAvailable: () => false };
  const Menu = { setApplicationMenu: (menu: unknown) => (electron.menu = menu) };
  return { app, BrowserWindow, Menu, ipcMain: electron.ipcMain, protocol, safeStorage, session };
});

const { startKioskShell } = await import('../../electron/shell.ts');

describe('Electron main process', () => {
  let userData: string;
  const closers: (() => void)[] = [];

  beforeEach(() => {
    userData = mkdtempSync(path.join(tmpdir(), 'kiosk-electron-'));
    // This unit test has no reader; the simulator process is covered by its own tests.
    writeFileSync(
      path.join(userData, 'site.json'),
      JSON.stringify({
        // Named here, so the kiosk serves at once (one with no kiosk code waits to be provisioned).
        kioskCode: 'XW-ELEC-001',
        devices: { idcard: { mode: 'none' }, receiptPrinter: { mode: 'none' }, a4Printer: { queue: null } },
      }),
    );
    electron.userData = userData;
    electron.lock = true;
    electron.packaged = false;
    electron.menu = undefined;
    electron.calls.length = 0;
    electron.windows.length = 0;
    electron.appEvents.clear();
    electron.protocolHandlers.clear();
    electron.permissionHandlers = 0;
    const ipc = electron.ipcMain as FakeIpcMain;
    ipc.handlers.clear();
    ipc.listeners.clear();
  });

  afterEach(() => {
    for (const close of closers.splice(0)) close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens one locked-down kiosk window on app:// with the preload bridge', async () => {
    const shell = await startKioskShell();
    expect(shell).not.toBeNull();
    closers.push(() => shell!.runtime.close());
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window!.options).toMatchObject({
      kiosk: true,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        preload: path.join(process.cwd(), 'dist', 'electron', 'preload.cjs'),
        devTools: true, // not packaged
      },
    });
    expect(window!.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    // The scheme is privileged before the app is ready, as Electron requires.
    expect(electron.calls[0]).toMatch(/^registerSchemesAsPrivileged .*"scheme":"app".*"secure":true/);
    expect(electron.calls.indexOf('whenReady')).toBeLessThan(electron.calls.indexOf('new BrowserWindow'));
    expect(electron.permissionHandlers).toBe(2);
    expect(electron.appEvents.has('web-contents-created')).toBe(true);
  });

  it('in production (packaged): no menu, no devtools, and every page gets the input lockdown', async () => {
    electron.packaged = true;
    const shell = await startKioskShell();
    closers.push(() => shell!.runtime.close());
    expect(electron.menu).toBeNull();
    expect(electron.windows[0]!.options).toMatchObject({ webPreferences: { devTools: false } });
    const contents = new FakeWebContents();
    electron.appEvents.get('web-contents-created')!({}, contents);
    const f12 = { type: 'keyDown', key: 'F12', control: false, meta: false, shift: false, alt: false };
    expect(emitPreventable(contents, 'before-input-event', f12)).toBe(true);
    expect(emitPreventable(contents, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(emitPreventable(contents, 'context-menu', {})).toBe(true);
  });

  it('hosts the kiosk back end in-process and answers KioskApi calls over IPC', async () => {
    const shell = await startKioskShell();
    closers.push(() => shell!.runtime.close());
    const ipc = electron.ipcMain as FakeIpcMain;
    const page = new FakeWebContents();
    const info = (await ipc.invoke(IPC_CHANNELS.call, ipcEvent(page), 'getKioskInfo', {})) as {
      ok: boolean;
      value: { shell: string; catalogueVersion: number };
    };
    expect(info.ok).toBe(true);
    expect(info.value.shell).toBe('electron');
    expect(info.value.catalogueVersion).toBeGreaterThanOrEqual(1);
    const categories = (await ipc.invoke(IPC_CHANNELS.call, ipcEvent(page), 'listCategories', {})) as {
      value: { name: string }[];
    };
    expect(categories.value.map((category) => category.name)).toContain('法律援助');
    expect(existsSync(path.join(userData, 'data', 'catalogue.sqlite'))).toBe(true);
  });

  it('serves the renderer through app:// from the built folder only', async () => {
    const appRoot = mkdtempSync(path.join(tmpdir(), 'kiosk-approot-'));
    closers.push(() => rmSync(appRoot, { recursive: true, force: true }));
    // A minimal app folder: the real config and catalogue, and a stand-in built renderer.
    for (const dir of ['kiosk-config/profiles', 'kiosk-config/catalogue', 'dist/renderer']) {
      mkdirSync(path.join(appRoot, dir), { recursive: true });
    }
    for (const file of [
      'package.json',
      'kiosk-config/default.json',
      'kiosk-config/shell.json',
      'kiosk-config/catalogue/sample-catalogue.json',
    ]) {
      writeFileSync(path.join(appRoot, file), await import('node:fs').then((fs) => fs.readFileSync(file)));
    }
    writeFileSync(path.join(appRoot, 'dist/renderer/index.html'), '<!doctype html><title>kiosk</title>');
    electron.appPath = appRoot;
    try {
      const shell = await startKioskShell();
      closers.push(() => shell!.runtime.close());
      const handler = electron.protocolHandlers.get('app')!;
      const page = await handler({ url: 'app://kiosk/index.html' });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<title>kiosk</title>');
      expect((await handler({ url: 'app://kiosk/../package.json' })).status).toBe(404);
      expect((await handler({ url: 'app://kiosk/%2e%2e/package.json' })).status).toBe(404);
      expect((await handler({ url: 'app://other/index.html' })).status).toBe(404);
    } finally {
      electron.appPath = process.cwd();
    }
  });

  it('opens only the "needs configuration" screen when the site file does not validate, with no back end', async () => {
    writeFileSync(path.join(userData, 'site.json'), JSON.stringify({ regionCode: '4408' }));
    await expect(startKioskShell()).resolves.toBeNull();
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]!.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    const page = new FakeWebContents();
    const info = (await (electron.ipcMain as FakeIpcMain).invoke(
      IPC_CHANNELS.call,
      ipcEvent(page),
      'getKioskInfo',
      {},
    )) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(info).toMatchObject({ ok: false, error: { code: 'CONFIG_INVALID' } });
    expect(info.error.message).toContain('site.json: regionCode: must be a 12-digit village code');
    expect(existsSync(path.join(userData, 'data', 'catalogue.sqlite'))).toBe(false);
  });

  it('opens on the provisioning screen when the kiosk has no identity, with no core running', async () => {
    writeFileSync(
      path.join(userData, 'site.json'),
      JSON.stringify({
        devices: { idcard: { mode: 'none' }, receiptPrinter: { mode: 'none' }, a4Printer: { queue: null } },
      }),
    );
    const shell = await startKioskShell();
    closers.push(() => void shell!.runtime.close());
    expect(shell!.runtime.core()).toBeNull();
    expect(electron.windows).toHaveLength(1);
    const ipc = electron.ipcMain as FakeIpcMain;
    const page = new FakeWebContents();
    const state = (await ipc.invoke(IPC_CHANNELS.call, ipcEvent(page), 'getProvisioningState', {})) as {
      value: { provisioned: boolean };
    };
    expect(state.value.provisioned).toBe(false);
    const info = (await ipc.invoke(IPC_CHANNELS.call, ipcEvent(page), 'getKioskInfo', {})) as {
      error: { code: string };
    };
    expect(info.error.code).toBe('NOT_PROVISIONED');
    expect(existsSync(path.join(userData, 'data', 'catalogue.sqlite'))).toBe(false);
  });

  it("reloads a page grown past its memory limit, but only once the villager's session has ended", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const shell = await startKioskShell();
      closers.push(() => shell!.runtime.close());
      const reload = vi.mocked(electron.windows[0]!.webContents.reload);
      const ipc = electron.ipcMain as FakeIpcMain;
      const page = new FakeWebContents();
      await ipc.invoke(IPC_CHANNELS.call, ipcEvent(page), 'search', { query: '法律援助' });
      electron.pageMemoryKb = 2000 * 1024;
      vi.advanceTimersByTime(shell!.config.watchdog.checkSeconds * 1000);
      expect(reload).not.toHaveBeenCalled();
      await ipc.invoke(IPC_CHANNELS.call, ipcEvent(page), 'endSession', { reason: 'finished' });
      vi.advanceTimersByTime(shell!.config.watchdog.checkSeconds * 1000);
      expect(reload).toHaveBeenCalledTimes(1);
    } finally {
      electron.pageMemoryKb = 200 * 1024;
      vi.useRealTimers();
    }
  });

  it('refuses device simulators in a packaged kiosk, showing the "needs configuration" screen', async () => {
    electron.packaged = true;
    writeFileSync(
      path.join(userData, 'site.json'),
      JSON.stringify({ kioskCode: 'XW-ELEC-001', devices: { receiptPrinter: { mode: 'simulator' } } }),
    );
    await expect(startKioskShell()).resolves.toBeNull();
    const info = (await (electron.ipcMain as FakeIpcMain).invoke(
      IPC_CHANNELS.call,
      ipcEvent(new FakeWebContents()),
      'getKioskInfo',
      {},
    )) as { error: { code: string; message: string } };
    expect(info.error.code).toBe('CONFIG_INVALID');
    expect(info.error.message).toContain('devices.idcard, devices.receiptPrinter.mode: "simulator" is for development');
  });

  it("counts its start, and marks the version good at the page's first call", async () => {
    const shell = await startKioskShell();
    closers.push(() => shell!.runtime.close());
    const record = () => JSON.parse(readFileSync(path.join(userData, 'start-attempts.json'), 'utf8'));
    expect(record().starting).toEqual({ version: '0.1.0', attempts: 1 });
    const ipc = electron.ipcMain as FakeIpcMain;
    await ipc.invoke(IPC_CHANNELS.call, ipcEvent(new FakeWebContents()), 'getKioskInfo', {});
    expect(record()).toMatchObject({ starting: null, lastGood: { version: '0.1.0', installer: null } });
  });

  it('puts the last good AppImage back and restarts, when this version failed to start twice', async () => {
    const appImage = path.join(userData, 'Village-Kiosk.AppImage');
    const keptInstaller = path.join(userData, 'releases', '0.0.9', 'Village-Kiosk-0.0.9.AppImage');
    mkdirSync(path.dirname(keptInstaller), { recursive: true });
    writeFileSync(appImage, 'version 0.1.0 (broken)');
    writeFileSync(keptInstaller, 'version 0.0.9');
    writeFileSync(
      path.join(userData, 'start-attempts.json'),
      JSON.stringify({
        starting: { version: '0.1.0', attempts: 2 },
        lastGood: { version: '0.0.9', installer: keptInstaller },
        kept: {},
        badVersions: [],
        rolledBack: null,
      }),
    );
    vi.stubEnv('APPIMAGE', appImage);
    try {
      await expect(startKioskShell()).resolves.toBeNull();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(readFileSync(appImage, 'utf8')).toBe('version 0.0.9');
    expect(electron.calls).toEqual(expect.arrayContaining(['relaunch', 'quit']));
    expect(electron.windows).toHaveLength(0);
    const record = JSON.parse(readFileSync(path.join(userData, 'start-attempts.json'), 'utf8'));
    expect(record).toMatchObject({ badVersions: ['0.1.0'], rolledBack: { from: '0.1.0', to: '0.0.9' } });
  });

  it('quits without a window when another instance is running', async () => {
    electron.lock = false;
    await expect(startKioskShell()).resolves.toBeNull();
    expect(electron.calls).toContain('quit');
    expect(electron.windows).toHaveLength(0);
  });
});

describe('preload script', () => {
  it('exposes the bridge as window.kioskBridge through contextBridge', async () => {
    vi.resetModules();
    const exposed = new Map<string, unknown>();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: { invoke: vi.fn(), on: vi.fn(), send: vi.fn() },
    }));
    await import('../../electron/preload.ts');
    expect([...exposed.keys()]).toEqual(['kioskBridge']);
    const bridge = exposed.get('kioskBridge') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    vi.doUnmock('electron');
  });
});
