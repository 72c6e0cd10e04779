// Where KioskApi messages travel: Electron IPC channel names and the browser host's paths. Dependency-free
// so the preload bundle stays small.

/** Names of the Electron IPC channels (shared by main and preload). */
export const IPC_CHANNELS = {
  call: 'kiosk:call',
  event: 'kiosk:event',
  subscribe: 'kiosk:subscribe',
} as const;

/** HTTP and WebSocket paths of the browser host. */
export const HOST_PATHS = {
  callPrefix: '/api/call/',
  events: '/api/events',
  /** The page says it is alive (its main thread runs) every few seconds; the watchdog restarts a silent one. */
  alive: '/api/alive',
} as const;

/** WebSocket sub-protocol; the per-launch token travels as a second sub-protocol `token.<token>`. */
export const WS_PROTOCOL = 'kiosk.v1';
export const WS_TOKEN_PREFIX = 'token.';
