// The shell's long-running parts, each with stand-ins for Electron: the session tracker, the memory and
// open-file watchdog (acts only between sessions), start on boot, the shell's config, and the clean-up after a
// power cut (real files and symlinks, a real dead process id).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUIET_BEFORE_RESTART_MS } from '../../core/watchdog/nightly-restart.ts';
import { readRestartRecord } from '../../core/watchdog/restart-record.ts';
import {
  electronMemoryReadings,
  judgeMemory,
  watchMemory,
  type MemoryReadings,
} from '../../electron/memory-watchdog.ts';
import { trackSessions } from '../../electron/session-activity.ts';
import { loadShellConfig } from '../../electron/shell-config.ts';
import { clearStaleSingletonLock, executableOf, removeStaleTempFiles } from '../../electron/stale-locks.ts';
import { registerStartOnBoot } from '../../electron/start-on-boot.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('electron-long-');
const limits = { rendererMaxMb: 1000, mainMaxMb: 1500, mainMaxOpenFiles: 4000 };

describe('session tracking', () => {
  it('opens on a call a person causes, closes on endSession, and not on the screens own status calls', () => {
    let now = 1_000_000;
    const sessions = trackSessions(() => now);
    for (const method of ['getKioskInfo', 'listCategories', 'getIdCardStatus', 'getPrinterStatus', 'getHealth']) {
      sessions.noteCall(method);
    }
    expect(sessions.inSession()).toBe(false);
    sessions.noteCall('search');
    expect(sessions.inSession()).toBe(true);
    now += 60_000;
    sessions.noteCall('getPrinterStatus');
    expect(sessions.inSession()).toBe(true);
    sessions.noteCall('endSession');
    expect(sessions.inSession()).toBe(false);
    now += 1;
    sessions.noteCall('getService');
    expect(sessions.inSession()).toBe(true);
    expect(sessions.lastActiveAt()).toBe(now);
  });

  it('counts a session as over after five quiet minutes (a page that crashed never says endSession)', () => {
    let now = 0;
    const sessions = trackSessions(() => now);
    sessions.noteCall('submitApplication');
    now = QUIET_BEFORE_RESTART_MS - 1;
    expect(sessions.inSession()).toBe(true);
    now = QUIET_BEFORE_RESTART_MS;
    expect(sessions.inSession()).toBe(false);
  });
});

describe('memory and open-file watchdog', () => {
  afterEach(() => vi.useRealTimers());
  const calm: MemoryReadings = { rendererMb: 300, mainMb: 400, mainOpenFiles: 120 };

  it('asks for a page reload past the page limit, an app restart past the main limits, nothing below', () => {
    expect(judgeMemory(calm, limits)).toEqual({ act: 'none' });
    expect(judgeMemory({ ...calm, rendererMb: null, mainOpenFiles: null }, limits)).toEqual({ act: 'none' });
    expect(judgeMemory({ ...calm, rendererMb: 1200.4 }, limits)).toEqual({
      act: 'reload-page',
      reason: 'page process 1200 MB',
    });
    expect(judgeMemory({ ...calm, mainMb: 1600 }, limits)).toMatchObject({ act: 'restart-app' });
    expect(judgeMemory({ ...calm, mainOpenFiles: 5000 }, limits)).toEqual({
      act: 'restart-app',
      reason: 'main process holds 5000 open files',
    });
    // Both: the app restart renews the page as well.
    expect(judgeMemory({ rendererMb: 2000, mainMb: 2000, mainOpenFiles: 1 }, limits).act).toBe('restart-app');
  });

  it('waits for the session to end before reloading, and counts the reload with its reason', () => {
    vi.useFakeTimers();
    const dataDir = tempDir();
    let session = true;
    let readings: MemoryReadings = { ...calm, rendererMb: 1500 };
    const reloadPage = vi.fn();
    const restartApp = vi.fn();
    const read = vi.fn(() => readings);
    const stop = watchMemory({
      limits,
      checkMs: 1000,
      read,
      inSession: () => session,
      reloadPage,
      restartApp,
      dataDir,
    });
    vi.advanceTimersByTime(5000);
    expect(reloadPage).not.toHaveBeenCalled();
    expect(read).not.toHaveBeenCalled();
    session = false;
    vi.advanceTimersByTime(1000);
    expect(reloadPage).toHaveBeenCalledTimes(1);
    expect(readRestartRecord(dataDir).renderer).toMatchObject({ restarts: 1, lastReason: 'page process 1500 MB' });
    readings = calm;
    vi.advanceTimersByTime(5000);
    expect(reloadPage).toHaveBeenCalledTimes(1);
    readings = { ...calm, mainMb: 1700 };
    vi.advanceTimersByTime(1000);
    expect(restartApp).toHaveBeenCalledTimes(1);
    expect(readRestartRecord(dataDir).backend).toMatchObject({ restarts: 1, lastReason: 'main process 1700 MB' });
    stop();
    vi.advanceTimersByTime(5000);
    expect(restartApp).toHaveBeenCalledTimes(1);
  });

  it('reads the page process from app.getAppMetrics by its pid', () => {
    const app = {
      getAppMetrics: () => [
        { pid: 10, type: 'Browser', memory: { workingSetSize: 100 * 1024 } },
        { pid: 42, type: 'Tab', memory: { workingSetSize: 700 * 1024 } },
      ],
    };
    const contents = { getOSProcessId: () => 42, isDestroyed: () => false };
    const readings = electronMemoryReadings(app as never, contents, () => 256 * 1024 * 1024);
    expect(readings.rendererMb).toBe(700);
    expect(readings.mainMb).toBe(256);
    // This test runs on Linux, where /proc tells the open files.
    expect(readings.mainOpenFiles).toBeGreaterThan(0);
    const gone = electronMemoryReadings(app as never, { getOSProcessId: () => 0, isDestroyed: () => true });
    expect(gone.rendererMb).toBeNull();
  });
});

