// A kiosk whose configuration does not validate, in Chromium: the page shows that the kiosk cannot be used (for
// the villager) and exactly what is wrong (for the technician), in place of every villager screen, with no stack
// trace and nothing to tap into a half-working service.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsConfigurationApi } from '../../core/host/needs-configuration.ts';
import { startBrowserHost, type BrowserHost } from '../../core/host/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { RENDERER_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';

const PROBLEM = '/etc/kiosk/site.json: devices.receiptPrinter.paper: must be one of "58mm", "80mm"';
let host: BrowserHost;
let browser: Browser;

beforeAll(async () => {
  host = await startBrowserHost({
    api: needsConfigurationApi(PROBLEM),
    staticDir: RENDERER_DIR,
    port: 0,
    log: silentLogger(),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('a kiosk that needs configuration', () => {
  it('says so plainly, names the file and the field for the technician, and offers no service', async () => {
    const page = await openKioskPage(browser, host.url);
    const screen = page.getByTestId('needs-configuration');
    await screen.waitFor();
    expect(await screen.textContent()).toContain('本机暂时不能使用，请到服务窗口办理');
    expect(await page.getByTestId('setup-problem').textContent()).toBe(PROBLEM);
    expect(await page.getByTestId('category-tile').count()).toBe(0);
    expect(await page.locator('button').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/at \w+ \(|Error:/);
    // The only complaints are the browser's notes of the refused calls (503: not set up), nothing from the app.
    expect(page.problems.filter((problem) => !problem.includes('status of 503 (Service Unavailable)'))).toEqual([]);
  });
});
