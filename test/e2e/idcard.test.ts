/// <reference lib="dom" />
// Applying with an ID card in Debian's Chromium: the browser host with a simulated reader on a real PTY, the
// identify screen, the prefilled form, manual entry, the honest end screen, and personal data that never
// outlives the session.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';
import { passCaseSteps, passEligibility, submitReview } from '../helpers/apply-steps.ts';

const ELDER_ID = '440825194803150020';
const tempDir = useTempDir('idcard-e2e-');

let browser: Browser;
let kiosk: RunningKiosk;
let sim: PtySimulator;
const pages: Page[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  sim = await startPtySimulator({ baudRate: 115200 });
  kiosk = await startKiosk(tempDir(), { idcardPath: sim.path });
  browser = await launchChromium();
});

afterEach(async () => {
  // The reader, like real ones, reads a card once until it leaves: every test starts with an empty reader.
  sim.reader.removeCard();
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await sim?.close();
});

async function openKiosk(
  url = kiosk.host.url,
  options: { reducedMotion?: 'reduce' | 'no-preference'; locale?: string } = {},
): Promise<KioskPage> {
  const page = await openKioskPage(browser, url, options);
  pages.push(page);
  return page;
}

/** Home → 法律援助 → its first service (kiosk-supported in the sample catalogue) → 开始办理. */
async function openIdentify(page: Page): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('materials-list').waitFor();
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.getByTestId('identify-screen').waitFor();
}

/** Waits until the identify screen says the reader is ready, so a card laid down now will be read. */
async function readerReady(page: Page): Promise<void> {
  await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
}

async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

async function firstLegalAidService() {
  const [first] = await kiosk.core.service.listServices({ categoryId: 'falv-yuanzhu' });
  return kiosk.core.service.getService({ id: first!.id });
}

