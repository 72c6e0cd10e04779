// The browser host on 127.0.0.1 with the real back end (SQLite file, fixture catalogue): the token, the
// Host and Origin checks, the API over HTTP and the event stream over WebSocket.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PREFIX, type KioskEvent } from '../../core/api/contract.ts';
import { CatalogueStore } from '../../core/catalogue/store.ts';
import { loadConfig } from '../../core/config/config.ts';
import { openDatabase } from '../../core/db/database.ts';
import { startBrowserHost, type BrowserHost } from '../../core/host/server.ts';
import { KioskService } from '../../core/kiosk-service.ts';
import { FIXTURE_REGION, makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir();
let host: BrowserHost;
let service: KioskService;
let closeDb: () => void;

beforeAll(async () => {
  const dir = tempDir();
  const staticDir = path.join(dir, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');

  const db = openDatabase(path.join(dir, 'catalogue.sqlite'));
  closeDb = () => db.close();
  const config = { ...loadConfig({ rootDir: ROOT_DIR }), regionCode: FIXTURE_REGION };
  service = new KioskService({
    config,
    catalogue: new CatalogueStore(db),
    appVersion: '9.9.9',
    shell: 'browser',
    log: silentLogger(),
  });
  service.installCatalogue(makeCatalogue(1));
  host = await startBrowserHost({ api: service, staticDir, port: 0, log: silentLogger() });
});

afterAll(async () => {
  await host.close();
  closeDb();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request, so tests control every header (fetch would set Origin and Host itself). */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function call(method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return request(`/api/call/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${host.token}`,
      Origin: host.origin,
      ...headers,
    },
    body: JSON.stringify(input),
  });
}

describe('browser host', () => {
  it('listens on 127.0.0.1 and hands out the token in the URL fragment only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await request('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>kiosk</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${host.port}`);
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await request('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const bad of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/nope.js']) {
      const reply = await request(bad);
      expect(reply.status, bad).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
  });

  it('answers KioskApi calls that carry the token', async () => {
    const reply = await call('listServices', { categoryId: 'falv-yuanzhu' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: [{ id: 'wage-aid' }, { id: 'legal-aid' }] });
    const info = JSON.parse((await call('getKioskInfo', {})).body);
    expect(info.value).toMatchObject({ appVersion: '9.9.9', shell: 'browser', catalogueVersion: 1 });
  });

  it('rejects a missing or wrong token with 401', async () => {
    const missing = await request('/api/call/listCategories', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: host.origin },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({
      ok: false,
      error: { code: 'API_UNAUTHORIZED', message: 'missing or wrong token' },
    });
    for (const authorization of [`Bearer ${host.token}x`, `Bearer ${host.token.slice(1)}`, host.token, 'Bearer ']) {
      expect((await call('listCategories', {}, { Authorization: authorization })).status, authorization).toBe(401);
    }
  });

  it("takes the page's alive beats and notes its calls, for the watchdog, with the token only", async () => {
    const before = host.activity();
    const beat = (authorization: string) =>
      request('/api/alive', { method: 'POST', headers: { Authorization: authorization, Origin: host.origin } });
    expect((await beat('Bearer wrong')).status).toBe(401);
    expect(host.activity().rendererAliveAt).toBe(before.rendererAliveAt);
    expect((await request('/api/alive', { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(405);
    const sent = Date.now();
    expect((await beat(`Bearer ${host.token}`)).status).toBe(204);
    expect(host.activity().rendererAliveAt).toBeGreaterThanOrEqual(sent);
    await call('listCategories', {});
    expect(host.activity().lastCallAt).toBeGreaterThanOrEqual(sent);
  });

  it('refuses other origins and other Host names, token or not', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:1', 'null']) {
      const reply = await call('listCategories', {}, { Origin: origin });
      expect(reply.status, origin).toBe(403);
      expect(JSON.parse(reply.body).error.code).toBe('API_FORBIDDEN_ORIGIN');
    }
    expect((await call('listCategories', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    // DNS rebinding: a foreign name that resolves to 127.0.0.1.
    expect((await call('listCategories', {}, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await request('/', { headers: { Host: 'evil.example' } })).status).toBe(403);
    // localhost is the same machine and allowed.
    expect(
      (await call('listCategories', {}, { Host: `localhost:${host.port}`, Origin: `http://localhost:${host.port}` }))
        .status,
    ).toBe(200);
  });

  it('answers bad requests with a clear error code', async () => {
    const badJson = await request('/api/call/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
      body: '{"query":',
    });
    expect(badJson.status).toBe(400);
    expect((await call('search', { query: 7 })).status).toBe(400);
    expect((await call('dropTables', {})).status).toBe(404);
    expect((await call('getService', { id: 'nothing' })).status).toBe(404);
    const huge = await call('search', { query: 'x'.repeat(17 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const get = await request('/api/call/listCategories', { headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
    const form = await request('/api/call/listCategories', {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });
});

describe('event stream', () => {
  function connect(
    protocols: string[],
    headers: Record<string, string> = {},
  ): Promise<{ ws: WebSocket; events: KioskEvent[] }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, protocols, {
        headers: { Origin: host.origin, ...headers },
      });
      const events: KioskEvent[] = [];
      ws.on('message', (data) => events.push(JSON.parse(String(data)) as KioskEvent));
      ws.once('open', () => resolve({ ws, events }));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('delivers events to a socket that presents the token', async () => {
    const { ws, events } = await connect([WS_PROTOCOL, WS_TOKEN_PREFIX + host.token]);
    expect(ws.protocol).toBe(WS_PROTOCOL);
    await until(() => events.length >= 1);
    service.installCatalogue(makeCatalogue(2));
    await until(() => events.length >= 2);
    expect(events).toEqual([{ type: 'connection.ready' }, { type: 'catalogue.changed', version: 2 }]);
    ws.close();
  });

  it('refuses sockets without the token, with a wrong one, or from another origin', async () => {
    await expect(connect([WS_PROTOCOL])).rejects.toThrow('HTTP 401');
    await expect(connect([WS_PROTOCOL, `${WS_TOKEN_PREFIX}wrong`])).rejects.toThrow('HTTP 401');
    await expect(connect([WS_TOKEN_PREFIX + host.token])).rejects.toThrow('HTTP 401');
    await expect(
      connect([WS_PROTOCOL, WS_TOKEN_PREFIX + host.token], { Origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403');
  });

  it('drops the subscription when a socket closes', async () => {
    const before = service.subscriberCount;
    const { ws, events } = await connect([WS_PROTOCOL, WS_TOKEN_PREFIX + host.token]);
    await until(() => events.length >= 1);
    expect(service.subscriberCount).toBe(before + 1);
    ws.close();
    await until(() => service.subscriberCount === before);
    expect(service.subscriberCount).toBe(before);
  });

  it('closes a socket that sends anything (the stream is one-way)', async () => {
    const { ws } = await connect([WS_PROTOCOL, WS_TOKEN_PREFIX + host.token]);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{"type":"hello"}');
    expect(await closed).toBe(1008);
  });
});
