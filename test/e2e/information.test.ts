/// <reference lib="dom" />
// The 法宝宝 information items in Chromium, with the receipt printer simulator on a real PTY and the kiosk-a4
// CUPS queue: 机构查询 shows its directory by area, reads an office out and prints the list as a receipt; a
// 法律文书模板 shows the template with its blanks and prints it blank on A4; 普法 shows its points, each read out.
// None of them offers 开始办理.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { launchChromium } from '../helpers/browser.ts';
import { cupsUnavailable, findPdfOutput, pdfText, PDF_QUEUE } from '../helpers/cups.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('information-e2e-');
const cupsProblem = cupsUnavailable();
let browser: Browser;
let sim: PtyPrinterSimulator;
let kiosk: RunningKiosk;
const pages: KioskPage[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  sim = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
  kiosk = await startKiosk(tempDir(), {
    receiptPrinterPath: sim.path,
    ...(cupsProblem === null ? { a4Queue: PDF_QUEUE } : {}),
  });
  browser = await launchChromium();
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await sim?.close();
});

async function openItem(category: string, title: string): Promise<KioskPage> {
  const page = await openKioskPage(browser, kiosk.host.url);
  pages.push(page);
  await page.getByTestId('category-tile').filter({ hasText: category }).first().tap();
  await page.getByTestId('service-item').filter({ hasText: title }).first().tap();
  await page.locator('#guide-title').waitFor();
  return page;
}

/** The texts the page asked the back end to speak (Chromium here has no voice of its own). */
function spokenTexts(page: KioskPage): string[] {
  const texts: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/synthesizeSpeech'))
      texts.push((request.postDataJSON() as { text: string }).text);
  });
  return texts;
}

const shot = (page: KioskPage, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

describe('information items', () => {
  it('机构查询: offices by area, one read out, the list printed as a receipt', async () => {
    const page = await openItem('机构查询', '人民调解组织查询');
    const spoken = spokenTexts(page);
    const entries = page.getByTestId('directory-entry');
    await expect.poll(() => entries.count()).toBe(4);
    expect(await page.getByTestId('apply-button').count()).toBe(0);

    await page.getByTestId('directory-area').filter({ hasText: '下桥镇' }).tap();
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.first().textContent()).toContain('示范村人民调解委员会');
    expect(await page.getByTestId('directory-area').filter({ hasText: '下桥镇' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    await shot(page, 'information-directory');
    await entries.first().getByTestId('directory-read').tap();
    await expect
      .poll(() => spoken.at(-1))
      .toBe('示范村人民调解委员会，地址：下桥镇示范村村委会一楼，电话：0759-4851234');
    await page.getByTestId('directory-area').filter({ hasText: '全部地区' }).tap();
    await expect.poll(() => entries.count()).toBe(4);

    const receiptsBefore = sim.printer.receipts.length;
    await page.getByTestId('print-guide').tap();
    await page.locator('[data-testid="print-guide-status"][data-state="done"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => sim.printer.receipts.length).toBe(receiptsBefore + 1);
    const printed = sim.printer.receipts
      .at(-1)!
      .elements.flatMap((element) => (element.kind === 'text' ? [element.text] : []))
      .join('\n');
    for (const text of ['示范村人民调解委员会', '0759-4851234', '徐闻县道路交通事故人民调解委员会', '0759-4830122'])
      expect(printed).toContain(text);
    // An office list has nothing to bring.
    expect(printed).not.toContain('请带齐以下材料');
    expect(page.problems).toEqual([]);
  });

  it.skipIf(cupsProblem !== null)('法律文书模板: the template with its blanks, printed blank on A4', async () => {
    const startedAt = Date.now();
    const page = await openItem('法律文书模板', '借条模板');
    const paper = page.locator('.template-paper');
    await paper.waitFor();
    expect(await paper.locator('.template-title').textContent()).toBe('借条');
    expect(await paper.textContent()).toContain('今借到＿＿＿＿');
    expect(await page.getByTestId('apply-button').count()).toBe(0);
    await shot(page, 'information-template');

    const button = page.getByTestId('print-template');
    expect(await button.textContent()).toContain('打印空白模板');
    await button.tap();
    await page.locator('[data-testid="print-template-status"][data-state="done"]').waitFor({ timeout: 60_000 });
    const pdf = findPdfOutput('template-muban-jietiao');
    expect(pdf).not.toBeNull();
    expect(statSync(pdf!).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
    const text = pdfText(pdf!).replace(/\s+/g, '');
    for (const words of ['借条', '今借到', '借款人（签名并按手印）', '金额要同时写大写和小写'])
      expect(text).toContain(words.normalize('NFKC'));
    expect(page.problems).toEqual([]);
  });

  it('普法: the points, each read out on request', async () => {
    const page = await openItem('普法', '民法典婚姻家庭编');
    const spoken = spokenTexts(page);
    const sections = page.getByTestId('lesson').locator('.lesson-section');
    await expect.poll(() => sections.count()).toBe(5);
    expect(await sections.nth(2).locator('h4').textContent()).toBe('离婚冷静期');
    await sections.nth(2).getByTestId('lesson-read').tap();
    await expect.poll(() => spoken.at(-1)).toMatch(/^离婚冷静期。到婚姻登记机关协议离婚/);
    expect(await page.getByTestId('apply-button').count()).toBe(0);
    await shot(page, 'information-lesson');
    expect(page.problems).toEqual([]);
  });
});
