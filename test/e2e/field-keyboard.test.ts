/// <reference lib="dom" />
// The forms' on-screen keyboard in Chromium, with nothing typed on a physical keyboard: a name and an address in
// pinyin with character candidates, the ID number on the pad with X, the phone on the phone pad, a case answer;
// every key at least 60 px in 长辈版; the keyboard closes when the field is left and on 收起键盘.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passEligibility } from '../helpers/apply-steps.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('field-keyboard-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;

beforeAll(async () => {
  kiosk = await startKiosk(tempDir());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

const keyboard = (page: KioskPage) => page.getByTestId('field-keyboard');

/** Taps keys by their names (letters, digits, X, '-', or a candidate character). */
async function tapKeys(page: KioskPage, keys: string): Promise<void> {
  for (const key of keys) await keyboard(page).locator(`[data-key="${key}"]`).first().tap();
}

/** Pinyin letters, then the character among the candidates. */
async function pinyin(page: KioskPage, letters: string, character: string): Promise<void> {
  await tapKeys(page, letters);
  await expect.poll(() => keyboard(page).locator(`.ime-candidates [data-key="${character}"]`).count()).toBe(1);
  await tapKeys(page, character);
}

describe('the forms’ on-screen keyboard', () => {
  it('types a whole application form with taps only', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
    await page.getByTestId('service-item').first().tap();
    await page.getByTestId('apply-button').tap();
    await passEligibility(page);
    await page.getByTestId('manual-entry').tap();
    await page.getByTestId('elder-toggle').tap();

    await page.getByTestId('form-name').tap();
    await keyboard(page).waitFor();
    await pinyin(page, 'chen', '陈');
    await pinyin(page, 'xiu', '秀');
    await pinyin(page, 'ying', '英');
    expect(await page.getByTestId('form-name').inputValue()).toBe('陈秀英');
    for (const key of await keyboard(page).locator('button').all()) {
      const box = (await key.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(60);
    }
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'field-keyboard-pinyin-elder.png') });

    await page.getByTestId('form-id-number').tap();
    await expect.poll(() => keyboard(page).locator('[data-key="X"]').count()).toBe(1);
    await tapKeys(page, '11010519491231002X');
    expect(await page.getByTestId('form-id-number').inputValue()).toBe('11010519491231002X');

    await page.getByTestId('form-address').tap();
    await pinyin(page, 'guang', '广');
    await pinyin(page, 'dong', '东');
    await keyboard(page).locator('[data-key="digits"]').tap();
    await tapKeys(page, '23');
    expect(await page.getByTestId('form-address').inputValue()).toBe('广东23');
    // Backspace takes one character; a typed syllable first loses its letters.
    await keyboard(page).locator('[data-key="backspace"]').tap();
    expect(await page.getByTestId('form-address').inputValue()).toBe('广东2');

    await page.getByTestId('form-phone').tap();
    await expect.poll(() => keyboard(page).locator('[data-key="-"]').count()).toBe(1);
    await tapKeys(page, '13800138000');
    await keyboard(page).locator('[data-key="close"]').tap();
    await keyboard(page).waitFor({ state: 'detached' });

    await page.getByTestId('form-confirm').tap();
    const otherParty = page.getByTestId('case-otherParty');
    await otherParty.waitFor();
    // The case questions take the same keyboard; leaving the field closes it.
    await otherParty.tap();
    await pinyin(page, 'zhang', '张');
    expect(await otherParty.inputValue()).toBe('张');
    await page.getByTestId('case-form').locator('h2').tap();
    await keyboard(page).waitFor({ state: 'detached' });
    expect(page.problems).toEqual([]);
  });
});
