// The back end's side of the watchdog when it runs supervised: it watches the page's alive beats and the clock,
// and says when the window needs restarting or it is time for the nightly fresh start.
import type { KioskConfig } from '../config/config.ts';
import type { BrowserHost } from '../host/server.ts';
import { nightlyRestartDue } from './nightly-restart.ts';
import { watchRenderer } from './renderer-watch.ts';
import { readRestartRecord } from './restart-record.ts';

const NIGHTLY_CHECK_MS = 60_000;

export interface BackendWatchHandlers {
  /** The supervisor shows the page in a window (there is a display). */
  windowShowing: boolean;
  onRendererSilent: () => void;
  onNightlyRestart: () => void;
}

/** Starts both watches; returns the function that stops them. */
export function watchBackend(
  host: BrowserHost,
  config: KioskConfig,
  dataDir: string,
  handlers: BackendWatchHandlers,
): () => void {
  const stopRendererWatch = watchRenderer({
    activity: () => host.activity(),
    silenceMs: config.watchdog.rendererSilenceSeconds * 1000,
    onSilent: handlers.onRendererSilent,
    windowShowing: handlers.windowShowing,
  });
  const nightly = setInterval(() => {
    const due = nightlyRestartDue({
      now: new Date(),
      quietTime: config.watchdog.nightlyRestart,
      lastCallAt: host.activity().lastCallAt,
      plannedAt: readRestartRecord(dataDir).plannedAt,
    });
    if (due) handlers.onNightlyRestart();
  }, NIGHTLY_CHECK_MS);
  nightly.unref();
  return () => {
    stopRendererWatch();
    clearInterval(nightly);
  };
}
