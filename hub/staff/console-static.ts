// Serves the built staff console (dist/staff-console) at /console/ with a strict Content-Security-Policy: only
// the hub's own scripts, styles, images and API, no inline code, no framing. Paths are matched, never joined
// from what the request says, so nothing outside the folder can be named.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HubHttpError } from '../http.ts';
import type { Route } from '../router.ts';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function consoleRoutes(consoleDir: string): Route[] {
  const send = (file: string, immutable: boolean) => {
    const full = path.join(consoleDir, file);
    if (!existsSync(full)) {
      throw new HubHttpError(
        404,
        'HUB_NOT_FOUND',
        file === 'index.html' ? 'the staff console is not built' : 'no such file',
      );
    }
    return {
      body: readFileSync(full),
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      },
    };
  };
  return [
    {
      methods: ['GET', 'HEAD'],
      path: /^\/console$/,
      staff: false,
      async handle({ res }) {
        res.writeHead(308, { Location: '/console/', 'Content-Length': 0 });
        res.end();
      },
    },
    {
      methods: ['GET', 'HEAD'],
      // index.html, the icon, or a built asset (hashed names: letters, digits, - _ and single dots).
      path: /^\/console\/(?:index\.html)?$|^\/console\/(favicon\.svg|assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)$/,
      staff: false,
      async handle({ req, res, params }) {
        const asset = params[0];
        const { body, headers } = send(asset ?? 'index.html', asset?.startsWith('assets/') ?? false);
        res.writeHead(200, { ...headers, 'Content-Length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
    },
  ];
}
