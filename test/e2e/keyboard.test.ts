/// <reference lib="dom" />
// The forms' on-screen keyboard in 长辈版, with taps only (no fill, no physical keyboard): a name typed as one run
// of pinyin and picked syllable by syllable, candidate pages, an address with a house number, the ID-number pad
// refusing an early X and a 19th character, the phone pad; the details reach the review page. Every key stays at
// least 60 px and on the screen with candidates showing, and the focused field is never behind the keyboard, in
// portrait and landscape. 我的办件's ID box takes the same pad.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passCaseSteps, passEligibility } from '../helpers/apply-steps.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, PORTRAIT, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('keyboard-e2e-');
const LANDSCAPE = { width: 1920, height: 1080 };
const ID_NUMBER = '11010519491231002X';
const ADDRESS = '徐闻县南山镇东村23号';
const PHONE = '13800138000';

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

const keyboard = (page: KioskPage) => page.getByTestId('field-keyboard');
const key = (page: KioskPage, name: string) => keyboard(page).locator(`[data-key="${name}"]`).first();
const candidates = (page: KioskPage) => keyboard(page).locator('.ime-candidates .key-letter');

async function tapKeys(page: KioskPage, keys: string): Promise<void> {
  for (const name of keys) await key(page, name).tap();
}

/** Pinyin letters, then the character among the candidates (page 1). */
async function pinyin(page: KioskPage, letters: string, character: string): Promise<void> {
  await tapKeys(page, letters);
  await pick(page, character);
}

async function pick(page: KioskPage, character: string): Promise<void> {
  await expect.poll(() => candidates(page).filter({ hasText: character }).count()).toBe(1);
  await key(page, character).tap();
}

/**
 * Taps a field, waits for its keyboard, and checks the field sits between the header and the keyboard. A field
 * the open keyboard covers is reached as a villager would: 收起键盘 first.
 */
async function openField(page: KioskPage, field: Locator): Promise<void> {
  if ((await keyboard(page).count()) > 0 && !(await fieldVisible(page, field))) {
    await key(page, 'close').tap();
    await keyboard(page).waitFor({ state: 'detached' });
  }
  await field.tap();
  await keyboard(page).waitFor();
  await expectFieldVisible(page, field);
}

async function fieldVisible(page: KioskPage, field: Locator): Promise<boolean> {
  const box = (await field.boundingBox())!;
  const board = (await keyboard(page).boundingBox())!;
  const header = (await page.locator('.header').boundingBox())!;
  return box.y >= header.y + header.height && box.y + box.height <= board.y;
}

async function expectFieldVisible(page: KioskPage, field: Locator): Promise<void> {
  await expect.poll(() => fieldVisible(page, field)).toBe(true);
}

/** Every key of the open keyboard: at least 60 × 60 px and wholly on the screen. */
async function expectKeysReachable(page: KioskPage): Promise<void> {
  const viewport = page.viewportSize()!;
  const keys = await keyboard(page).locator('button').all();
  expect(keys.length).toBeGreaterThan(0);
  for (const button of keys) {
    const box = (await button.boundingBox())!;
    const name = await button.getAttribute('data-key');
    expect(Math.min(box.width, box.height), name!).toBeGreaterThanOrEqual(60);
    expect(box.x, name!).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name!).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height, name!).toBeLessThanOrEqual(viewport.height);
  }
}

async function openManualForm(page: KioskPage): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('application-form').waitFor();
}

