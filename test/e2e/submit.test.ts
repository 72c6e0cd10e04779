/// <reference lib="dom" />
// Submitting for real, in Debian's Chromium, on a kiosk with no hub configured (submissions stay pending in the
// outbox): the ID card from the reader simulator, a document photo from the fake camera, the face photo
// declined; "submitted" and the acceptance number only after the commit, with an on-screen QR code a phone can
// read and the 受理回执 printed by itself on the receipt printer simulator; 好差评 with reasons for a bad rating;
// 我的办件 by typed number and by card, saying that only this kiosk's records are shown. Then the refusal when
// the kiosk cannot store the application (nothing claimed, "try again" sends it with its photo), a rating after
// a printed guide in English, and 我的办件 timing out.
import jsQRModule from 'jsqr';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceItem } from '../../core/api/contract.ts';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { renderReceiptPng } from '../../drivers/printer/simulator/render-png.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';
import { passCaseSteps, passEligibility, submitReview } from '../helpers/apply-steps.ts';

// jsqr is CommonJS with a `default` export; under NodeNext TypeScript sees the function one level down.
const jsQR = jsQRModule.default;

const tempDir = useTempDir('submit-e2e-');
const ELDER_ID = '440825194803150020';
const ELDER_MASKED = '440825********0020';
const TYPED_ID = '11010519491231002X';
const PHONE = '13800138000';
const NUMBER = /^XW-DEMO-001-\d{8}-\d{4}$/;

let browser: Browser;
let kiosk: RunningKiosk;
let cardSim: PtySimulator;
let printerSim: PtyPrinterSimulator;
const pages: Page[] = [];

type Submission = ReturnType<RunningKiosk['core']['outbox']['due']>[number];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  cardSim = await startPtySimulator({ baudRate: 115200 });
  printerSim = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
  // No catalogue.hubUrl and no outbox.hubUrl: nothing ever leaves this kiosk.
  kiosk = await startKiosk(tempDir(), { idcardPath: cardSim.path, receiptPrinterPath: printerSim.path });
  // Chromium's fake camera, with its permission prompt accepted.
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});

afterEach(async () => {
  cardSim.reader.removeCard();
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await cardSim?.close();
  await printerSim?.close();
});

async function openKiosk(url = kiosk.host.url): Promise<KioskPage> {
  const page = await openKioskPage(browser, url);
  pages.push(page);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
}

async function firstLegalAidService(): Promise<ServiceItem> {
  const [first] = await kiosk.core.service.listServices({ categoryId: 'falv-yuanzhu' });
  return kiosk.core.service.getService({ id: first!.id });
}

/** Home → 法律援助 → its first service (kiosk-supported in the sample catalogue). */
async function openGuide(page: Page): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('materials-list').waitFor();
}

/** The guide's 开始办理 → the details typed by hand → the document photos step. */
async function typeDetails(page: Page, idNumber = TYPED_ID): Promise<void> {
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('form-name').fill('王大伯');
  await page.getByTestId('form-id-number').fill(idNumber);
  await page.getByTestId('form-address').fill('广东省徐闻县下桥镇示范村');
  await page.getByTestId('form-phone').fill(PHONE);
  await page.getByTestId('form-confirm').tap();
  await passCaseSteps(page);
}

/** Photographs the first material with the fake camera and moves on to the face consent. */
async function takeOneDocumentPhoto(page: Page): Promise<void> {
  await page.locator('[data-testid="documents-screen"][data-mode="list"]').waitFor();
  await page.getByTestId('photo-material').first().getByTestId('photo-take').tap();
  await page.locator('[data-testid="camera"][data-status="live"]').waitFor({ timeout: 15_000 });
  await page.getByTestId('camera-capture').tap();
  await page.getByTestId('photo-use').tap();
  await page.getByTestId('documents-next').tap();
  await page.getByTestId('face-consent').waitFor();
}

async function printerReady(): Promise<void> {
  // The kiosk checks the printer every 5 s between jobs.
  await expect.poll(() => kiosk.core.printers.receiptPrinterState, { timeout: 12_000 }).toBe('ready');
}

