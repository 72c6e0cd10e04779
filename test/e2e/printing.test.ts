/// <reference lib="dom" />
// Printing from the villager's screens in Debian's Chromium: the browser host with the receipt printer simulator
// on a real PTY and the kiosk-a4 CUPS queue (cups-pdf). The service guide prints as a receipt the simulator
// decodes; the application form prints on A4 from the end screen. Each status line is read off the page as the
// real printer.job events arrive: printing, paused for paper, printed, waiting behind another job, and failed
// with the information still on screen. Nothing in the page is stubbed.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KioskEvent, ServiceItem } from '../../core/api/contract.ts';
import { createKioskCore } from '../../core/bootstrap.ts';
import { loadConfig } from '../../core/config/config.ts';
import { startBrowserHost } from '../../core/host/server.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { readyState, SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { renderReceiptPng } from '../../drivers/printer/simulator/render-png.ts';
import { launchChromium } from '../helpers/browser.ts';
import { cupsUnavailable, findPdfOutput, pdfText, PDF_QUEUE } from '../helpers/cups.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, testDevices, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR, RENDERER_DIR, ROOT_DIR } from '../helpers/paths.ts';
import { decodeQrPng } from '../helpers/qr.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';
import { passCaseSteps, passEligibility, submitReview } from '../helpers/apply-steps.ts';

const tempDir = useTempDir('printing-e2e-');
const cupsProblem = cupsUnavailable();

const NAME = '陈阿婆';
const ID_NUMBER = '440825194803150020';
const ADDRESS = '广东省湛江市徐闻县下桥镇示范村委会东村12号';
const PHONE = '13800138000';

type JobEvent = Extract<KioskEvent, { type: 'printer.job' }>;

let browser: Browser;
let sim: PtyPrinterSimulator;
let kiosk: RunningKiosk;
/** Every event the kiosk sent, to count jobs: a second tap must not start a second one. */
const events: KioskEvent[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // The same paper as the kiosk's config (80 mm).
  sim = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
  kiosk = await startKiosk(tempDir(), {
    receiptPrinterPath: sim.path,
    ...(cupsProblem === null ? { a4Queue: PDF_QUEUE } : {}),
  });
  kiosk.core.service.subscribe((event) => events.push(event));
  browser = await launchChromium();
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  sim.printer.paperRunsOutAfterLines(null);
  sim.printer.setState(readyState());
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await sim?.close();
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

async function legalAidServices(running: RunningKiosk = kiosk): Promise<ServiceItem[]> {
  const summaries = await running.core.service.listServices({ categoryId: 'falv-yuanzhu' });
  return Promise.all(summaries.map((summary) => running.core.service.getService({ id: summary.id })));
}

/** Home → 法律援助 → its n-th service's guide. */
async function openGuide(page: Page, n = 0): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').nth(n).tap();
  await page.getByTestId('materials-list').waitFor();
}

/** From the guide: 开始办理 → type the details by hand → skip photos → no face photo → the end screen. */
async function reachDoneScreen(page: Page): Promise<void> {
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('form-name').fill(NAME);
  // A valid number fills in the birth date (1948-03-15) and the sex (female) it contains.
  await page.getByTestId('form-id-number').fill(ID_NUMBER);
  await page.getByTestId('form-address').fill(ADDRESS);
  await page.getByTestId('form-phone').fill(PHONE);
  await page.getByTestId('form-confirm').tap();
  await passCaseSteps(page);
  await page.getByTestId('documents-skip').tap();
  await page.getByTestId('face-decline').tap();
  await submitReview(page);
  await page.getByTestId('apply-done').waitFor();
}

const statusIn = (page: Page, testId: string, state: string) =>
  page.locator(`[data-testid="${testId}"][data-state="${state}"]`).waitFor({ timeout: 20_000 });

/** Records every different text the status line shows, with its state, as the page renders it. */
async function recordStatusLines(page: Page, testId: string): Promise<void> {
  await page.evaluate((id) => {
    const seen: { state: string; text: string }[] = [];
    (window as unknown as { statusLines: typeof seen }).statusLines = seen;
    const look = () => {
      const element = document.querySelector(`[data-testid="${id}"]`);
      if (!element) return;
      const line = { state: element.getAttribute('data-state') ?? '', text: element.textContent ?? '' };
      const last = seen.at(-1);
      if (!last || last.state !== line.state || last.text !== line.text) seen.push(line);
    };
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  }, testId);
}

