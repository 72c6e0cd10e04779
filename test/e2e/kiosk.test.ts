/// <reference lib="dom" />
// The villager's first screens in Debian's Chromium, against the browser host with the sample catalogue.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../core/catalogue/schema.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR, SAMPLE_CATALOGUE } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const tempDir = useTempDir('kiosk-e2e-');

let browser: Browser;
let kiosk: RunningKiosk;

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  kiosk = await startKiosk(tempDir());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

async function openKiosk(viewport = PORTRAIT, url = kiosk.host.url): Promise<Page> {
  const page = await browser.newPage({ viewport, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(url);
  return page;
}

/** Home → 法律援助 → its first service, waiting for the materials list. */
async function openLegalAidGuide(): Promise<Page> {
  const page = await openKiosk();
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('materials-list').waitFor();
  return page;
}

function problemsOf(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

describe('villager screens', () => {
  it('goes from the home screen to a service guide with its materials list', async () => {
    for (const [name, viewport] of [
      ['portrait', PORTRAIT],
      ['landscape', LANDSCAPE],
    ] as const) {
      const page = await openKiosk(viewport);
      await expect.poll(() => page.locator('h1').textContent()).toContain('法宝宝');
      const tiles = page.getByTestId('category-tile');
      await tiles.first().waitFor();
      expect(await tiles.count()).toBeGreaterThanOrEqual(6);
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, `home-${name}-${viewport.width}x${viewport.height}.png`),
      });

      await tiles.filter({ hasText: '法律援助' }).first().tap();
      const services = page.getByTestId('service-item');
      await services.first().waitFor();
      expect(await page.locator('h2').textContent()).toBe('法律援助');
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, `services-${name}-${viewport.width}x${viewport.height}.png`),
      });

      const firstTitle = await services.first().locator('.service-title').textContent();
      await services.first().tap();
      const materials = page.getByTestId('materials-list');
      await materials.waitFor();
      expect(await page.locator('#guide-title').textContent()).toBe(firstTitle);
      expect(await materials.locator('li').count()).toBeGreaterThan(0);
      expect(await materials.textContent()).toContain('身份证');
      for (const section of ['办理条件', '需要带的材料', '办理步骤', '在哪里办、什么时间']) {
        await expect.poll(() => page.locator('.guide-section h3').allTextContents()).toContain(section);
      }
      await page.screenshot({
        path: path.join(ARTIFACTS_DIR, `guide-${name}-${viewport.width}x${viewport.height}.png`),
        fullPage: false,
      });
      expect(problemsOf(page)).toEqual([]);
      await page.close();
    }
  });

  it('always offers a way back and home', async () => {
    const page = await openLegalAidGuide();
    await page.getByRole('button', { name: '返回' }).tap();
    await page.getByTestId('service-item').first().waitFor();
    await page.getByRole('button', { name: '首页' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(await page.getByRole('button', { name: '返回' }).count()).toBe(0);
    await page.close();
  });

  it('makes every button at least 60 px in both directions', async () => {
    const page = await openLegalAidGuide();
    const small = await page.locator('button').evaluateAll((buttons) =>
      buttons
        .map((button) => ({ text: button.textContent, box: button.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 60 || box.height < 60)
        .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    await page.close();
  });

  it('switches the screen words to English and back', async () => {
    const page = await openKiosk();
    await page.getByTestId('category-tile').first().waitFor();
    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(() => page.locator('.screen-prompt').textContent()).toBe('Tap what you want to do');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: '中文' }).tap();
    await expect.poll(() => page.locator('.screen-prompt').textContent()).toBe('请点选您要办理的事情');
    await page.close();
  });

  it('shows new catalogue content as soon as it is installed, without a reload', async () => {
    const page = await openKiosk();
    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().waitFor();
    const catalogue = JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as Catalogue;
    const current = (await kiosk.core.service.getKioskInfo()).catalogueVersion ?? 0;
    catalogue.version = current + 1;
    const aid = catalogue.categories.find((category) => category.name === '法律援助')!;
    aid.name = '法律援助（已更新）';
    kiosk.core.service.installCatalogue(catalogue);
    await page.getByTestId('category-tile').filter({ hasText: '法律援助（已更新）' }).waitFor();
    await page.close();
  });

  it('tells the villager plainly when the page has no launch token, with no stack trace', async () => {
    const page = await openKiosk(PORTRAIT, kiosk.host.origin + '/');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('请联系工作人员');
    expect(text).not.toMatch(/Error|at \w+ \(|API_|undefined/);
    expect(await alert.getByRole('button').allTextContents()).toEqual(['再试一次', '回到首页']);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'no-token-portrait.png') });
    await page.close();
  });
});

describe('back end gone', () => {
  it('says plainly that the kiosk is recovering and offers a retry', async () => {
    const lonely = await startKiosk(tempDir());
    const page = await browser.newPage({ viewport: PORTRAIT, hasTouch: true });
    try {
      await page.goto(lonely.host.url);
      await page.getByTestId('category-tile').first().waitFor();
      await lonely.stop();
      await page.getByTestId('category-tile').first().tap();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-error-code')).toBe('API_UNAVAILABLE');
      expect(await alert.textContent()).toContain('本机正在恢复');
      expect(await alert.getByRole('button').allTextContents()).toEqual(['再试一次', '回到首页']);
    } finally {
      await page.close();
    }
  });
});

describe('粤智助 profile', () => {
  it('shows the government categories', async () => {
    const other = await startKiosk(tempDir(), { profile: 'yuezizhu' });
    try {
      const page = await browser.newPage({ viewport: LANDSCAPE });
      await page.goto(other.host.url);
      const tiles = page.getByTestId('category-tile');
      await tiles.first().waitFor();
      const names = await tiles.locator('.tile-name').allTextContents();
      expect(names).toEqual(expect.arrayContaining(['社会保障', '医疗保障']));
      expect(names).not.toContain('法律援助');
      expect(await page.locator('h1').textContent()).toContain('粤智助');
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'home-yuezizhu-1920x1080.png') });
      await page.close();
    } finally {
      await other.stop();
    }
  });
});