describe('start on boot', () => {
  it('registers the packaged app on Windows only', () => {
    const setLoginItemSettings = vi.fn();
    const packaged = { isPackaged: true, setLoginItemSettings };
    const options = { enabled: true, executable: 'C:\\Kiosk\\Village Kiosk.exe' };
    expect(registerStartOnBoot(packaged, { ...options, platform: 'win32' })).toBe(true);
    expect(setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, path: options.executable, args: [] });
    expect(registerStartOnBoot(packaged, { ...options, platform: 'linux' })).toBe(false);
    expect(registerStartOnBoot({ ...packaged, isPackaged: false }, { ...options, platform: 'win32' })).toBe(false);
    expect(setLoginItemSettings).toHaveBeenCalledTimes(1);
    registerStartOnBoot(packaged, { ...options, enabled: false, platform: 'win32' });
    expect(setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, path: options.executable, args: [] });
  });
});

describe('shell config', () => {
  const defaults = path.resolve('kiosk-config/shell.json');

  it('takes the shipped defaults, with the site file laid over them section by section', () => {
    const dir = tempDir();
    expect(loadShellConfig(defaults, path.join(dir, 'none.json')).updates.feedUrl).toBeNull();
    const site = path.join(dir, 'shell.json');
    writeFileSync(site, JSON.stringify({ updates: { feedUrl: 'https://updates.example.cn/kiosk' } }));
    const config = loadShellConfig(defaults, site);
    expect(config.updates).toMatchObject({ feedUrl: 'https://updates.example.cn/kiosk', channel: 'stable' });
    expect(config.watchdog.rendererMaxMb).toBe(1024);
  });

  it('refuses a site file that does not validate, naming the field', () => {
    const site = path.join(tempDir(), 'shell.json');
    writeFileSync(site, JSON.stringify({ watchdog: { rendererMaxMb: 5 } }));
    expect(() => loadShellConfig(defaults, site)).toThrow(/shell\.json: watchdog\.rendererMaxMb/);
    writeFileSync(site, JSON.stringify({ updates: { installAt: '25:00' } }));
    expect(() => loadShellConfig(defaults, site)).toThrow(/updates\.installAt: must be a time of day/);
    writeFileSync(site, '[1]');
    expect(() => loadShellConfig(defaults, site)).toThrow(/must hold a JSON object/);
  });
});

describe('after a power cut', () => {
  function lockedUserData(pid: number) {
    const dir = tempDir();
    symlinkSync(`${hostname()}-${pid}`, path.join(dir, 'SingletonLock'));
    symlinkSync('/tmp/nonexistent/SingletonSocket', path.join(dir, 'SingletonSocket'));
    symlinkSync('1234567', path.join(dir, 'SingletonCookie'));
    return dir;
  }
  // lstat: a dangling symlink (the usual state of SingletonSocket after a reboot) still counts as present.
  const present = (dir: string) =>
    ['SingletonLock', 'SingletonSocket', 'SingletonCookie'].filter((name) => {
      try {
        lstatSync(path.join(dir, name));
        return true;
      } catch {
        return false;
      }
    });

  it('removes a singleton lock whose process is gone', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dir = lockedUserData(dead);
    expect(clearStaleSingletonLock(dir, { executable: process.execPath })).toBe(true);
    expect(present(dir)).toEqual([]);
  });

  it('removes a lock whose pid now belongs to another program, and keeps one this program holds', () => {
    const foreign = lockedUserData(4242);
    expect(
      clearStaleSingletonLock(foreign, { executable: '/opt/kiosk/kiosk', executableOf: () => '/usr/bin/bash' }),
    ).toBe(true);
    expect(present(foreign)).toEqual([]);

    // This very process stands in for a running kiosk.
    const held = lockedUserData(process.pid);
    expect(executableOf(process.pid)).not.toBeNull();
    expect(clearStaleSingletonLock(held, { executable: process.execPath })).toBe(false);
    expect(present(held)).toHaveLength(3);
  });

  it('does nothing without a lock', () => {
    expect(clearStaleSingletonLock(tempDir(), { executable: process.execPath })).toBe(false);
  });

  it('removes our half-written temp files and leaves SQLite journals and everything else', () => {
    const dataDir = tempDir();
    for (const name of ['watchdog.json.tmp', 'provisioning.json.tmp', 'catalogue.sqlite', 'catalogue.sqlite-wal']) {
      writeFileSync(path.join(dataDir, name), 'x');
    }
    writeFileSync(path.join(dataDir, 'catalogue.sqlite-shm'), 'x');
    mkdirSync(path.join(dataDir, 'bundles.tmp'));
    expect(removeStaleTempFiles(dataDir).sort()).toEqual(['provisioning.json.tmp', 'watchdog.json.tmp']);
    for (const kept of ['catalogue.sqlite', 'catalogue.sqlite-wal', 'catalogue.sqlite-shm', 'bundles.tmp']) {
      expect(existsSync(path.join(dataDir, kept)), kept).toBe(true);
    }
    expect(removeStaleTempFiles(path.join(dataDir, 'missing'))).toEqual([]);
  });
});