const recordedLines = (page: Page) =>
  page.evaluate(() => (window as unknown as { statusLines: { state: string; text: string }[] }).statusLines);

const jobsQueued = (kind: 'receipt' | 'a4') =>
  events.filter((event) => event.type === 'printer.job' && event.kind === kind && event.state === 'queued').length;

function receiptText(receipt: Receipt): string {
  return receipt.elements.flatMap((element) => (element.kind === 'text' ? [element.text] : [])).join('');
}

/** Buttons under 72 px and text under 24 px inside `selector`. */
async function sizeProblems(page: Page, selector: string): Promise<{ small: string[]; tiny: string[] }> {
  const small = await page.locator(`${selector} button`).evaluateAll((elements) =>
    elements
      .map((element) => ({ text: element.textContent, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 72 || box.height < 72))
      .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
  const tiny = await page.locator(`${selector} *`).evaluateAll((elements) =>
    elements
      .filter((element) =>
        Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent?.trim()),
      )
      .filter((element) => parseFloat(getComputedStyle(element).fontSize) < 24)
      .map((element) => element.textContent),
  );
  return { small, tiny };
}

async function printerIs(state: string, running: RunningKiosk = kiosk): Promise<void> {
  // The kiosk checks the printer every 5 s between jobs.
  await expect.poll(() => running.core.printers.receiptPrinterState, { timeout: 12_000 }).toBe(state);
}

describe('printing the service guide as a receipt', () => {
  it('says printing, paused for paper, and printed; a second tap prints nothing more', async () => {
    await printerIs('ready');
    const page = await openKiosk();
    const [service] = await legalAidServices();
    await openGuide(page);
    const button = page.getByTestId('print-guide');
    expect(await button.textContent()).toBe('打印办事指南');
    expect(await page.getByTestId('printer-problem').count()).toBe(0);
    expect(await page.getByTestId('print-guide-status').count()).toBe(0);
    expect(await sizeProblems(page, '.apply-bar')).toEqual({ small: [], tiny: [] });
    await shot(page, 'printing-guide-button');

    // The roll runs out a few lines into the receipt.
    sim.printer.paperRunsOutAfterLines(4);
    const queuedBefore = jobsQueued('receipt');
    const receiptsBefore = sim.printer.receipts.length;
    await recordStatusLines(page, 'print-guide-status');
    await button.tap();
    // An impatient second tap, before and while the job runs: nothing happens.
    await button.tap({ force: true });
    await statusIn(page, 'print-guide-status', 'held');
    const status = page.getByTestId('print-guide-status');
    expect(await status.getAttribute('data-reason')).toBe('paperOut');
    expect(await status.textContent()).toBe('打印机缺纸，已暂停，工作人员加纸后会继续打印');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await button.tap({ force: true });
    await shot(page, 'printing-guide-held-paper-out');

    // Staff load paper: the rest of the receipt comes out.
    sim.printer.setState({ paperOut: false, paperNearEnd: false });
    await statusIn(page, 'print-guide-status', 'done');
    expect(await status.textContent()).toBe('已打印，请取走回执');
    expect(await button.getAttribute('aria-disabled')).toBe('false');
    await shot(page, 'printing-guide-done');

    const lines = await recordedLines(page);
    // First "printing" (while the call is on its way, queued or printing), then paused for paper, then printed.
    expect(lines[0]).toMatchObject({ text: '正在打印…' });
    expect(['starting', 'queued', 'printing']).toContain(lines[0]!.state);
    const states = lines.map((line) => line.state);
    expect(states.indexOf('held')).toBeGreaterThan(0);
    expect(states.at(-1)).toBe('done');
    for (const line of lines) {
      if (['starting', 'queued', 'printing'].includes(line.state)) expect(line.text).toBe('正在打印…');
    }

    expect(jobsQueued('receipt')).toBe(queuedBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sim.printer.receipts).toHaveLength(receiptsBefore + 1);
    const receipt = sim.printer.receipts.at(-1)!;
    expect(receiptText(receipt)).toContain(service!.title);
    expect(receiptText(receipt)).toContain(service!.consultPhone);
    writeFileSync(
      path.join(ARTIFACTS_DIR, 'printing-guide-receipt.png'),
      await renderReceiptPng(receipt, { paper: '80mm' }),
    );
    // The guide is still there to read.
    expect(await page.locator('#guide-title').textContent()).toBe(service!.title);
    expect(page.problems).toEqual([]);
  });

  it('prints the acceptance receipt by itself once the application is stored', async () => {
    const [service] = await legalAidServices();
    const page = await openKiosk();
    const receiptsBefore = sim.printer.receipts.length;
    await openGuide(page);
    await reachDoneScreen(page);
    const acceptanceNumber = (await page.getByTestId('acceptance-number').textContent()) ?? '';
    expect(acceptanceNumber).toMatch(/^XW-DEMO-001-\d{8}-\d{4}$/);
    await statusIn(page, 'print-receipt-status', 'done');
    expect(sim.printer.receipts).toHaveLength(receiptsBefore + 1);
    const receipt = sim.printer.receipts.at(-1)!;
    const text = receiptText(receipt);
    for (const part of ['受理回执', acceptanceNumber, service!.title, service!.consultPhone])
      expect(text).toContain(part);
    expect(receipt.elements.filter((element) => element.kind === 'qr').map((element) => element.payload)).toEqual([
      acceptanceNumber,
    ]);
    writeFileSync(
      path.join(ARTIFACTS_DIR, 'printing-acceptance-receipt.png'),
      await renderReceiptPng(receipt, { paper: '80mm' }),
    );
    expect(await sizeProblems(page, '.screen-apply')).toEqual({ small: [], tiny: [] });
    expect(page.problems).toEqual([]);
  });

  it('says first that the printer is out of paper, still prints, and a second guide waits its turn', async () => {
    sim.printer.setState({ paperOut: true, paperNearEnd: true });
    await printerIs('paperOut');
    const [first, second] = await legalAidServices();
    const page = await openKiosk();
    await openGuide(page, 0);
    const notice = page.getByTestId('printer-problem');
    await notice.waitFor();
    expect(await notice.getAttribute('data-problem')).toBe('paperOut');
    expect(await notice.textContent()).toContain('打印机缺纸。现在也可以点打印，要等工作人员处理好才会打印出来');
    // Chosen: the button stays usable; the job waits for the printer (or is dropped after the hold time).
    expect(await page.getByTestId('print-guide').getAttribute('aria-disabled')).toBe('false');
    await shot(page, 'printing-guide-printer-problem');
    await page.getByTestId('print-guide').tap();
    await statusIn(page, 'print-guide-status', 'held');
    expect(await notice.count()).toBe(0);

    // The villager looks at another service meanwhile and prints that guide too: it waits behind the first.
    await page.getByRole('button', { name: '返回' }).tap();
    await page.getByTestId('service-item').nth(1).tap();
    await page.getByTestId('materials-list').waitFor();
    await notice.waitFor();
    await page.getByTestId('print-guide').tap();
    await statusIn(page, 'print-guide-status', 'queued');
    expect(await page.getByTestId('print-guide-status').textContent()).toBe('正在打印…');
    await shot(page, 'printing-guide-queued');

    const receiptsBefore = sim.printer.receipts.length;
    sim.printer.setState({ paperOut: false, paperNearEnd: false });
    await statusIn(page, 'print-guide-status', 'done');
    expect(await page.getByTestId('print-guide-status').textContent()).toBe('已打印，请取走回执');
    const printed = sim.printer.receipts.slice(receiptsBefore).map(receiptText);
    expect(printed).toHaveLength(2);
    expect(printed[0]).toContain(first!.title);
    expect(printed[1]).toContain(second!.title);
    expect(page.problems).toEqual([]);
  });

  it('speaks English when the villager switched language', async () => {
    sim.printer.setState({ coverOpen: true });
    await printerIs('coverOpen');
    const page = await openKiosk();
    await page.getByTestId('category-tile').first().waitFor();
    await page.getByRole('button', { name: 'English' }).tap();
    await openGuide(page);
    expect(await page.getByTestId('print-guide').textContent()).toBe('Print this guide');
    expect(await page.getByTestId('printer-problem').textContent()).toContain(
      'Please note: the printer cover is open. You can still print',
    );
    await page.getByTestId('print-guide').tap();
    await statusIn(page, 'print-guide-status', 'held');
    expect(await page.getByTestId('print-guide-status').textContent()).toBe(
      'The printer cover is open. Printing has paused and will go on once a staff member closes it.',
    );
    await shot(page, 'printing-guide-held-english');
    sim.printer.setState({ coverOpen: false });
    await statusIn(page, 'print-guide-status', 'done');
    expect(await page.getByTestId('print-guide-status').textContent()).toBe('Printed. Please take your receipt.');
  });
});

/** The acceptance number on the end screen, and the payload a phone reads off its QR code there. */
async function numberAndQrOnScreen(page: Page): Promise<{ number: string; qr: string | null }> {
  const number = (await page.getByTestId('acceptance-number').textContent()) ?? '';
  const qr = page.getByTestId('acceptance-qr');
  await qr.scrollIntoViewIfNeeded();
  return { number, qr: await decodeQrPng(await qr.screenshot()) };
}

describe('the acceptance receipt when the printer cannot print', () => {
  it('is sent to print anyway, waits for paper, says so plainly, and keeps the number and QR code on screen', async () => {
    sim.printer.setState({ paperOut: true, paperNearEnd: true });
    await printerIs('paperOut');
    const queuedBefore = jobsQueued('receipt');
    const receiptsBefore = sim.printer.receipts.length;
    const page = await openKiosk();
    await openGuide(page);
    await reachDoneScreen(page);

    const status = page.getByTestId('print-receipt-status');
    await statusIn(page, 'print-receipt-status', 'held');
    expect(jobsQueued('receipt')).toBe(queuedBefore + 1);
    expect(await status.getAttribute('data-reason')).toBe('paperOut');
    expect(await status.textContent()).toBe('打印机缺纸，已暂停，工作人员加纸后会继续打印');
    expect(await page.getByTestId('receipt-on-screen').textContent()).toContain('上面的受理编号和二维码跟回执上的一样');
    const { number, qr } = await numberAndQrOnScreen(page);
    expect(number).toMatch(/^XW-DEMO-001-\d{8}-\d{4}$/);
    expect(qr).toBe(number);
    expect(await sizeProblems(page, '.screen-apply')).toEqual({ small: [], tiny: [] });
    await shot(page, 'printing-acceptance-paper-out');

    // Staff load paper: the same receipt comes out, and the notice goes.
    sim.printer.setState({ paperOut: false, paperNearEnd: false });
    await statusIn(page, 'print-receipt-status', 'done');
    expect(await page.getByTestId('receipt-on-screen').count()).toBe(0);
    expect(sim.printer.receipts).toHaveLength(receiptsBefore + 1);
    const receipt = sim.printer.receipts.at(-1)!;
    expect(receiptText(receipt)).toContain(number);
    expect(receipt.elements.filter((element) => element.kind === 'qr').map((element) => element.payload)).toEqual([
      number,
    ]);
    expect(page.problems).toEqual([]);
  });

  it('says plainly when the printer is unplugged, and the number and QR code stay on screen', async () => {
    await sim.unplug();
    try {
      await expect
        .poll(() => kiosk.core.printers.receiptPrinterState, { timeout: 12_000 })
        .toMatch(/^(disconnected|notResponding)$/);
      const queuedBefore = jobsQueued('receipt');
      const page = await openKiosk();
      await openGuide(page);
      await reachDoneScreen(page);

      // Sent to print all the same; with no printer there it fails at once, in plain words.
      await statusIn(page, 'print-receipt-status', 'failed');
      expect(jobsQueued('receipt')).toBe(queuedBefore + 1);
      const status = page.getByTestId('print-receipt-status');
      expect(await status.getAttribute('role')).toBe('alert');
      const text = (await status.textContent()) ?? '';
      expect(text).toContain('打印没有成功：打印机没有连接好。');
      expect(text).not.toMatch(/PRINTER_|disconnected|Error/);
      expect(await page.getByTestId('receipt-on-screen').isVisible()).toBe(true);
      const { number, qr } = await numberAndQrOnScreen(page);
      expect(number).toMatch(/^XW-DEMO-001-\d{8}-\d{4}$/);
      expect(qr).toBe(number);
      await shot(page, 'printing-acceptance-unplugged');

      // Plugged back in, 打印回执 prints it.
      await sim.replug();
      await printerIs('ready');
      const receiptsBefore = sim.printer.receipts.length;
      await page.getByTestId('print-receipt').tap();
      await statusIn(page, 'print-receipt-status', 'done');
      expect(sim.printer.receipts).toHaveLength(receiptsBefore + 1);
      expect(receiptText(sim.printer.receipts.at(-1)!)).toContain(number);
      expect(page.problems).toEqual([]);
    } finally {
      await sim.replug().catch(() => undefined);
    }
  });
});

describe('a receipt that cannot be printed', () => {
  let quickSim: PtyPrinterSimulator;
  let quick: RunningKiosk;

  beforeAll(async () => {
    quickSim = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
    quickSim.printer.setState({ coverOpen: true });
    // startKiosk with a short hold time: a held receipt is dropped after 2 s instead of 2 minutes.
    const log = silentLogger();
    const devices = testDevices({ receiptPrinterPath: quickSim.path }).devices;
    const config = loadConfig({
      rootDir: ROOT_DIR,
      overrides: { devices: { ...devices, receiptPrinter: { ...devices.receiptPrinter, holdTimeoutMs: 2000 } } },
    });
    const core = createKioskCore({ config, rootDir: ROOT_DIR, dataDir: tempDir(), shell: 'browser', log });
    const host = await startBrowserHost({ api: core.service, staticDir: RENDERER_DIR, port: 0, log });
    quick = {
      core,
      host,
      stop: async () => {
        await host.close();
        await core.close();
      },
    };
  });

  afterAll(async () => {
    await quick?.stop();
    await quickSim?.close();
  });

  it('says printing did not work, keeps the guide on screen, and prints when tapped again later', async () => {
    await printerIs('coverOpen', quick);
    const [service] = await legalAidServices(quick);
    const page = await openKiosk(quick.host.url);
    await openGuide(page);
    expect(await page.getByTestId('printer-problem').textContent()).toContain('打印机的盖子没有盖好');
    await page.getByTestId('print-guide').tap();
    await statusIn(page, 'print-guide-status', 'held');
    expect(await page.getByTestId('print-guide-status').textContent()).toBe(
      '打印机的盖子没有盖好，已暂停，工作人员盖好后会继续打印',
    );

    await statusIn(page, 'print-guide-status', 'failed');
    const status = page.getByTestId('print-guide-status');
    expect(await status.getAttribute('role')).toBe('alert');
    expect(await status.getAttribute('data-reason')).toBe('coverOpen');
    const text = (await status.textContent()) ?? '';
    expect(text).toContain('打印没有成功：打印机的盖子没有盖好。');
    expect(text).toContain('请记下屏幕上的信息或请工作人员帮助');
    expect(text).not.toMatch(/PRINTER_|coverOpen|Error/);
    // Everything the receipt would have carried is still on screen.
    expect(await page.locator('#guide-title').textContent()).toBe(service!.title);
    expect(await page.getByTestId('materials-list').isVisible()).toBe(true);
    expect(await page.locator('.guide').textContent()).toContain(service!.consultPhone);
    expect(await sizeProblems(page, '.apply-bar')).toEqual({ small: [], tiny: [] });
    await shot(page, 'printing-guide-failed');
    // The dropped job never comes out, not even once the cover is closed.
    quickSim.printer.setState({ coverOpen: false });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(quickSim.printer.receipts).toHaveLength(0);

    // Tapping again after a failure is a new job.
    await page.getByTestId('print-guide').tap();
    await statusIn(page, 'print-guide-status', 'done');
    expect(quickSim.printer.receipts).toHaveLength(1);
    expect(page.problems).toEqual([]);
  });
});

describe('printing the application form on A4', () => {
  it.skipIf(cupsProblem !== null)(
    'sends the details from the form, says when the form is printed, and shows no ID number on screen',
    async () => {
      const startedAt = Date.now();
      const [service] = await legalAidServices();
      const page = await openKiosk();
      const sent: unknown[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/api/call/printApplicationForm')) sent.push(request.postDataJSON());
      });
      await openGuide(page);
      await reachDoneScreen(page);
      const button = page.getByTestId('print-form');
      await button.waitFor();
      expect(await button.textContent()).toBe('打印申请表（A4）');
      expect(await page.getByTestId('done-print').textContent()).toContain('申请表上有您的身份证号码');
      expect(await sizeProblems(page, '.screen-apply')).toEqual({ small: [], tiny: [] });
      await shot(page, 'printing-form-button');

      const queuedBefore = jobsQueued('a4');
      await button.tap();
      await button.tap({ force: true });
      const status = page.getByTestId('print-form-status');
      await status.waitFor();
      expect(await status.textContent()).toBe('正在打印…');
      await shot(page, 'printing-form-printing');
      // Headless Chromium makes the PDF, then CUPS prints it with cups-pdf.
      await page.locator('[data-testid="print-form-status"][data-state="done"]').waitFor({ timeout: 60_000 });
      expect(await status.textContent()).toBe('申请表已打印，请到打印机取件');
      await shot(page, 'printing-form-done');

      // One job, with the applicant as the form showed them: sex and birth date as displayed, the full ID number.
      expect(jobsQueued('a4')).toBe(queuedBefore + 1);
      expect(sent).toEqual([
        {
          serviceId: service!.id,
          applicant: {
            name: NAME,
            sex: '女',
            birthDate: '1948年3月15日',
            idNumber: ID_NUMBER,
            address: ADDRESS,
            phone: PHONE,
          },
        },
      ]);
      const done = events.filter(
        (event): event is JobEvent => event.type === 'printer.job' && event.kind === 'a4' && event.state === 'done',
      );
      expect(done.length).toBeGreaterThan(0);
      const pdf = findPdfOutput(`application-${service!.id}`);
      expect(pdf).not.toBeNull();
      expect(statSync(pdf!).mtimeMs).toBeGreaterThanOrEqual(startedAt - 1000);
      const printed = pdfText(pdf!).replace(/\s+/g, '');
      for (const value of [NAME, '女', '1948年3月15日', ID_NUMBER, ADDRESS, PHONE]) expect(printed).toContain(value);

      // The page itself never shows the full number.
      expect(await pageText(page)).not.toContain(ID_NUMBER);
      expect(page.consoleText.join('\n')).not.toMatch(/440825|陈阿婆/);
      await page.getByTestId('apply-done').getByRole('button', { name: '返回首页' }).tap();
      await page.getByTestId('category-tile').first().waitFor();
      expect(await pageText(page)).not.toMatch(/陈阿婆|440825194803150020|13800138000/);
      expect(page.problems).toEqual([]);
    },
  );

  it('clears the details when nobody answers the idle prompt on the end screen', async () => {
    // Prompt after 3 s without a touch, home 2 s later (the defaults are 90 s and 30 s).
    const page = await openKiosk(kiosk.host.url.replace('/#', '/?idle=3000,2000#'));
    await openGuide(page);
    await reachDoneScreen(page);
    const prompt = page.getByTestId('idle-prompt');
    await prompt.waitFor({ timeout: 10_000 });
    expect(await prompt.textContent()).toContain('还需要更多时间吗？');
    await shot(page, 'printing-done-idle-prompt');
    // "Continue" keeps the end screen and its print button.
    await page.getByTestId('idle-continue').tap();
    await prompt.waitFor({ state: 'detached' });
    expect(await page.getByTestId('apply-done').count()).toBe(1);

    await prompt.waitFor({ timeout: 10_000 });
    await page.getByTestId('category-tile').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('apply-done').count()).toBe(0);
    expect(await pageText(page)).not.toMatch(/陈阿婆|440825194803150020|13800138000/);

    // Back to the same service: an empty form, nothing left from before.
    await openGuide(page);
    await page.getByTestId('apply-button').tap();
    await passEligibility(page);
    await page.getByTestId('manual-entry').tap();
    expect(await page.getByTestId('form-name').inputValue()).toBe('');
    expect(await page.getByTestId('form-id-number').inputValue()).toBe('');
    expect(await page.getByTestId('form-phone').inputValue()).toBe('');
    expect(page.problems).toEqual([]);
  });
});

describe('a kiosk without printers', () => {
  it('offers no print button on the guide or the end screen', async () => {
    const plain = await startKiosk(tempDir());
    try {
      expect(await plain.core.service.getPrinterStatus()).toEqual({ receipt: 'none', a4: 'none' });
      const page = await openKiosk(plain.host.url);
      await openGuide(page);
      await page.getByTestId('apply-button').waitFor();
      expect(await page.getByTestId('print-guide').count()).toBe(0);
      expect(await page.getByTestId('printer-problem').count()).toBe(0);
      await shot(page, 'printing-none-guide');
      // The end screen asks for the printers when it opens; after the answer there is still no button.
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/call/getPrinterStatus'));
      await reachDoneScreen(page);
      await answered;
      expect(await page.getByTestId('print-form').count()).toBe(0);
      expect(await page.getByTestId('done-print').count()).toBe(0);
      expect(page.problems).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
