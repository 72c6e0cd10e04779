// Keeps a kiosk that runs for weeks from growing without bound: a page whose process has grown past its limit is
// reloaded, and a main process past its memory or open-file limit restarts the app, always between sessions,
// never under a villager's hands. Each is counted in watchdog.json with the figure that triggered it.
import { readdirSync } from 'node:fs';
import type { App, WebContents } from 'electron';
import { noteRestart } from '../core/watchdog/restart-record.ts';

export interface MemoryReadings {
  /** The page's process, in MB; null when it cannot be measured (no page process at the moment). */
  rendererMb: number | null;
  mainMb: number;
  /** Open files and sockets of the main process; null where the OS does not say (Windows). */
  mainOpenFiles: number | null;
}

export interface MemoryWatchOptions {
  limits: { rendererMaxMb: number; mainMaxMb: number; mainMaxOpenFiles: number };
  checkMs: number;
  read: () => MemoryReadings;
  inSession: () => boolean;
  reloadPage: () => void;
  restartApp: () => void;
  dataDir: string;
}

export type MemoryVerdict = { act: 'none' } | { act: 'reload-page' | 'restart-app'; reason: string };

/** What the readings call for now; the app restart wins, as it renews the page too. */
export function judgeMemory(readings: MemoryReadings, limits: MemoryWatchOptions['limits']): MemoryVerdict {
  if (readings.mainMb > limits.mainMaxMb) {
    return { act: 'restart-app', reason: `main process ${Math.round(readings.mainMb)} MB` };
  }
  if (readings.mainOpenFiles !== null && readings.mainOpenFiles > limits.mainMaxOpenFiles) {
    return { act: 'restart-app', reason: `main process holds ${readings.mainOpenFiles} open files` };
  }
  if (readings.rendererMb !== null && readings.rendererMb > limits.rendererMaxMb) {
    return { act: 'reload-page', reason: `page process ${Math.round(readings.rendererMb)} MB` };
  }
  return { act: 'none' };
}

/** Starts the watch; returns the function that stops it. */
export function watchMemory(options: MemoryWatchOptions): () => void {
  const timer = setInterval(() => {
    // Measured only between sessions: a figure over the limit mid-session waits until the villager is done.
    if (options.inSession()) return;
    const verdict = judgeMemory(options.read(), options.limits);
    if (verdict.act === 'none') return;
    if (verdict.act === 'reload-page') {
      noteRestart(options.dataDir, 'renderer', verdict.reason);
      options.reloadPage();
    } else {
      noteRestart(options.dataDir, 'backend', verdict.reason);
      options.restartApp();
    }
  }, options.checkMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Open descriptors of this process where /proc tells (Linux); null elsewhere. */
function openFileCount(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

/** Readings from Electron: the page's process found by its pid in app.getAppMetrics (working set, KB). */
export function electronMemoryReadings(
  app: Pick<App, 'getAppMetrics'>,
  contents: Pick<WebContents, 'getOSProcessId' | 'isDestroyed'>,
  mainRssBytes: () => number = () => process.memoryUsage().rss,
): MemoryReadings {
  const pid = contents.isDestroyed() ? null : contents.getOSProcessId();
  const page = app.getAppMetrics().find((metric) => metric.pid === pid);
  return {
    rendererMb: page ? page.memory.workingSetSize / 1024 : null,
    mainMb: mainRssBytes() / (1024 * 1024),
    mainOpenFiles: openFileCount(),
  };
}