/** The submission the outbox holds under this acceptance number, decrypted, with its attachments. */
function stored(acceptanceNumber: string): { submission: Submission; attachments: Buffer[] } {
  const submission = kiosk.core.outbox.due(1000).find((entry) => entry.acceptanceNumber === acceptanceNumber);
  expect(submission, `${acceptanceNumber} in the outbox`).toBeDefined();
  const attachments = kiosk.core.outbox.attachmentsToUpload([submission!.id]).map((file) => file.data);
  return { submission: submission!, attachments };
}

/** What a phone camera would read off the screen. */
async function qrOnScreen(page: Page, testId: string): Promise<string | null> {
  const png = await page.getByTestId(testId).screenshot();
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

function receiptText(receipt: Receipt): string {
  return receipt.elements.flatMap((element) => (element.kind === 'text' ? [element.text] : [])).join('');
}

/** Buttons under `min` px either way inside `selector` (elder mode asks for 60 × 60; this kiosk uses 72). */
async function smallButtons(page: Page, selector: string, min = 72): Promise<string[]> {
  return page.locator(`${selector} button`).evaluateAll(
    (elements, least) =>
      elements
        .map((element) => ({ text: element.textContent, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.width < least || box.height < least))
        .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
    min,
  );
}

describe('submitting an application on a kiosk with no hub', () => {
  it('stores it with the card details, consent and photo, then shows, prints and rates it; 我的办件 lists it', async () => {
    expect(kiosk.core.sync).toBeNull();
    await printerReady();
    const service = await firstLegalAidService();
    const page = await openKiosk();
    await openGuide(page);
    await page.getByTestId('apply-button').tap();
    await passEligibility(page);
    await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
    cardSim.reader.placeCard(SAMPLE_CARDS.elder);
    await page.getByTestId('application-form').waitFor();
    // The villager takes the card back (a card must leave the reader before it is read again).
    cardSim.reader.removeCard();
    await page.getByTestId('form-phone').fill(PHONE);
    await page.getByTestId('form-confirm').tap();
    await passCaseSteps(page);
    await takeOneDocumentPhoto(page);
    const receiptsBefore = printerSim.printer.receipts.length;
    await page.getByTestId('face-decline').tap();
    await submitReview(page);

    // "Submitted" and the number come only with the back end's answer, after the commit.
    const done = page.getByTestId('apply-done');
    await done.waitFor();
    const number = page.getByTestId('acceptance-number');
    await number.waitFor();
    const acceptanceNumber = (await number.textContent()) ?? '';
    expect(acceptanceNumber).toMatch(NUMBER);
    expect(await done.getAttribute('data-submission')).toBe('submitted');
    expect(await page.getByTestId('submission-done').textContent()).toContain('已提交');
    expect(await page.getByTestId('submission-done').textContent()).toContain('请拍照或记下受理编号');
    expect(await page.getByTestId('submitted-at').textContent()).toMatch(
      /^提交时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/,
    );
    expect(await page.getByTestId('submission-sending').count()).toBe(0);
    expect(await page.getByTestId('done-photos').textContent()).toContain('已随申请一起加密保存');
    expect(kiosk.core.outbox.summary()).toMatchObject({ pending: 1, acknowledged: 0 });

    // What was stored: the card's details, the form's fields, the consent answered on the way, the photo as JPEG.
    const { submission, attachments } = stored(acceptanceNumber);
    expect(submission.serviceId).toBe(service.id);
    if (submission.payload.kind !== 'application') throw new Error('not an application');
    expect(submission.payload.applicant).toMatchObject({
      name: '陈阿婆',
      idNumber: ELDER_ID,
      sex: 'female',
      birthDate: '1948-03-15',
      phone: PHONE,
    });
    expect(submission.payload.fields).toMatchObject({
      applicantSource: 'idcard',
      photo1: service.materials[0]!.name,
      // The legal-aid steps' answers (test/e2e/legal-aid.test.ts walks them in detail).
      eligibility: '农民工讨要工资或工伤赔偿',
      disputeType: '劳动争议（欠薪、工伤）',
    });
    expect(submission.payload.consents).toEqual([
      { document: 'face-photo-consent-v1', agreed: false, at: expect.any(String) },
      { document: 'legal-aid-promise-v1', agreed: true, at: expect.any(String) },
      { document: 'legal-aid-verification-consent-v1', agreed: true, at: expect.any(String) },
    ]);
    // The document photo as JPEG and the signature as PNG.
    expect(attachments.map((bytes) => bytes.subarray(0, 3).toString('hex')).sort()).toEqual(['89504e', 'ffd8ff']);

    // The number as a QR code on screen, which a phone reads back exactly.
    expect(await qrOnScreen(page, 'acceptance-qr')).toBe(acceptanceNumber);

    // The receipt printer was ready: the 受理回执 printed by itself, its QR code holding the number.
    await page.locator('[data-testid="print-receipt-status"][data-state="done"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('print-receipt-status').textContent()).toBe('已打印，请取走回执');
    await expect.poll(() => printerSim.printer.receipts.length).toBe(receiptsBefore + 1);
    const receipt = printerSim.printer.receipts.at(-1)!;
    const text = receiptText(receipt);
    for (const part of ['受理回执', acceptanceNumber, service.title, '后续办理', service.consultPhone, '我的办件'])
      expect(text).toContain(part);
    expect(text).not.toMatch(/陈阿婆|440825|13800138000/);
    expect(receipt.elements.filter((element) => element.kind === 'qr').map((element) => element.payload)).toEqual([
      acceptanceNumber,
    ]);
    writeFileSync(
      path.join(ARTIFACTS_DIR, 'submit-acceptance-receipt.png'),
      await renderReceiptPng(receipt, { paper: '80mm' }),
    );
    expect(await smallButtons(page, '.apply-done')).toEqual([]);
    await shot(page, 'submit-done');
    expect(await pageText(page)).not.toContain(ELDER_ID);

    // 好差评 right after: five words with faces; 不满意 asks why by tap; skipping is always offered.
    await page.getByTestId('done-next').tap();
    const rating = page.getByTestId('rating-screen');
    await rating.waitFor();
    expect(await page.getByTestId('rating-level').allTextContents()).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(await page.locator('[data-testid="rating-level"] svg.rating-face').count()).toBe(5);
    expect(await page.getByTestId('rating-skip').textContent()).toBe('跳过');
    expect(await smallButtons(page, '.rating-screen')).toEqual([]);
    await shot(page, 'submit-rating');
    await rating.getByRole('button', { name: '不满意', exact: true }).tap();
    await page.getByTestId('rating-reasons').waitFor();
    // The chosen level says so in words too, not by its border alone.
    expect(await page.locator('[data-level="4"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-level="4"]').textContent()).toBe('不满意已选');
    await rating.getByRole('button', { name: '等待时间长' }).tap();
    await rating.getByRole('button', { name: '看不懂' }).tap();
    expect(await rating.getByRole('button', { name: '看不懂' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('rating-skip').count()).toBe(1);
    expect(await smallButtons(page, '.rating-screen')).toEqual([]);
    await shot(page, 'submit-rating-reasons');
    await page.getByTestId('rating-send').tap();
    await page.getByTestId('rating-thanks').waitFor();
    expect(await page.getByTestId('rating-thanks').textContent()).toBe('谢谢您的评价！');
    expect(kiosk.core.outbox.summary()).toMatchObject({ pending: 2 });
    const ratingStored = kiosk.core.outbox.due(1000).find((entry) => entry.payload.kind === 'rating');
    expect(ratingStored?.payload).toEqual({
      kind: 'rating',
      rating: expect.objectContaining({ level: 4, comment: '等待时间长、看不懂', acceptanceNumber }),
    });
    await shot(page, 'submit-rating-thanks');
    // The thank-you goes home by itself.
    await page.getByTestId('category-tile').first().waitFor();

    // 我的办件 with the typed number: offline, so only this kiosk's records, and it says so.
    await page.getByTestId('my-submissions-entry').tap();
    await page.getByTestId('mine-id-input').fill(ELDER_ID.slice(0, 17) + '1');
    await page.getByTestId('mine-look-up').tap();
    expect(await page.getByTestId('mine-problem').textContent()).toBe('身份证号码不对，请再看一下。');
    await page.getByTestId('mine-id-input').fill(ELDER_ID);
    await page.getByTestId('mine-look-up').tap();
    const list = page.getByTestId('mine-list');
    await list.waitFor();
    expect(await list.getAttribute('data-source')).toBe('local');
    expect(await page.getByTestId('mine-local-only').textContent()).toBe('网络暂时不通，只显示在本机办理的记录。');
    expect(await page.getByTestId('mine-for').textContent()).toContain(ELDER_MASKED);
    const items = page.getByTestId('mine-item');
    expect(await items.count()).toBe(1);
    const item = (await items.textContent()) ?? '';
    expect(item).toContain(acceptanceNumber);
    expect(item).toContain(service.title);
    expect(item).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await items.getAttribute('data-status')).toBe('submitted');
    expect(await page.getByTestId('mine-status').textContent()).toBe('已提交 · 等待发送');
    // The full number is nowhere on the page, not even in the box it was typed into.
    expect(await pageText(page)).not.toContain(ELDER_ID);
    expect(await smallButtons(page, '.screen-mine')).toEqual([]);
    await shot(page, 'submit-my-submissions');

    // Another look-up by card: the reader simulator, the same list.
    await page.getByTestId('mine-again').tap();
    await page.locator('.mine-ask[data-reader="ready"]').waitFor();
    cardSim.reader.placeCard(SAMPLE_CARDS.elder);
    await list.waitFor();
    expect(await page.getByTestId('mine-item').textContent()).toContain(acceptanceNumber);
    expect(await pageText(page)).not.toContain(ELDER_ID);

    // Leaving drops everything: back on the screen, it asks again.
    await page.getByTestId('my-submissions').getByRole('button', { name: '返回首页' }).tap();
    await page.getByTestId('my-submissions-entry').tap();
    expect(await page.getByTestId('mine-id-input').inputValue()).toBe('');
    expect(await page.getByTestId('mine-list').count()).toBe(0);
    expect(page.problems).toEqual([]);
    expect(page.consoleText.join('\n')).not.toMatch(/440825|陈阿婆|data:image/);
  });

  it('says plainly when the kiosk cannot store the application, claims nothing, and tries again with its photo', async () => {
    const before = kiosk.core.outbox.summary();
    const db = kiosk.core.outboxDb;
    // Storage that refuses writes; a full disk (SQLITE_FULL) takes the same path (test/integration/outbox.test.ts).
    db.pragma('query_only = ON');
    let page: KioskPage;
    try {
      page = await openKiosk();
      await openGuide(page);
      await typeDetails(page);
      await takeOneDocumentPhoto(page);
      await page.getByTestId('face-decline').tap();
      await submitReview(page);
      const failed = page.getByTestId('submission-failed');
      await failed.waitFor();
      const text = (await failed.textContent()) ?? '';
      expect(text).toContain('本机现在不能保存您的申请，这次没有提交');
      expect(text).toContain('带上身份证到服务窗口办理');
      expect(text).not.toMatch(/OUTBOX_|SQLITE|Error/);
      expect(await page.getByTestId('apply-done').getAttribute('data-submission')).toBe('failed');
      expect(await page.getByTestId('acceptance-number').count()).toBe(0);
      expect(await page.getByTestId('acceptance-qr').count()).toBe(0);
      expect(await page.getByTestId('done-next').count()).toBe(0);
      expect(await page.getByTestId('done-receipt').count()).toBe(0);
      expect(await page.getByTestId('done-photos').textContent()).toContain('还没有提交');
      expect(await page.getByTestId('submission-retry').textContent()).toBe('再试一次');
      expect(await page.getByTestId('done-home').textContent()).toBe('返回首页');
      await shot(page, 'submit-refused');
      expect(kiosk.core.outbox.summary()).toEqual(before);
    } finally {
      db.pragma('query_only = OFF');
    }

    // The storage works again: "try again" sends the same application, photo included.
    await page.getByTestId('submission-retry').tap();
    await page.getByTestId('acceptance-number').waitFor();
    const acceptanceNumber = (await page.getByTestId('acceptance-number').textContent()) ?? '';
    expect(acceptanceNumber).toMatch(NUMBER);
    expect(await page.getByTestId('submission-failed').count()).toBe(0);
    expect(kiosk.core.outbox.summary().pending).toBe(before.pending + 1);
    const { submission, attachments } = stored(acceptanceNumber);
    expect(submission.payload.kind === 'application' && submission.payload.applicant.idNumber).toBe(TYPED_ID);
    expect(submission.payload.kind === 'application' && submission.payload.fields.applicantSource).toBe('typed');
    // The photo and the signature, both kept for "try again".
    expect(attachments).toHaveLength(2);
    // Skipping the rating goes home.
    await page.getByTestId('done-next').tap();
    await page.getByTestId('rating-skip').tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(kiosk.core.outbox.summary().pending).toBe(before.pending + 1);
    // Chromium logs the refused call's status; nothing else went wrong.
    expect(page.problems).toEqual([expect.stringContaining('503 (Service Unavailable)')]);
  });

  it('rates a service after its guide was printed, in English', async () => {
    await printerReady();
    const service = await firstLegalAidService();
    const page = await openKiosk();
    await page.getByTestId('category-tile').first().waitFor();
    await page.getByRole('button', { name: 'English' }).tap();
    await openGuide(page);
    await page.getByTestId('print-guide').tap();
    await page.locator('[data-testid="print-guide-status"][data-state="done"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('guide-rate').tap();
    const rating = page.getByTestId('rating-screen');
    await rating.waitFor();
    expect(await rating.textContent()).toContain(service.title);
    expect(await page.getByTestId('rating-level').allTextContents()).toEqual([
      'Very satisfied',
      'Satisfied',
      'Fairly satisfied',
      'Dissatisfied',
      'Very dissatisfied',
    ]);
    expect(await page.getByTestId('rating-skip').textContent()).toBe('Skip');
    await shot(page, 'submit-rating-english');
    const pendingBefore = kiosk.core.outbox.summary().pending;
    await rating.getByRole('button', { name: 'Very satisfied' }).tap();
    await page.getByTestId('rating-thanks').waitFor();
    expect(await page.getByTestId('rating-thanks').textContent()).toBe('Thank you for your rating!');
    expect(kiosk.core.outbox.summary().pending).toBe(pendingBefore + 1);
    const newest = kiosk.core.outbox.due(1000).at(-1)!;
    expect(newest.serviceId).toBe(service.id);
    expect(newest.payload).toEqual({
      kind: 'rating',
      rating: expect.objectContaining({ level: 1, comment: '' }),
    });
    expect(newest.payload.kind === 'rating' && 'acceptanceNumber' in newest.payload.rating).toBe(false);
    await page.getByTestId('rating-home').tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(page.problems).toEqual([]);
  });

  it('goes home from 我的办件 when nobody answers, and forgets the number', async () => {
    // Prompt after 3 s without a touch, home 2 s later (the defaults are 90 s and 30 s).
    const page = await openKiosk(kiosk.host.url.replace('/#', '/?idle=3000,2000#'));
    await page.getByTestId('my-submissions-entry').tap();
    await page.getByTestId('mine-id-input').fill(ELDER_ID);
    await page.getByTestId('mine-look-up').tap();
    await page.getByTestId('mine-list').waitFor();
    const prompt = page.getByTestId('idle-prompt');
    await prompt.waitFor({ timeout: 10_000 });
    await page.getByTestId('category-tile').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('my-submissions').count()).toBe(0);
    await page.getByTestId('my-submissions-entry').tap();
    expect(await page.getByTestId('mine-id-input').inputValue()).toBe('');
    expect(await pageText(page)).not.toMatch(/440825|XW-DEMO-001-/);
    expect(page.problems).toEqual([]);
  });
});