describe('applying with an ID card', () => {
  it('fills the form from the card, masks the ID number and keeps the full number off the page', async () => {
    const page = await openKiosk(kiosk.host.url, { reducedMotion: 'reduce' });
    const historyAtStart = await page.evaluate(() => history.length);
    await openIdentify(page);
    await readerReady(page);
    expect(await page.getByTestId('identify-screen').textContent()).toContain('请将身份证放在读卡区');
    expect(await page.getByTestId('manual-entry').textContent()).toBe('没有身份证？手动填写');
    // Under reduced motion the card lies still on the reader.
    expect(await page.locator('.reader-card').evaluate((card) => getComputedStyle(card).animationName)).toBe('none');
    await shot(page, 'idcard-identify-portrait');

    sim.reader.placeCard(SAMPLE_CARDS.elder);
    await page.getByTestId('application-form').waitFor();
    expect(await page.getByTestId('form-name').textContent()).toBe('陈阿婆');
    expect(await page.getByTestId('form-sex').textContent()).toBe('女');
    expect(await page.getByTestId('form-birth-date').textContent()).toBe('1948年3月15日');
    expect(await page.getByTestId('form-id-number').textContent()).toBe('440825********0020');
    expect(await page.getByTestId('form-address').textContent()).toBe('广东省湛江市徐闻县下桥镇示范村委会东村12号');
    expect(await page.locator('.field-source').count()).toBe(5);
    // No photo decoder is configured: the placeholder figure, no image.
    expect(await page.getByTestId('form-photo').textContent()).toBe('照片');
    expect(await page.locator('[data-testid="form-photo"] .card-photo-placeholder').count()).toBe(1);
    expect(await page.locator('[data-testid="form-photo"] img').count()).toBe(0);
    expect(await page.getByTestId('form-phone').inputValue()).toBe('');
    expect(await page.getByTestId('form-phone').getAttribute('inputmode')).toBe('tel');
    expect(await pageText(page)).not.toContain(ELDER_ID);
    await shot(page, 'idcard-form-prefilled-portrait');

    // The phone is the one thing to type, and it is checked in words next to the field.
    await page.getByTestId('form-confirm').tap();
    expect(await page.getByTestId('form-phone-problem').textContent()).toContain('请填写这一项');
    await page.getByTestId('form-phone').fill('12345');
    expect(await page.getByTestId('form-phone-problem').textContent()).toContain('电话号码不对');
    await page.getByTestId('form-phone').fill('0759-4822148');
    expect(await page.getByTestId('form-phone-problem').count()).toBe(0);

    // Every button and choice is a large target, and no text in the flow is below 18 pt (24 px).
    const small = await page.locator('button, .choice').evaluateAll((elements) =>
      elements
        .map((element) => ({ text: element.textContent, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 72 || box.height < 72)
        .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
    const tinyText = await page.locator('.screen-apply *').evaluateAll((elements) =>
      elements
        .filter((element) =>
          Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent?.trim()),
        )
        .filter((element) => parseFloat(getComputedStyle(element).fontSize) < 24)
        .map((element) => element.textContent),
    );
    expect(tinyText).toEqual([]);

    // Nothing personal is written anywhere the next villager could find it.
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, history.length])).toEqual([
      0,
      0,
      historyAtStart,
    ]);
    expect(page.url()).toBe(kiosk.host.url);
    expect(page.consoleText.join('\n')).not.toMatch(/440825|陈阿婆/);
    expect(page.problems).toEqual([]);
  });

  it('shows an empty identify screen after going home (no leftover data)', async () => {
    const page = await openKiosk();
    await openIdentify(page);
    await readerReady(page);
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    await page.getByTestId('application-form').waitFor();
    await page.getByTestId('form-phone').fill('13800138000');

    await page.getByRole('button', { name: '首页' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(await pageText(page)).not.toMatch(/陈阿婆|440825|13800138000/);

    await openIdentify(page);
    expect(await page.getByTestId('application-form').count()).toBe(0);
    expect(await page.getByTestId('card-problem').count()).toBe(0);
    expect(await pageText(page)).not.toMatch(/陈阿婆|440825|13800138000/);

    // Back out of the flow: the same.
    await page.getByRole('button', { name: '返回' }).tap();
    await page.getByTestId('materials-list').waitFor();
    expect(await pageText(page)).not.toMatch(/陈阿婆|440825/);
  });

  it('ignores a card laid on the reader outside the identify screen', async () => {
    const page = await openKiosk();
    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
    await page.getByTestId('service-item').first().tap();
    await page.getByTestId('materials-list').waitFor();
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('materials-list').count()).toBe(1);
    expect(await pageText(page)).not.toContain('林志强');
  });

  it('says plainly when a card fails the ID number check, and shows no form', async () => {
    const page = await openKiosk();
    await openIdentify(page);
    await readerReady(page);
    sim.reader.placeCard(SAMPLE_CARDS.badCheckDigit);
    const problem = page.getByTestId('card-problem');
    await problem.waitFor();
    expect(await problem.getAttribute('data-problem')).toBe('IDCARD_ID_NUMBER_INVALID');
    expect(await problem.textContent()).toContain('这张身份证没有通过核验，请找工作人员帮助');
    expect(await problem.textContent()).not.toMatch(/IDCARD|Error/);
    expect(await page.getByTestId('application-form').count()).toBe(0);
    expect(await pageText(page)).not.toMatch(/吴建国|440825197001010031/);
    // Still waiting for a card, and still offering the way without one.
    expect(await page.getByTestId('identify-screen').textContent()).toContain('请将身份证放在读卡区');
    await page.getByTestId('manual-entry').waitFor();
    await shot(page, 'idcard-bad-check-digit-portrait');

    // The next good card still goes through.
    sim.reader.removeCard();
    await page.waitForTimeout(600);
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    await page.getByTestId('application-form').waitFor();
    expect(await page.getByTestId('form-name').textContent()).toBe('林志强');
  });

  it('says an expired card must be renewed and offers manual entry instead of prefilling', async () => {
    const page = await openKiosk();
    await openIdentify(page);
    await readerReady(page);
    sim.reader.placeCard(SAMPLE_CARDS.expired);
    const problem = page.getByTestId('card-problem');
    await problem.waitFor();
    expect(await problem.getAttribute('data-problem')).toBe('expired');
    expect(await problem.textContent()).toContain('请到派出所换领');
    expect(await page.getByTestId('application-form').count()).toBe(0);
    expect(await pageText(page)).not.toMatch(/黄小明|440825199001010053/);
    const manual = page.getByTestId('manual-entry');
    expect(await manual.getAttribute('class')).toContain('button-primary');
    await shot(page, 'idcard-expired-portrait');

    await manual.tap();
    await page.getByTestId('application-form').waitFor();
    expect(await page.getByTestId('form-name').inputValue()).toBe('');
    expect(await page.getByTestId('form-id-number').inputValue()).toBe('');
  });

  it('checks typed details in plain words and ends with an acceptance number once the application is stored', async () => {
    const page = await openKiosk();
    await openIdentify(page);
    await page.getByTestId('manual-entry').tap();
    await page.getByTestId('application-form').waitFor();
    expect(await page.locator('.field-source').count()).toBe(0);
    expect(await page.getByTestId('form-photo').count()).toBe(0);

    await page.getByTestId('form-confirm').tap();
    expect(await page.getByTestId('form-problems').textContent()).toContain('有 3 处需要修改');
    expect(await page.getByTestId('form-name-problem').textContent()).toContain('请填写这一项');

    await page.getByTestId('form-name').fill('陈阿婆');
    await page.getByTestId('form-id-number').fill('440825194803150021');
    await page.getByTestId('form-phone').fill('1380013800');
    await page.getByTestId('form-confirm').tap();
    const idProblem = page.getByTestId('form-id-number-problem');
    expect(await idProblem.textContent()).toContain('身份证号有一位不对');
    expect(await page.getByTestId('form-id-number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('form-phone-problem').textContent()).toContain('手机号是 1 开头的 11 位数字');
    expect(await page.getByTestId('apply-done').count()).toBe(0);
    await shot(page, 'idcard-manual-problems-portrait');

    await page.getByTestId('form-id-number').fill('440825194803150020');
    expect(await idProblem.count()).toBe(0);
    // A valid number fills in the birth date and sex it contains.
    expect(await page.getByTestId('form-birth-date').inputValue()).toBe('1948-03-15');
    expect(await page.locator('#form-sex-female').isChecked()).toBe(true);
    await page.getByTestId('form-phone').fill('13800138000');
    await page.getByTestId('form-confirm').tap();
    // The case questions and the camera steps sit between the form and the end: no photos, no face photo
    // (test/e2e/legal-aid.test.ts, test/e2e/camera.test.ts).
    await passCaseSteps(page);
    await page.getByTestId('documents-skip').tap();
    await page.getByTestId('face-decline').tap();
    await submitReview(page);

    const done = page.getByTestId('apply-done');
    await done.waitFor();
    const service = await firstLegalAidService();
    await page.getByTestId('acceptance-number').waitFor();
    const text = (await done.textContent()) ?? '';
    expect(text).toContain('请带上身份证到服务窗口办理');
    // Said only after the application is committed to the kiosk's outbox.
    expect(text).toMatch(/申请已提交，受理编号：XW-DEMO-001-\d{8}-\d{4}/);
    expect(text).toContain(service.place);
    expect(text).toContain(service.consultPhone);
    expect(await pageText(page)).not.toMatch(/陈阿婆|440825194803150020|13800138000/);
    await shot(page, 'idcard-done-portrait');

    await done.getByRole('button', { name: '返回首页' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(page.problems).toEqual([]);
  });

  it('speaks English when the villager switched language', async () => {
    const page = await openKiosk();
    await page.getByTestId('category-tile').first().waitFor();
    await page.getByRole('button', { name: 'English' }).tap();
    await openIdentify(page);
    expect(await page.getByTestId('identify-screen').textContent()).toContain('Lay your ID card on the reader');
    expect(await page.getByTestId('manual-entry').textContent()).toBe('No card? Type your details');
    await page.getByTestId('manual-entry').tap();
    await page.getByTestId('form-id-number').fill('440825194803150021');
    await page.getByTestId('form-confirm').tap();
    expect(await page.getByTestId('form-name-problem').textContent()).toContain('Please fill this in.');
    expect(await page.getByTestId('form-id-number-problem').textContent()).toContain(
      'One character of this ID number is wrong',
    );
  });
});

describe('a kiosk without a card reader', () => {
  it('says the reader is unavailable and offers manual entry', async () => {
    const lonely = await startKiosk(tempDir());
    try {
      const page = await openKiosk(lonely.host.url);
      await openIdentify(page);
      const unavailable = page.getByTestId('reader-unavailable');
      await unavailable.waitFor();
      expect(await unavailable.textContent()).toContain('读卡器暂时不能使用，您可以手动填写，或请工作人员帮助');
      expect(await page.getByTestId('identify-screen').getAttribute('data-reader')).toBe('none');
      const manual = page.getByTestId('manual-entry');
      expect(await manual.getAttribute('class')).toContain('button-primary');
      await shot(page, 'idcard-no-reader-portrait');
      await manual.tap();
      await page.getByTestId('application-form').waitFor();
      expect(page.problems).toEqual([]);
    } finally {
      await lonely.stop();
    }
  });
});

describe('idle timeout', () => {
  // Prompt after 3 s without a touch, home 2 s later (the defaults are 90 s and 30 s).
  const shortIdleUrl = () => kiosk.host.url.replace('/#', '/?idle=3000,2000#');

  it('asks whether more time is needed, keeps the form on "continue", and clears everything when unanswered', async () => {
    const page = await openKiosk(shortIdleUrl());
    await openIdentify(page);
    await readerReady(page);
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    await page.getByTestId('application-form').waitFor();
    await page.getByTestId('form-phone').fill('13800138000');

    const prompt = page.getByTestId('idle-prompt');
    await prompt.waitFor({ timeout: 10_000 });
    expect(await prompt.textContent()).toContain('还需要更多时间吗？');
    await shot(page, 'idcard-idle-prompt-portrait');
    await page.getByTestId('idle-continue').tap();
    await prompt.waitFor({ state: 'detached' });
    expect(await page.getByTestId('form-name').textContent()).toBe('林志强');
    expect(await page.getByTestId('form-phone').inputValue()).toBe('13800138000');

    await prompt.waitFor({ timeout: 10_000 });
    await page.getByTestId('category-tile').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('application-form').count()).toBe(0);
    expect(await pageText(page)).not.toMatch(/林志强|440825198506200034|13800138000/);
    // The villager walked away with the card on the reader: the kiosk asks for it to be taken, until it is.
    const takeCard = page.getByTestId('take-card-reminder');
    await takeCard.waitFor();
    sim.reader.removeCard();
    await takeCard.waitFor({ state: 'detached' });

    await openIdentify(page);
    expect(await page.getByTestId('card-problem').count()).toBe(0);
    expect(await pageText(page)).not.toContain('林志强');
    // The identify screen times out the same way.
    await prompt.waitFor({ timeout: 10_000 });
    await page.getByTestId('category-tile').first().waitFor({ timeout: 10_000 });
    expect(page.problems).toEqual([]);
  });
});
