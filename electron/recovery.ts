// The kiosk window recovers by itself: a renderer that crashes or is killed (out of memory, say) is loaded
// again, and one that stays unresponsive past a grace period is ended and loaded again. Each is counted in the
// data folder's watchdog.json, as the browser host's supervisor does, for the health report.
import type { BrowserWindow, RenderProcessGoneDetails } from 'electron';
import { noteRestart } from '../core/watchdog/restart-record.ts';

/** A page busy for a moment (a large PDF) is not hung: it gets this long to answer again. */
export const UNRESPONSIVE_GRACE_MS = 15_000;

type RecoveringWindow = Pick<BrowserWindow, 'on'> & {
  webContents: Pick<BrowserWindow['webContents'], 'on' | 'reload' | 'forcefullyCrashRenderer'>;
};

export function recoverRenderer(window: RecoveringWindow, dataDir: string, graceMs = UNRESPONSIVE_GRACE_MS): void {
  let hung: ReturnType<typeof setTimeout> | undefined;
  let endingHungPage = false;
  window.webContents.on('render-process-gone', (_event: unknown, details: RenderProcessGoneDetails) => {
    clearTimeout(hung);
    // A clean exit is the app quitting: nothing to recover.
    if (details.reason === 'clean-exit') return;
    noteRestart(dataDir, 'renderer', endingHungPage ? 'page not answering' : `renderer ${details.reason}`);
    endingHungPage = false;
    window.webContents.reload();
  });
  window.on('unresponsive', () => {
    clearTimeout(hung);
    hung = setTimeout(() => {
      // Recovered (and counted) above, as any other gone renderer.
      endingHungPage = true;
      window.webContents.forcefullyCrashRenderer();
    }, graceMs);
  });
  window.on('responsive', () => clearTimeout(hung));
}
