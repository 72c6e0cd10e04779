// After a power cut the kiosk must start by itself. Chromium's single-instance lock on Linux (SingletonLock, a
// symlink to "host-pid", with SingletonSocket and SingletonCookie) survives the cut, and after the reboot its pid
// may belong to an unrelated process: Electron would then think the kiosk is already running and quit. A lock
// whose pid is gone or is not this program is removed before the lock is asked for. Our own write-then-rename
// temp files (*.tmp) left half-written in the data folder are removed once the lock is held. SQLite's -wal and
// -shm files are never touched: SQLite recovers from them.
import { readdirSync, readlinkSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const SINGLETON_FILES = ['SingletonLock', 'SingletonSocket', 'SingletonCookie'];

/** The executable of a running process, or null when it is not running or cannot be read (another user's). */
export function executableOf(pid: number): string | null {
  try {
    return realpathSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

export interface StaleLockOptions {
  /** This program's executable (process.execPath). */
  executable: string;
  executableOf?: (pid: number) => string | null;
}

/** Removes Chromium's singleton lock in `userDataDir` when no copy of this program holds it; says whether it did. */
export function clearStaleSingletonLock(userDataDir: string, options: StaleLockOptions): boolean {
  let target: string;
  try {
    target = readlinkSync(path.join(userDataDir, 'SingletonLock'));
  } catch {
    return false; // no lock (or not Linux, where the lock is a named mutex that dies with its process)
  }
  const pid = Number(/-(\d+)$/.exec(target)?.[1]);
  const holder = Number.isInteger(pid) && pid > 0 ? (options.executableOf ?? executableOf)(pid) : null;
  if (holder !== null && holder === realpathOrSelf(options.executable)) return false;
  for (const name of SINGLETON_FILES) rmSync(path.join(userDataDir, name), { force: true });
  return true;
}

function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Removes our half-written temp files (top level of the data folder); returns their names. */
export function removeStaleTempFiles(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = path.join(dataDir, name);
    if (!name.endsWith('.tmp') || !statSync(file).isFile()) continue;
    rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}
