import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, contentTypeOf, resolveStaticPath } from '../../core/host/static-files.ts';

const ROOT = path.resolve('/srv/renderer');

describe('static files', () => {
  it('maps / to index.html and paths inside the folder to their files', () => {
    expect(resolveStaticPath(ROOT, '/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveStaticPath(ROOT, '/assets/index-1.js')).toBe(path.join(ROOT, 'assets', 'index-1.js'));
  });

  it('refuses paths that leave the folder, encoded or not', () => {
    for (const bad of [
      '/../etc/passwd',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fsecret',
      '/a%00b',
      '/%E0%A4%A',
      '/..\\x',
    ]) {
      expect(resolveStaticPath(ROOT, bad), bad).toBeNull();
    }
    expect(resolveStaticPath(ROOT, '/../renderer-evil/x')).toBeNull();
  });

  it('names content types', () => {
    expect(contentTypeOf('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
  });

  it('allows only the app’s own scripts', () => {
    const csp = contentSecurityPolicy(['ws://127.0.0.1:5']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:5");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe');
  });
});
