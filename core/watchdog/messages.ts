// What the kiosk back end tells its supervisor (core/supervise.ts) over the IPC channel, and how the supervisor
// keeps the screen's address stable across back-end restarts.

export type BackendMessage =
  /** Serving at `url`; `browser` is how to show it, or null when there is no screen to open it on. */
  | { type: 'ready'; url: string; port: number; dataDir: string; browser: { windowed: boolean } | null }
  /** The page has not said it is alive for too long: restart the browser. */
  | { type: 'renderer-silent' };

/** The back end exits with this to be started afresh (the nightly restart); not a crash. */
export const PLANNED_EXIT_CODE = 75;

/** The supervisor's per-launch host token, kept across back-end restarts so an open page keeps working. */
export const HOST_TOKEN_ENV = 'KIOSK_HOST_TOKEN';

export function isBackendMessage(value: unknown): value is BackendMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'renderer-silent';
}
