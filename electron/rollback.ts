// Putting the last good version back. An AppImage is one file: the kept one replaces the running one and the app
// starts again from it. On Windows the kept NSIS installer runs silently and starts the app when done. A deb
// installation needs root to change, so it is not rolled back by itself (README: Production shell).
import { chmodSync, copyFileSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { spawn as spawnType } from 'node:child_process';

export interface RollbackEnvironment {
  platform: NodeJS.Platform;
  /** Set by the AppImage runtime: the path of the running AppImage. */
  appImage: string | undefined;
  spawn: typeof spawnType;
  /** Restart the app from `execPath` (Electron's app.relaunch + quit). */
  relaunch: (execPath: string) => void;
  quit: () => void;
}

export type RollbackOutcome = 'relaunching' | 'installer-started' | 'unsupported';

export function rollBackTo(installer: string, env: RollbackEnvironment): RollbackOutcome {
  if (env.platform === 'linux' && env.appImage) {
    // Copied beside and renamed over: a power cut mid-copy leaves the running file whole.
    const temp = `${env.appImage}.rollback`;
    copyFileSync(installer, temp);
    chmodSync(temp, 0o755);
    renameSync(temp, env.appImage);
    env.relaunch(env.appImage);
    return 'relaunching';
  }
  if (env.platform === 'win32') {
    env.spawn(installer, ['/S', '--force-run'], { detached: true, stdio: 'ignore' }).unref();
    env.quit();
    return 'installer-started';
  }
  return 'unsupported';
}

/** Keeps a copy of the running AppImage (before an update replaces it) to roll back to; null when not an AppImage. */
export function preserveAppImage(appImage: string | undefined, releasesDir: string, version: string): string | null {
  if (!appImage) return null;
  const dir = path.join(releasesDir, version);
  mkdirSync(dir, { recursive: true });
  const kept = path.join(dir, path.basename(appImage));
  copyFileSync(appImage, kept);
  return kept;
}
