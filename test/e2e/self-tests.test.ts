/// <reference lib="dom" />
// The technician screen's self-test list in Chromium (with its fake camera): signed in with the PIN, 全部运行
// passes against the reader and printer simulators, the hub on loopback and the disk; the touch grid passes
// once every cell is tapped; the camera preview shows its real resolution; a printer fault injected into the
// simulator makes the printer test fail with its plain reason and fix.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { startHub, type Hub } from '../../hub/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { cupsUnavailable, PDF_QUEUE } from '../helpers/cups.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('self-tests-e2e-');
const PIN = '246810';
const noCups = cupsUnavailable();
if (noCups) console.warn(`the A4 self-test shows "not fitted" here: ${noCups}`);
let browser: Browser;
let kiosk: RunningKiosk;
let hub: Hub;
let reader: PtySimulator;
let printer: PtyPrinterSimulator;

beforeAll(async () => {
  hub = await startHub({ dataDir: tempDir(), staffTokens: ['t'], trustedKeys: [], log: silentLogger() });
  reader = await startPtySimulator({ baudRate: 115200 });
  printer = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
  kiosk = await startKiosk(tempDir(), {
    idcardPath: reader.path,
    receiptPrinterPath: printer.path,
    ...(noCups ? {} : { a4Queue: PDF_QUEUE }),
    catalogue: { hubUrl: hub.url, pollSeconds: 3600 },
  });
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await printer?.close();
  await reader?.close();
  await hub?.close();
});

async function signIn(page: KioskPage): Promise<void> {
  await page.getByTestId('category-tile').first().waitFor();
  const clock = page.getByTestId('header-clock');
  for (let i = 0; i < 5; i++) await clock.tap();
  await page.getByTestId('technician-sign-in').waitFor();
  const pad = page.getByTestId('number-pad');
  for (const digit of PIN) await pad.locator(`[data-key="${digit}"]`).tap();
  await page.getByTestId('technician-pin-submit').tap();
  await page.getByTestId('technician-self-tests').waitFor();
}

const status = (page: KioskPage, id: string) => page.getByTestId(`self-test-${id}`).getAttribute('data-status');

describe('technician self-tests', () => {
  it('run all against the simulators, the touch grid and camera, then a printer fault', async () => {
    await kiosk.core.technician.setPin(PIN, 'test');
    const page = await openKioskPage(browser, kiosk.host.url);
    await signIn(page);
    reader.reader.placeCard(SAMPLE_CARDS.elder);

    await page.getByTestId('self-test-run-all').tap();
    for (const id of ['idcard', 'receiptPrinter', 'network', 'disk']) {
      await expect.poll(() => status(page, id), { timeout: 60_000 }).toBe('pass');
    }
    await expect.poll(() => status(page, 'a4Printer'), { timeout: 60_000 }).toBe(noCups ? 'skipped' : 'pass');
    expect(printer.printer.receipts).toHaveLength(1);
    // No villager data from the test card on the screen.
    expect(await page.locator('body').textContent()).not.toContain('陈阿婆');

    // 全部运行 ends with the touch grid: every cell tapped passes it; each cell is a proper touch target.
    const cells = page.getByTestId('self-test-touch-grid').locator('button');
    expect(await cells.count()).toBe(24);
    for (const cell of await cells.all()) {
      const box = (await cell.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(60);
    }
    expect(await status(page, 'touch')).toBe('not-run');
    for (const cell of await cells.all()) await cell.tap();
    await expect.poll(() => status(page, 'touch')).toBe('pass');

    await page.getByTestId('self-test-run-camera').tap();
    await expect.poll(() => status(page, 'camera'), { timeout: 20_000 }).toBe('pass');
    expect(await page.getByTestId('self-test-reason-camera').textContent()).toMatch(/实际分辨率 \d+×\d+/);

    await page.getByTestId('self-test-run-speakers').tap();
    await page.getByTestId('self-test-heard').tap();
    await expect.poll(() => status(page, 'speakers')).toBe('pass');

    printer.printer.setState({ paperOut: true });
    await page.getByTestId('self-test-run-receiptPrinter').tap();
    await expect.poll(() => status(page, 'receiptPrinter'), { timeout: 30_000 }).toBe('fail');
    const reason = await page.getByTestId('self-test-reason-receiptPrinter').textContent();
    expect(reason).toContain('小票打印机缺纸');
    expect(reason).toContain('处理办法：装入新的热敏纸卷');
    const audit = (await kiosk.core.technician.auditLog(20)).map(
      (entry) => `${entry.action} ${entry.outcome} ${entry.detail}`,
    );
    expect(audit).toContain('self-test fail receiptPrinter: PRINTER_PAPER_OUT');
    expect(page.problems).toEqual([]);
  });
});
