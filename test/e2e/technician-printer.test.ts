/// <reference lib="dom" />
// The receipt printer on the technician screen (设备), in Chromium, with the printer simulator on a real PTY: its
// state in plain words — and why it cannot print — followed live as the printer changes while the screen stays
// open (paper nearly out, out, cover open, offline, a fault, no answer, the cable pulled and put back).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterState } from '../../drivers/printer/simulator/printer-model.ts';
import { readyState } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('technician-printer-e2e-');
const PIN = '246810';
let browser: Browser;
let sim: PtyPrinterSimulator;
let kiosk: RunningKiosk;
const pages: KioskPage[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  sim = await startPtyPrinterSimulator();
  kiosk = await startKiosk(tempDir(), { receiptPrinterPath: sim.path });
  await kiosk.core.technician.setPin(PIN, 'test');
  browser = await launchChromium();
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  sim.printer.setState(readyState());
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await sim?.close();
});

/** Home → five taps on the clock → PIN → the technician screen's devices. */
async function openDevices(): Promise<KioskPage> {
  const page = await openKioskPage(browser, kiosk.host.url);
  pages.push(page);
  await page.getByTestId('category-tile').first().waitFor();
  const clock = page.getByTestId('header-clock');
  for (let i = 0; i < 5; i++) await clock.tap();
  const pad = page.getByTestId('number-pad');
  for (const digit of PIN) await pad.locator(`[data-key="${digit}"]`).tap();
  await page.getByTestId('technician-pin-submit').tap();
  await page.getByTestId('technician-devices').locator('[data-fact="receipt"]').waitFor();
  return page;
}

const receiptFact = (page: KioskPage) => page.getByTestId('technician-devices').locator('[data-fact="receipt"]');

/**
 * Changes the printer and waits for the screen, which is not reloaded, to show `words`. The kiosk asks the
 * printer every 5 s between jobs, so the change may take that long to arrive.
 */
async function expectWords(page: KioskPage, words: string, state: string): Promise<void> {
  const fact = receiptFact(page);
  await fact.locator(`xpath=self::*[@data-state="${state}"]`).waitFor({ timeout: 15_000 });
  expect(await fact.locator('dd').textContent()).toBe(words);
}

async function change(page: KioskPage, to: Partial<PrinterState>, state: string, words: string): Promise<void> {
  sim.printer.setState({ ...readyState(), ...to });
  await expectWords(page, words, state);
}

describe('the receipt printer on the technician screen', () => {
  it('says in plain words why it cannot print, following paper and cover as they change', async () => {
    const page = await openDevices();
    await expectWords(page, '正常', 'ready');
    expect(await page.getByTestId('technician-devices').locator('[data-fact="reader"] dd').textContent()).toBe(
      '本机没有',
    );
    // Nearly out still prints: said, but not as a reason it cannot print.
    await change(page, { paperNearEnd: true }, 'paperNearEnd', '纸快用完了');
    await change(page, { paperOut: true, paperNearEnd: true }, 'paperOut', '不能打印：没纸了');
    // 健康状况 further down reads its report again at once and says the same.
    await expect.poll(() => page.getByTestId('technician-health').getByText('没纸了', { exact: true }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'technician-printer-paper-out.png') });
    await change(page, { coverOpen: true }, 'coverOpen', '不能打印：盖子开着');
    await change(page, {}, 'ready', '正常');
    expect(page.problems).toEqual([]);
  }, 90_000);

  it('follows the printer going offline, a fault, no answer, and the cable pulled and put back', async () => {
    const page = await openDevices();
    await expectWords(page, '正常', 'ready');
    await change(page, { online: false }, 'offline', '不能打印：离线');
    await change(page, { error: 'cutterJam' }, 'error', '不能打印：出故障了');
    // A printer that answers nothing is never shown as fine.
    await change(page, { mute: true }, 'notResponding', '不能打印：没有响应');
    sim.printer.setState(readyState());
    await expectWords(page, '正常', 'ready');

    await sim.unplug();
    const fact = receiptFact(page);
    await fact.locator('xpath=self::*[@data-state="disconnected" or @data-state="notResponding"]').waitFor({
      timeout: 15_000,
    });
    expect(await fact.locator('dd').textContent()).toMatch(/^不能打印：(没有连接|没有响应)$/);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'technician-printer-unplugged.png') });
    await sim.replug();
    await expectWords(page, '正常', 'ready');
    expect(page.problems).toEqual([]);
    // Up to 5 s for each of six changes to reach the screen.
  }, 90_000);
});
