// Notices a kiosk page that has stopped saying it is alive (its main thread hangs, or it crashed without its
// browser exiting) and asks for it to be restarted; then gives the new page the same time before asking again.
import type { HostActivity } from '../host/server.ts';

export interface RendererWatchOptions {
  activity: () => HostActivity;
  silenceMs: number;
  onSilent: () => void;
  /**
   * A window is showing the page: silence counts from the start of the watch even before the first beat, so a
   * page that never comes up (hung while loading, after a back-end restart) is caught too. Without a window
   * (no display) nothing is expected until a page says it is alive.
   */
  windowShowing?: boolean;
  checkEveryMs?: number;
  now?: () => number;
}

/** Starts watching; returns the function that stops it. */
export function watchRenderer(options: RendererWatchOptions): () => void {
  const now = options.now ?? Date.now;
  let askedAt: number | null = options.windowShowing ? now() : null;
  const check = () => {
    const aliveAt = options.activity().rendererAliveAt;
    if (aliveAt === null && askedAt === null) return;
    const since = Math.max(aliveAt ?? 0, askedAt ?? 0);
    if (now() - since > options.silenceMs) {
      askedAt = now();
      options.onSilent();
    }
  };
  const timer = setInterval(check, options.checkEveryMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
