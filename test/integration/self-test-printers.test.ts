// The printers' self-tests: the receipt printer simulator on a real PTY (pass with the test receipt printed;
// paper out, cover open, not responding each fail with their reason) and the real CUPS queue kiosk-a4
// (cups-pdf: the test page comes out as a PDF; a missing queue fails with the fix).
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterService } from '../../core/devices/printer-service.ts';
import { a4PrinterSelfTest, receiptPrinterSelfTest } from '../../core/diagnostics/printer-self-tests.ts';
import { CHROMIUM } from '../../core/host/chromium.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import { cupsUnavailable, findPdfOutput, pdfText, PDF_QUEUE } from '../helpers/cups.ts';
import { silentLogger } from '../helpers/silent-log.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function printerService(options: { path?: string; a4Queue?: string | null }): PrinterService {
  const service = new PrinterService({
    connectReceipt: options.path ? () => openSerial({ path: options.path!, baudRate: 115200 }) : null,
    statusTimeoutMs: 300,
    holdTimeoutMs: 2000,
    a4Queue: options.a4Queue ?? null,
    chromium: CHROMIUM,
    log: silentLogger(),
    publish: () => undefined,
  });
  cleanups.push(() => service.stop());
  return service;
}

async function receiptPrinter() {
  const sim = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
  cleanups.push(() => sim.close());
  return { sim, printers: printerService({ path: sim.path }) };
}

describe('receipt printer self-test', () => {
  it('passes and the test receipt comes out of the simulator', async () => {
    const { sim, printers } = await receiptPrinter();
    const result = await receiptPrinterSelfTest(printers, '80mm');
    expect(result).toMatchObject({ id: 'receiptPrinter', status: 'pass', details: { paper: '80mm' } });
    expect(sim.printer.receipts).toHaveLength(1);
    expect(printers.receiptPrinterState).toBe('ready');
  });

  it('fails with "paper out" and says to load paper', async () => {
    const { sim, printers } = await receiptPrinter();
    sim.printer.setState({ paperOut: true });
    const result = await receiptPrinterSelfTest(printers, '80mm');
    expect(result).toMatchObject({ status: 'fail', code: 'PRINTER_PAPER_OUT' });
    expect(result.reason.zh).toBe('小票打印机缺纸');
    expect(result.fix?.zh).toContain('纸卷');
    expect(sim.printer.receipts).toHaveLength(0);
  });

  it('fails with "cover open"', async () => {
    const { sim, printers } = await receiptPrinter();
    sim.printer.setState({ coverOpen: true });
    expect(await receiptPrinterSelfTest(printers, '80mm')).toMatchObject({
      status: 'fail',
      code: 'PRINTER_COVER_OPEN',
    });
  });

  it('fails with "not responding" when the printer stays silent', async () => {
    const { sim, printers } = await receiptPrinter();
    sim.printer.setState({ mute: true });
    const result = await receiptPrinterSelfTest(printers, '80mm');
    expect(result).toMatchObject({ status: 'fail', code: 'PRINTER_NOT_RESPONDING' });
    expect(result.reason.en).toBe('The receipt printer does not respond');
  });

  it('is skipped on a kiosk without a receipt printer', async () => {
    expect(await receiptPrinterSelfTest(printerService({}), '80mm')).toMatchObject({ status: 'skipped' });
  });
});

const noCups = cupsUnavailable();
if (noCups) console.warn(`A4 self-test skipped: ${noCups}`);

describe.skipIf(noCups !== null)('A4 printer self-test through CUPS', () => {
  it('prints the A4 test page through the kiosk-a4 queue', async () => {
    const printers = printerService({ a4Queue: PDF_QUEUE });
    const result = await a4PrinterSelfTest(printers, PDF_QUEUE);
    expect(result).toMatchObject({ id: 'a4Printer', status: 'pass', details: { queue: PDF_QUEUE } });
    await expect.poll(() => findPdfOutput('kiosk-a4-test-page'), { timeout: 20_000 }).not.toBeNull();
    expect(pdfText(findPdfOutput('kiosk-a4-test-page')!)).toContain('A4 test page');
  });

  it('fails when the queue is missing, naming it and the fix', async () => {
    const printers = printerService({ a4Queue: 'kiosk-no-such-queue' });
    const result = await a4PrinterSelfTest(printers, 'kiosk-no-such-queue');
    expect(result).toMatchObject({ status: 'fail', code: 'PRINTER_QUEUE_MISSING' });
    expect(result.reason.zh).toContain('kiosk-no-such-queue');
    expect(result.fix?.en).toContain('devices.a4Printer.queue');
  });
});
