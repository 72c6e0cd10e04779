/// <reference lib="dom" />
// The renderer's one link to the back end. In Electron the preload script exposes `window.kioskBridge`;
// in the browser host the page talks HTTP + WebSocket to the server that served it, with the per-launch
// token it found in the URL fragment. No other renderer module knows which shell it runs in.
import {
  HOST_PATHS,
  WS_PROTOCOL,
  WS_TOKEN_PREFIX,
  type KioskEvent,
  type KioskEventListener,
  type KioskResult,
} from '../../../core/api/contract.ts';

export interface Transport {
  call(method: string, input: unknown): Promise<KioskResult<unknown>>;
  subscribe(listener: KioskEventListener): () => void;
}

/** What electron/preload.ts exposes. */
export interface KioskBridge {
  call(method: string, input: unknown): Promise<KioskResult<unknown>>;
  subscribe(listener: KioskEventListener): () => void;
}

declare global {
  interface Window {
    kioskBridge?: KioskBridge;
  }
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;
/** How often the page tells the host it is alive; the watchdog's silence limit is several of these. */
export const ALIVE_INTERVAL_MS = 5_000;

/** Reads the token from `#token=…`; the fragment stays so a reload of the page still works. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : null;
}

export function browserTransport(origin: string, token: string): Transport {
  const listeners = new Set<KioskEventListener>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const deliver = (event: KioskEvent) => listeners.forEach((listener) => listener(event));
  // Sent from the page's main thread, so the beats stop when a script hangs it: the watchdog then restarts it.
  let aliveTimer: ReturnType<typeof setInterval> | undefined;
  const sayAlive = () => {
    fetch(`${origin}${HOST_PATHS.alive}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(
      () => undefined,
    );
  };

  function connect(): void {
    retryTimer = undefined;
    const wsOrigin = origin.replace(/^http/, 'ws');
    socket = new WebSocket(`${wsOrigin}${HOST_PATHS.events}`, [WS_PROTOCOL, WS_TOKEN_PREFIX + token]);
    socket.onopen = () => (retryMs = RECONNECT_MIN_MS);
    socket.onmessage = (message) => {
      try {
        deliver(JSON.parse(String(message.data)) as KioskEvent);
      } catch {
        // A malformed event is dropped; the next good one still arrives.
      }
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size === 0) return;
      // Screens say the kiosk is reconnecting until the back end's connection.ready arrives again.
      deliver({ type: 'connection.lost' });
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    };
  }

  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`${origin}${HOST_PATHS.callPrefix}${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        return { ok: false, error: { code: 'API_UNAVAILABLE', message: String(error) } };
      }
      try {
        return (await response.json()) as KioskResult<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'API_UNAVAILABLE', message: `HTTP ${response.status} without a JSON body` },
        };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (socket === null && retryTimer === undefined) connect();
      if (aliveTimer === undefined) {
        sayAlive();
        aliveTimer = setInterval(sayAlive, ALIVE_INTERVAL_MS);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(retryTimer);
          retryTimer = undefined;
          clearInterval(aliveTimer);
          aliveTimer = undefined;
          socket?.close();
        }
      };
    },
  };
}

/** A transport that answers every call with an error, for a page opened without its token. */
function unavailableTransport(reason: string): Transport {
  return {
    call: async () => ({ ok: false, error: { code: 'API_UNAUTHORIZED', message: reason } }),
    subscribe: () => () => undefined,
  };
}

export function detectTransport(): Transport {
  if (window.kioskBridge) return window.kioskBridge;
  const token = tokenFromHash(window.location.hash);
  if (token === null) return unavailableTransport('this page was opened without its launch token');
  return browserTransport(window.location.origin, token);
}
