/// <reference lib="dom" />
// The villager search in Debian's Chromium, against the browser host with the sample catalogue (法宝宝 profile):
// the on-screen pinyin keyboard, a physical keyboard, results, no results and the way on.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kiosk-search-e2e-');

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

async function openSearch(): Promise<KioskPage> {
  const page = await openKioskPage(browser, kiosk.host.url);
  await page.getByTestId('category-tile').first().waitFor();
  await page.getByTestId('search-entry').tap();
  await page.getByTestId('pinyin-keyboard').waitFor();
  return page;
}

async function tapKeys(page: KioskPage, keys: string[]): Promise<void> {
  for (const key of keys) await page.locator(`.key[data-key="${key}"]`).tap();
}

function resultTitles(page: KioskPage): Promise<string[]> {
  return page.getByTestId('search-result').locator('.service-title').allTextContents();
}

describe('villager search', () => {
  it('finds 法律援助 by its initials typed on the on-screen keyboard and opens its guide', async () => {
    const page = await openSearch();
    const input = page.getByTestId('search-input');
    expect(await page.locator('#search-hint').textContent()).toBe('输入拼音或首字母，例如 flyz（法律援助）');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'search-empty-portrait-1080x1920.png') });

    await tapKeys(page, ['f', 'l', 'y', 'z']);
    expect(await input.inputValue()).toBe('flyz');
    // Nothing sticks out sideways on the portrait screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1080);
    await expect.poll(async () => (await resultTitles(page)).slice(0, 3).join(' ')).toContain('法律援助');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'search-flyz-portrait-1080x1920.png') });

    // Backspace takes one letter; clear takes them all and the results go with them.
    await page.locator('.key[data-key="backspace"]').tap();
    expect(await input.inputValue()).toBe('fly');
    await page.locator('.key[data-key="clear"]').tap();
    expect(await input.inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('search-result').count()).toBe(0);

    await tapKeys(page, ['f', 'l', 'y', 'z']);
    const legalAid = page.getByTestId('search-result').filter({ hasText: '法律援助申请' }).first();
    await legalAid.waitFor();
    await legalAid.tap();
    const materials = page.getByTestId('materials-list');
    await materials.waitFor();
    expect(await page.locator('#guide-title').textContent()).toBe('法律援助申请');
    expect(await materials.locator('li').count()).toBeGreaterThan(0);

    // Back brings the query and its results back; home forgets them.
    await page.getByRole('button', { name: '返回' }).tap();
    expect(await page.getByTestId('search-input').inputValue()).toBe('flyz');
    await page.getByTestId('search-result').first().waitFor();
    await page.getByRole('button', { name: '首页' }).tap();
    await page.getByTestId('search-entry').tap();
    expect(await page.getByTestId('search-input').inputValue()).toBe('');
    expect(await page.getByTestId('search-result').count()).toBe(0);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('says plainly when nothing is found, and offers a way on', async () => {
    const page = await openSearch();
    await tapKeys(page, ['q', 'q', 'q', 'q', 'q', 'q']);
    const empty = page.getByTestId('search-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('没有找到');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'search-none-portrait-1080x1920.png') });

    await empty.getByRole('button', { name: '清空，重新输入' }).tap();
    expect(await page.getByTestId('search-input').inputValue()).toBe('');
    await tapKeys(page, ['q', 'q', 'q', 'q', 'q', 'q']);
    await empty.getByRole('button', { name: '按分类查找' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('takes typing from a physical keyboard too', async () => {
    const page = await openSearch();
    // The on-screen keys leave the focus in the input, so a physical keyboard can carry on after them.
    await tapKeys(page, ['t', 'a', 'o']);
    await page.keyboard.type('xin');
    expect(await page.getByTestId('search-input').inputValue()).toBe('taoxin');
    await expect.poll(() => resultTitles(page)).toContain('农民工讨薪法律援助');
    expect(await page.getByTestId('search-input').evaluate((input) => document.activeElement === input)).toBe(true);

    await page.locator('.key[data-key="clear"]').tap();
    await page.keyboard.type('taoxin');
    await expect.poll(() => resultTitles(page)).toContain('农民工讨薪法律援助');
    // A result found by a common name says so in words.
    await expect
      .poll(() => page.locator('[data-matched-on="synonym"] .search-match-note').first().textContent())
      .toBe('按常用说法找到');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'search-taoxin-portrait-1080x1920.png') });

    // Hanzi, as a system IME would put them in the input.
    await page.locator('.key[data-key="clear"]').tap();
    await page.getByTestId('search-input').fill('讨薪');
    await expect.poll(() => resultTitles(page)).toContain('农民工讨薪法律援助');
    await page.locator('.key[data-key="backspace"]').tap();
    expect(await page.getByTestId('search-input').inputValue()).toBe('讨');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('has keys of at least 72 px with large text, and shows when a key is pressed', async () => {
    const page = await openSearch();
    const keys = page.locator('.key');
    expect(await keys.count()).toBe(26 + 3);
    const small = await keys.evaluateAll((elements) =>
      elements
        .map((key) => ({
          key: key.getAttribute('data-key'),
          box: key.getBoundingClientRect(),
          font: parseFloat(getComputedStyle(key).fontSize),
        }))
        .filter(({ box, font }) => box.width < 72 || box.height < 72 || font < 24)
        .map(({ key, box, font }) => `${key} ${Math.round(box.width)}x${Math.round(box.height)} ${font}px`),
    );
    expect(small).toEqual([]);
    expect(await page.getByTestId('search-input').getAttribute('inputmode')).toBe('none');

    const key = page.locator('.key[data-key="a"]');
    const box = await key.boundingBox();
    if (!box) throw new Error('key a has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    expect(await key.getAttribute('data-pressed')).toBe('true');
    await page.mouse.up();
    expect(await key.getAttribute('data-pressed')).toBeNull();
    expect(await page.getByTestId('search-input').inputValue()).toBe('a');

    await page.getByRole('button', { name: 'English' }).tap();
    expect(await page.locator('#search-hint').textContent()).toBe('Type pinyin or initials, e.g. flyz');
    expect(await page.locator('.key[data-key="backspace"]').textContent()).toContain('Delete');
    await page.close();
  });
});