describe('the on-screen keyboard', () => {
  it('types the applicant’s details with taps only, and they reach the review page', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await openManualForm(page);
    await page.getByTestId('elder-toggle').tap();

    // One run of pinyin: each pick takes its syllable and leaves the rest typed.
    const name = page.getByTestId('form-name');
    await openField(page, name);
    await tapKeys(page, 'chenxiuying');
    expect(await page.getByTestId('ime-letters').textContent()).toBe('chenxiuying');
    await expect.poll(() => candidates(page).first().textContent()).toBe('陈');
    await expectKeysReachable(page);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'keyboard-pinyin-candidates-elder.png') });
    await pick(page, '陈');
    expect(await page.getByTestId('ime-letters').textContent()).toBe('xiuying');
    await pick(page, '秀');
    await pick(page, '英');
    expect(await page.getByTestId('ime-letters').textContent()).toBe('');
    expect(await name.inputValue()).toBe('陈秀英');

    const idNumber = page.getByTestId('form-id-number');
    await openField(page, idNumber);
    await expectKeysReachable(page);
    // X only as the last of 18 characters, and nothing after it.
    await tapKeys(page, 'X');
    expect(await idNumber.inputValue()).toBe('');
    await tapKeys(page, `${ID_NUMBER}1`);
    expect(await idNumber.inputValue()).toBe(ID_NUMBER);

    const address = page.getByTestId('form-address');
    await openField(page, address);
    // Candidate pages: 下一页 shows others, 上一页 comes back; 清空 drops the typed letters first.
    await tapKeys(page, 'zhen');
    await expect.poll(() => candidates(page).first().textContent()).toBe('镇');
    const firstPage = await candidates(page).allTextContents();
    await key(page, 'next-page').tap();
    await expect.poll(() => candidates(page).allTextContents()).not.toEqual(firstPage);
    await expectKeysReachable(page);
    await key(page, 'previous-page').tap();
    await expect.poll(() => candidates(page).allTextContents()).toEqual(firstPage);
    await key(page, 'clear').tap();
    expect(await page.getByTestId('ime-letters').textContent()).toBe('');
    for (const [letters, character] of [
      ['xu', '徐'],
      ['wen', '闻'],
      ['xian', '县'],
      ['nan', '南'],
      ['shan', '山'],
      ['zhen', '镇'],
      ['dong', '东'],
      ['cun', '村'],
    ] as const) {
      await pinyin(page, letters, character);
    }
    await key(page, 'digits').tap();
    await expectKeysReachable(page);
    await tapKeys(page, '23');
    await key(page, 'digits').tap();
    await pinyin(page, 'hao', '号');
    expect(await address.inputValue()).toBe(ADDRESS);

    const phone = page.getByTestId('form-phone');
    await openField(page, phone);
    await expect.poll(() => key(page, '-').count()).toBe(1);
    await tapKeys(page, PHONE);
    expect(await phone.inputValue()).toBe(PHONE);
    await key(page, 'close').tap();
    await keyboard(page).waitFor({ state: 'detached' });

    // The birth date was filled from the ID number; its field takes the plain number pad.
    expect(await page.getByTestId('form-birth-date').inputValue()).toBe('1949-12-31');
    await openField(page, page.getByTestId('form-birth-date'));
    expect(await key(page, 'X').count()).toBe(0);
    await page.getByTestId('application-form').locator('h2').tap();
    await keyboard(page).waitFor({ state: 'detached' });

    await page.getByTestId('form-confirm').tap();
    // The case questions take the same keyboard.
    const otherParty = page.getByTestId('case-otherParty');
    await openField(page, otherParty);
    await pinyin(page, 'zhang', '张');
    expect(await otherParty.inputValue()).toBe('张');
    await key(page, 'close').tap();
    await passCaseSteps(page);
    await page.getByTestId('documents-skip').tap();
    await page.getByTestId('face-decline').tap();
    const details = page.getByTestId('review-details');
    await details.waitFor();
    const shown = await details.textContent();
    for (const value of ['陈秀英', '110105********002X', ADDRESS, PHONE]) expect(shown).toContain(value);
    expect(page.problems).toEqual([]);
  });

  it('keeps the field above the keyboard and every key on a landscape screen', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.setViewportSize(LANDSCAPE);
    await openManualForm(page);
    await page.getByTestId('elder-toggle').tap();
    for (const id of ['form-name', 'form-birth-date', 'form-id-number', 'form-address', 'form-phone']) {
      await openField(page, page.getByTestId(id));
      await expectKeysReachable(page);
    }
    await openField(page, page.getByTestId('form-address'));
    await tapKeys(page, 'cun');
    await expect.poll(() => candidates(page).first().textContent()).toBe('村');
    await expectFieldVisible(page, page.getByTestId('form-address'));
    await expectKeysReachable(page);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'keyboard-pinyin-landscape-elder.png') });
    await page.setViewportSize(PORTRAIT);
    expect(page.problems).toEqual([]);
  });

  it('types the ID number on 我的办件 with the ID-number pad', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('my-submissions-entry').tap();
    const input = page.getByTestId('mine-id-input');
    await openField(page, input);
    expect(await keyboard(page).getAttribute('aria-label')).toBe('数字键盘');
    await tapKeys(page, `X${ID_NUMBER}`);
    expect(await input.inputValue()).toBe(ID_NUMBER);
    await key(page, 'backspace').tap();
    expect(await input.inputValue()).toBe(ID_NUMBER.slice(0, -1));
    await key(page, 'clear').tap();
    expect(await input.inputValue()).toBe('');
    await tapKeys(page, ID_NUMBER);
    await page.getByTestId('mine-look-up').tap();
    await page.getByTestId('mine-list').waitFor();
    expect(await page.getByTestId('mine-problem').count()).toBe(0);
    expect(page.problems).toEqual([]);
  });
});
