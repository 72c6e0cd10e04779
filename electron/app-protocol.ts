// Serves the built renderer under app://kiosk/ instead of file://, with the same path guard and CSP as
// the browser host.
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { contentSecurityPolicy, contentTypeOf, resolveStaticPath } from '../core/host/static-files.ts';
import { APP_HOST } from './lockdown.ts';

export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const file = url.host === APP_HOST ? resolveStaticPath(rendererDir, url.pathname) : null;
  if (file === null) return new Response('not found', { status: 404 });
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return new Response('not found', { status: 404 });
  }
  const headers: Record<string, string> = { 'Content-Type': contentTypeOf(file), 'X-Content-Type-Options': 'nosniff' };
  if (file.endsWith('.html')) headers['Content-Security-Policy'] = contentSecurityPolicy();
  return new Response(new Uint8Array(body), { status: 200, headers });
}

export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle('app', (request) => appProtocolResponse(rendererDir, request.url));
}
