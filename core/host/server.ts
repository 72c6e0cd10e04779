// The browser host: serves the built renderer and the KioskApi on 127.0.0.1 so that Chromium (tests,
// development, `--kiosk` deployments) can run the kiosk without Electron.
//
// Protection, because any local process or web page could otherwise talk to it:
// - a per-launch random token, handed to the page in the URL fragment (never sent to servers or logged),
//   required on every API call (Authorization: Bearer) and on the event socket (a WebSocket sub-protocol);
// - the Host header must name this server (defeats DNS rebinding) and any Origin must be this server's own.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { HOST_PATHS, WS_PROTOCOL, WS_TOKEN_PREFIX, type KioskEvent, type KioskApi } from '../api/contract.ts';
import { dispatch } from '../api/dispatch.ts';
import type { ErrorCode } from '../api/errors.ts';
import type { Logger } from '../log.ts';
import { contentSecurityPolicy, contentTypeOf, resolveStaticPath } from './static-files.ts';

// Large enough for an application with its document photos (base64); the host listens on loopback only.
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

export interface HostedApi extends KioskApi {
  subscribe(listener: (event: KioskEvent) => void): () => void;
}

export interface BrowserHostOptions {
  api: HostedApi;
  /** Folder of the built renderer (Vite's output). */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  /** Fixed token for tests; normally a fresh random one per launch. */
  token?: string;
}

/** When the page last showed signs of life, for the watchdog (Date.now() values; null: not yet). */
export interface HostActivity {
  /** The page's last "alive" beat: its main thread was running then. */
  rendererAliveAt: number | null;
  /** The last KioskApi call: someone (or a screen) was doing something then. */
  lastCallAt: number | null;
}

export interface BrowserHost {
  port: number;
  origin: string;
  token: string;
  /** The address to open in Chromium, token in the fragment. */
  url: string;
  activity(): HostActivity;
  close(): Promise<void>;
}

