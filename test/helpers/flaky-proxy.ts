// An HTTP proxy on 127.0.0.1 in front of a hub that misbehaves on demand, the way village networks and
// overloaded servers do: it can answer late (after the client gave up, while the hub did the work), cut the
// connection after the hub has answered, answer 500 or garbage without asking the hub, or pass through.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'late'; delayMs: number }
  | { kind: 'cut-after-hub' }
  | { kind: 'status'; status: number; body: string };

export interface FlakyProxy {
  url: string;
  mode: ProxyMode;
  /** Only requests whose path starts with this are affected; others pass. */
  only: string;
  /** Requests that reached the hub through the proxy. */
  forwarded: number;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: () => string): Promise<FlakyProxy> {
  const state: FlakyProxy = {
    url: '',
    mode: { kind: 'pass' },
    only: '/',
    forwarded: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const affected = (req.url ?? '').startsWith(state.only);
    const mode = affected ? state.mode : ({ kind: 'pass' } as const);
    if (mode.kind === 'status') {
      res.writeHead(mode.status, { 'content-type': 'application/json' }).end(mode.body);
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    let answer: Response;
    try {
      answer = await fetch(new URL(req.url ?? '/', target()), {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: new Uint8Array(Buffer.concat(chunks)) } : {}),
      });
    } catch {
      res.destroy(); // the hub is down: so is the route to it
      return;
    }
    state.forwarded += 1;
    const body = Buffer.from(await answer.arrayBuffer());
    if (mode.kind === 'cut-after-hub') {
      res.destroy();
      return;
    }
    if (mode.kind === 'late') await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
