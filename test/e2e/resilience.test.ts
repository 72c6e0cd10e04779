/// <reference lib="dom" />
// The kiosk never shows a blank page, in Chromium: a screen that crashes on data it cannot handle shows a plain
// page and goes home on its own; when the back end goes away the screen says it is reconnecting, and once the
// back end is back the banner goes and the kiosk works again, without a reload.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../core/host/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { RENDERER_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('resilience-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;
let restarted: BrowserHost | null = null;

beforeAll(async () => {
  kiosk = await startKiosk(tempDir());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await restarted?.close();
  await kiosk?.stop();
});

describe('never a blank page', () => {
  it('shows a plain page when a screen crashes, and goes home from it', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    // The back end answers a service with something no screen can draw.
    await page.route('**/api/call/getService', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { id: 'broken' } }) }),
    );
    await page.getByTestId('category-tile').first().tap();
    await page.getByTestId('service-item').first().tap();
    const crash = page.getByTestId('crash-page');
    await crash.waitFor();
    expect(await crash.textContent()).toContain('您没有做错');
    expect(await page.locator('body').textContent()).not.toMatch(/TypeError|undefined|at \w+ \(/);
    // The header stays, so there is always a way on; the page goes home by itself (10 s) or on a tap.
    await page.getByRole('button', { name: '回到首页' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
  });

  it('says it is reconnecting while the back end is away, and works again once it is back', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('category-tile').first().waitFor();
    const { port } = new URL(kiosk.host.url);
    await kiosk.host.close();
    const banner = page.getByTestId('connection-lost');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('正在恢复连接');
    // The screen is still there under the banner: nothing went blank.
    expect(await page.getByTestId('category-tile').count()).toBeGreaterThan(0);

    restarted = await startBrowserHost({
      api: kiosk.core.service,
      staticDir: RENDERER_DIR,
      port: Number(port),
      token: kiosk.host.token,
      log: silentLogger(),
    });
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    await page.getByTestId('category-tile').first().tap();
    await page.getByTestId('service-item').first().waitFor();
  });
});