// Every code has its status, so a new code cannot fall through to a misleading 500.
const STATUS_OF: Record<ErrorCode, number> = {
  API_BAD_REQUEST: 400,
  API_UNKNOWN_METHOD: 404,
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN_ORIGIN: 403,
  API_UNAVAILABLE: 503,
  CATALOGUE_NOT_FOUND: 404,
  CATALOGUE_EMPTY: 503,
  CATALOGUE_INVALID: 500,
  CONFIG_INVALID: 503,
  PRINTER_UNAVAILABLE: 503,
  OUTBOX_UNAVAILABLE: 503,
  HUB_UNAVAILABLE: 503,
  TECHNICIAN_SIGN_IN_REQUIRED: 403,
  LOGS_EXPORT_FAILED: 503,
  NOT_PROVISIONED: 409,
  ALREADY_PROVISIONED: 409,
  ENROL_TOKEN_UNKNOWN: 403,
  ENROL_TOKEN_EXPIRED: 403,
  ENROL_TOKEN_USED: 409,
  ENROL_REGION_MISMATCH: 403,
  ENROL_KIOSK_TAKEN: 409,
  ENROL_REFUSED: 403,
  ENROL_BAD_ANSWER: 502,
  INTERNAL: 500,
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const { log, api } = options;
  let allowedHosts: Set<string> = new Set();
  let allowedOrigins: Set<string> = new Set();
  let csp = '';
  const activity: HostActivity = { rendererAliveAt: null, lastCallAt: null };

  /** Refuses a request that names another host or comes from another origin; null when it may proceed. */
  function refusal(req: IncomingMessage): { status: number; code: ErrorCode; message: string } | null {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return { status: 403, code: 'API_FORBIDDEN_ORIGIN', message: 'unexpected Host header' };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return { status: 403, code: 'API_FORBIDDEN_ORIGIN', message: 'requests from other origins are refused' };
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return { status: 403, code: 'API_FORBIDDEN_ORIGIN', message: 'cross-site requests are refused' };
    }
    return null;
  }

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(text);
  }

  function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
    sendJson(res, status, { ok: false, error: { code, message } });
  }

  async function readBody(req: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      // Past the limit the rest is read and dropped, so the client gets the 413 instead of a reset connection;
      // far past it the connection is cut.
      if (size > 2 * MAX_BODY_BYTES) req.destroy();
      if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    }
    return size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8');
  }

  /** Token and method checks shared by the page's POST endpoints; false when it has answered the refusal. */
  function authorisedPost(req: IncomingMessage, res: ServerResponse): boolean {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice('Bearer '.length), token)) {
      sendError(res, 401, 'API_UNAUTHORIZED', 'missing or wrong token');
      return false;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, 'API_BAD_REQUEST', 'use POST');
      return false;
    }
    return true;
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (!authorisedPost(req, res)) return;
    activity.lastCallAt = Date.now();
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendError(res, 415, 'API_BAD_REQUEST', 'body must be application/json');
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      sendError(res, 413, 'API_BAD_REQUEST', `body larger than ${MAX_BODY_BYTES} bytes`);
      return;
    }
    let input: unknown;
    try {
      input = body === '' ? {} : JSON.parse(body);
    } catch {
      sendError(res, 400, 'API_BAD_REQUEST', 'body is not valid JSON');
      return;
    }
    const result = await dispatch(api, method, input);
    if (result.ok) {
      sendJson(res, 200, result);
    } else {
      if (result.error.code === 'INTERNAL') log.error({ method, error: result.error }, 'api call failed');
      sendJson(res, STATUS_OF[result.error.code], result);
    }
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveStaticPath(options.staticDir, pathname);
    let size = -1;
    if (file !== null) {
      try {
        const stat = statSync(file);
        if (stat.isFile()) size = stat.size;
      } catch {
        size = -1;
      }
    }
    if (file === null || size < 0) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const isHtml = file.endsWith('.html');
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Length': size,
      // Hashed asset names never change content; the page itself must always be fresh.
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      ...(isHtml ? { 'Content-Security-Policy': csp, 'X-Frame-Options': 'DENY' } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  const server = http.createServer((req, res) => {
    const refused = refusal(req);
    if (refused) {
      sendError(res, refused.status, refused.code, refused.message);
      return;
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith(HOST_PATHS.callPrefix)) {
      handleCall(req, res, pathname.slice(HOST_PATHS.callPrefix.length)).catch((error: unknown) => {
        log.error({ err: error }, 'api request failed');
        if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'internal error');
        else res.destroy();
      });
      return;
    }
    if (pathname === HOST_PATHS.alive) {
      if (authorisedPost(req, res)) {
        activity.rendererAliveAt = Date.now();
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      }
      req.resume();
      return;
    }
    if (pathname.startsWith('/api/')) {
      sendError(res, 404, 'API_UNKNOWN_METHOD', 'no such endpoint');
      return;
    }
    serveStatic(req, res, pathname);
  });

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 4 * 1024,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname !== HOST_PATHS.events) return rejectUpgrade(socket, 404, 'Not Found');
    const refused = refusal(req);
    if (refused) return rejectUpgrade(socket, 403, 'Forbidden');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const tokenOffered = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length) ?? '';
    if (!offered.includes(WS_PROTOCOL) || !sameSecret(tokenOffered, token)) {
      return rejectUpgrade(socket, 401, 'Unauthorized');
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  sockets.on('connection', (ws: WebSocket) => {
    let alive = true;
    const send = (event: KioskEvent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    };
    const unsubscribe = api.subscribe(send);
    // Pings find sockets whose peer vanished without closing (a killed browser), so they stop receiving events.
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);
    ws.on('pong', () => (alive = true));
    ws.on('message', () => ws.close(1008, 'the event socket is one-way'));
    ws.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
    ws.on('error', (error) => log.warn({ err: error }, 'event socket error'));
    send({ type: 'connection.ready' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  csp = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  log.info({ origin }, 'browser host listening');

  return {
    port,
    origin,
    token,
    url: `${origin}/#token=${token}`,
    activity: () => ({ ...activity }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
