// The real Electron shell, driven by Playwright's _electron, where an Electron binary exists.
// Elsewhere the tests are skipped and the reason is printed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../helpers/electron-binary.ts';
import { ROOT_DIR } from '../helpers/paths.ts';

const binary = findElectronBinary();
if ('missing' in binary) console.warn(`[electron e2e] skipped: ${binary.missing}`);

describe.skipIf('missing' in binary)('Electron shell', () => {
  it('opens the kiosk window on app:// with the home screen and no Node in the page', async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT_DIR, stdio: 'inherit' });
    const userData = mkdtempSync(path.join(tmpdir(), 'kiosk-electron-e2e-'));
    const app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: ['--no-sandbox', `--user-data-dir=${userData}`, path.join(ROOT_DIR, 'dist', 'electron', 'main.mjs')],
      cwd: ROOT_DIR,
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('category-tile').first().waitFor();
      expect(page.url()).toBe('app://kiosk/index.html');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(
        await page.evaluate(() => Object.keys((globalThis as { kioskBridge?: object }).kioskBridge ?? {})),
      ).toEqual(['call', 'subscribe']);
      // Lockdown in the real Chromium: no new windows, no navigation away from the app.
      expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      await page.evaluate(() => (window.location.href = 'https://example.com/'));
      await page.getByTestId('category-tile').first().waitFor();
      expect(page.url()).toBe('app://kiosk/index.html');
      expect(app.windows()).toHaveLength(1);
      // The page's first call marked this version as started well (rollback bookkeeping).
      const appUserData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
      const record = JSON.parse(readFileSync(path.join(appUserData, 'start-attempts.json'), 'utf8')) as {
        starting: unknown;
      };
      expect(record.starting).toBeNull();
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
