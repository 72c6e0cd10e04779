/// <reference lib="dom" />
// The 粤智助 government-service kiosk in Chromium: its home shows the government items of the catalogue and none
// of the legal ones; a guide that can also be done online carries a QR code a phone reads back as the address;
// a service that cannot be done at a kiosk offers no 开始办理, only the guide.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { decodeQrPng } from '../helpers/qr.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('government-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;

beforeAll(async () => {
  kiosk = await startKiosk(tempDir(), { profile: 'yuezizhu' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('the 粤智助 kiosk', () => {
  it('shows the government items, a QR code to continue online, and no apply button where the kiosk cannot', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    const tiles = page.getByTestId('category-tile');
    await tiles.first().waitFor();
    const names = await tiles.locator('.tile-name').allTextContents();
    expect(names).toContain('社会保障');
    expect(names).not.toContain('法律援助');
    expect(await page.locator('h1').textContent()).toContain('粤智助');

    await tiles.filter({ hasText: '社会保障' }).tap();
    await page.getByTestId('service-item').filter({ hasText: '城乡居民基本养老保险参保登记' }).tap();
    const qr = page.getByTestId('guide-online-qr');
    await qr.scrollIntoViewIfNeeded();
    expect(await decodeQrPng(await qr.screenshot())).toBe('https://www.gdzwfw.gov.cn/');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'government-guide-online.png') });

    await page.getByRole('button', { name: /首页/ }).tap();
    await tiles.filter({ hasText: '户籍与证件' }).tap();
    await page.getByTestId('service-item').filter({ hasText: '居民身份证换领' }).tap();
    await page.getByTestId('materials-list').waitFor();
    expect(await page.getByTestId('apply-button').count()).toBe(0);
    expect(page.problems).toEqual([]);
  });
});
