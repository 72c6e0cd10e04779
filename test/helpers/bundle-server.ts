// A plain static HTTP server for bundle folders on 127.0.0.1, standing in for a CDN (or a hostile network):
// it answers /v1/catalogue/current with whatever the test sets, serves bundle folders by id with Range support,
// and can tamper with a response or cut it off part-way, so the kiosk's checks can be tested one by one.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { bundlePath, CATALOGUE_API } from '../../core/protocol/catalogue.ts';

export type Tamper = (urlPath: string, body: Buffer) => Buffer | { cutAfter: number } | undefined;

export interface BundleServer {
  url: string;
  /** The answer to GET /current: an object is sent as JSON, a string as it is, null as 404. */
  current: unknown;
  tamper: Tamper | null;
  /** Every request: path and Range header. */
  requests: { path: string; range: string | undefined }[];
  serve(bundleId: string, dir: string): void;
  /** The pointer a hub would answer for a full bundle (and a delta). */
  pointTo(catalogueId: string, version: number, delta?: { base: number; bundleId: string }): void;
  close(): Promise<void>;
}

export async function startBundleServer(): Promise<BundleServer> {
  const folders = new Map<string, string>();
  const state: BundleServer = {
    url: '',
    current: null,
    tamper: null,
    requests: [],
    serve: (bundleId, dir) => folders.set(bundleId, dir),
    pointTo: (catalogueId, version, delta) => {
      state.current = {
        catalogueId,
        version,
        full: bundlePath(`v${version}`),
        delta: delta ? { base: delta.base, path: bundlePath(delta.bundleId) } : null,
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const send = (res: http.ServerResponse, urlPath: string, body: Buffer, range: string | undefined) => {
    const tampered = state.tamper?.(urlPath, body);
    if (tampered && 'cutAfter' in tampered) {
      // Promise the whole file, send part of it, then drop the connection: a download that breaks off.
      res.writeHead(200, { 'Content-Length': body.length });
      res.write(body.subarray(0, tampered.cutAfter), () => res.destroy());
      return;
    }
    const bytes = tampered ?? body;
    const match = range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      const start = Number(match[1]);
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
        'Content-Length': bytes.length - start,
      });
      res.end(bytes.subarray(start));
      return;
    }
    res.writeHead(200, { 'Content-Length': bytes.length });
    res.end(bytes);
  };

  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    state.requests.push({ path: urlPath, range: req.headers.range });
    if (urlPath === `${CATALOGUE_API}/current`) {
      if (state.current === null) {
        res.writeHead(404).end();
        return;
      }
      const text = typeof state.current === 'string' ? state.current : JSON.stringify(state.current);
      send(res, urlPath, Buffer.from(text), undefined);
      return;
    }
    const match = /^\/v1\/catalogue\/bundles\/([^/]+)\/(manifest\.json|manifest\.sig|files\/[0-9a-f]{64})$/.exec(
      urlPath,
    );
    const dir = match ? folders.get(match[1]!) : undefined;
    const file = dir && match ? path.join(dir, match[2]!) : undefined;
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    send(res, urlPath, readFileSync(file), req.headers.range);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
