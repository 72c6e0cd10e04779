// The kiosk's printing end to end below the screens: KioskApi print methods → PrinterService → the ESC/POS
// encoder → a real PTY (or TCP) → the printer simulator, which decodes what came out; and A4 forms through CUPS.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskEvent } from '../../core/api/contract.ts';
import type { KioskCore } from '../../core/bootstrap.ts';
import { PrinterService } from '../../core/devices/printer-service.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { renderReceiptPng } from '../../drivers/printer/simulator/render-png.ts';
import { startTcpPrinterSimulator } from '../../drivers/printer/simulator/tcp-simulator.ts';
import { openDeviceFile } from '../../drivers/transport/device-file.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import { openTcp } from '../../drivers/transport/tcp.ts';
import { CHROMIUM } from '../../core/host/chromium.ts';
import { cupsUnavailable, findPdfOutput, pdfText, PDF_QUEUE } from '../helpers/cups.ts';
import { startTestCore, testDevices } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('printing-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type JobEvent = Extract<KioskEvent, { type: 'printer.job' }>;

function receiptText(receipt: Receipt): string {
  return receipt.elements.flatMap((element) => (element.kind === 'text' ? [element.text] : [])).join('\n');
}

async function kioskWithPrinter(overrides: Record<string, unknown> = {}) {
  // The same paper as the kiosk's config (80 mm), so a line the driver lays out too wide shows as wrapped.
  const sim: PtyPrinterSimulator = await startPtyPrinterSimulator({ printer: new SimulatedPrinter({ paper: '80mm' }) });
  cleanups.push(() => sim.close());
  const devices = testDevices({ receiptPrinterPath: sim.path }).devices;
  const core: KioskCore = startTestCore(tempDir(), {
    devices: { ...devices, receiptPrinter: { ...devices.receiptPrinter, ...overrides } },
  });
  cleanups.push(() => core.close());
  const events: KioskEvent[] = [];
  core.service.subscribe((event) => events.push(event));
  const jobEnd = (jobId: string) =>
    new Promise<JobEvent>((resolve) => {
      const check = (event: KioskEvent) =>
        event.type === 'printer.job' && event.jobId === jobId && (event.state === 'done' || event.state === 'failed');
      const seen = events.find(check);
      if (seen) return resolve(seen as JobEvent);
      const stop = core.service.subscribe((event) => {
        if (check(event)) {
          stop();
          resolve(event as JobEvent);
        }
      });
    });
  return { sim, core, events, jobEnd };
}

describe('printing from the kiosk', () => {
  it('prints a service guide receipt that decodes back to its text and QR code', async () => {
    const { sim, core, events, jobEnd } = await kioskWithPrinter();
    const [service] = await core.service.listServices({ categoryId: 'falv-yuanzhu' });
    const item = await core.service.getService({ id: service!.id });
    const { jobId } = await core.service.printServiceGuide({ serviceId: item.id });
    expect(await jobEnd(jobId)).toMatchObject({ state: 'done' });
    const states = events
      .filter((e): e is JobEvent => e.type === 'printer.job' && e.jobId === jobId)
      .map((e) => e.state);
    expect(states).toEqual(['queued', 'printing', 'done']);

    expect(sim.printer.receipts).toHaveLength(1);
    const receipt = sim.printer.receipts[0]!;
    const printed = receiptText(receipt);
    expect(printed).toContain('办事指南');
    expect(printed.replaceAll('\n', '')).toContain(item.title);
    expect(printed).toContain(item.consultPhone);
    for (const material of item.materials) expect(printed.replaceAll('\n', '')).toContain(material.name);
    const qr = receipt.elements.find((element) => element.kind === 'qr');
    expect(qr).toMatchObject({
      payload: item.online.available && item.online.url ? item.online.url : `tel:${item.consultPhone}`,
    });
    expect(receipt.cut).toBe('full');
    // Nothing wrapped by the printer: the driver's line widths match the paper.
    expect(receipt.elements.some((element) => element.kind === 'text' && element.wrapped)).toBe(false);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(
      path.join(ARTIFACTS_DIR, 'printing-service-guide-80mm.png'),
      await renderReceiptPng(receipt, { paper: '80mm' }),
    );
    expect(await core.service.getPrinterStatus()).toEqual({ receipt: 'ready', a4: 'none' });
  });

  it('holds a receipt while the paper is out, says so, and prints it once paper is loaded', async () => {
    const { sim, core, events, jobEnd } = await kioskWithPrinter();
    sim.printer.setState({ paperOut: true });
    const [service] = await core.service.listServices({});
    const { jobId } = await core.service.printServiceGuide({ serviceId: service!.id });
    await expect
      .poll(() => events.some((e) => e.type === 'printer.job' && e.state === 'held' && e.reason === 'paperOut'))
      .toBe(true);
    expect(sim.printer.receipts).toHaveLength(0);
    sim.printer.setState({ paperOut: false });
    expect(await jobEnd(jobId)).toMatchObject({ state: 'done' });
    expect(sim.printer.receipts).toHaveLength(1);
    expect(events).toContainEqual({ type: 'printer.status', receipt: 'paperOut' });
  });

  it('drops a held receipt after the hold time, so it never prints for the next villager', async () => {
    const { sim, core, jobEnd } = await kioskWithPrinter({ holdTimeoutMs: 1500 });
    sim.printer.setState({ coverOpen: true });
    const [service] = await core.service.listServices({});
    const { jobId } = await core.service.printServiceGuide({ serviceId: service!.id });
    expect(await jobEnd(jobId)).toMatchObject({ state: 'failed', reason: 'coverOpen' });
    sim.printer.setState({ coverOpen: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.printer.receipts).toHaveLength(0);
    expect(sim.printer.counts.receivedBytes - sim.printer.counts.statusQueries * 3).toBe(0);
  });

  it('drops the receipts of a session that ended, held or still queued, and prints the next session’s', async () => {
    const { sim, core, jobEnd } = await kioskWithPrinter({ holdTimeoutMs: 60_000 });
    sim.printer.setState({ paperOut: true });
    const [service] = await core.service.listServices({});
    const held = await core.service.printServiceGuide({ serviceId: service!.id });
    const queued = await core.service.printServiceGuide({ serviceId: service!.id });
    // The villager walked away; paper is loaded only after the session ended.
    await core.service.endSession({ reason: 'idle' });
    expect(await jobEnd(held.jobId)).toMatchObject({ state: 'failed', reason: 'sessionEnded' });
    expect(await jobEnd(queued.jobId)).toMatchObject({ state: 'failed', reason: 'sessionEnded' });
    sim.printer.setState({ paperOut: false });
    const next = await core.service.printServiceGuide({ serviceId: service!.id });
    expect(await jobEnd(next.jobId)).toMatchObject({ state: 'done' });
    expect(sim.printer.receipts).toHaveLength(1);
  });

  it('reports a printer that does not answer status as not responding, never as ready', async () => {
    const { sim, core, jobEnd } = await kioskWithPrinter({ holdTimeoutMs: 1000, statusTimeoutMs: 100 });
    sim.printer.setState({ mute: true });
    const [service] = await core.service.listServices({});
    const { jobId } = await core.service.printServiceGuide({ serviceId: service!.id });
    expect(await jobEnd(jobId)).toMatchObject({ state: 'failed', reason: 'notResponding' });
    expect((await core.service.getPrinterStatus()).receipt).toBe('notResponding');
  });

  it('notices the printer unplugged and plugged back in', async () => {
    const sim = await startPtyPrinterSimulator();
    cleanups.push(() => sim.close());
    const states: string[] = [];
    const printers = new PrinterService({
      connectReceipt: () => openSerial({ path: sim.path, baudRate: 115200 }),
      statusTimeoutMs: 150,
      holdTimeoutMs: 5000,
      statusPollMs: 100,
      a4Queue: null,
      chromium: CHROMIUM,
      log: silentLogger(),
      publish: (event) => event.type === 'printer.status' && states.push(event.receipt),
    });
    printers.start();
    cleanups.push(() => printers.stop());
    await expect.poll(() => states.at(-1)).toBe('ready');
    await sim.unplug();
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toMatch(/disconnected|notResponding/);
    await sim.replug();
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('ready');
    const jobId = printers.printReceipt(Buffer.from('\x1b@after replug\n\x1dV\x00', 'latin1'));
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => sim.printer.receipts.length, { timeout: 5000 }).toBe(1);
  });

  it('prints through a printer-class device node (the PTY opened as a plain character device, like /dev/usb/lp0)', async () => {
    const sim = await startPtyPrinterSimulator();
    cleanups.push(() => sim.close());
    const done: string[] = [];
    const printers = new PrinterService({
      connectReceipt: () => openDeviceFile({ path: sim.path }),
      statusTimeoutMs: 300,
      holdTimeoutMs: 5000,
      statusPollMs: 100,
      a4Queue: null,
      chromium: CHROMIUM,
      log: silentLogger(),
      publish: (event) => event.type === 'printer.job' && event.state === 'done' && done.push(event.jobId),
    });
    printers.start();
    cleanups.push(() => printers.stop());
    await expect.poll(() => printers.receiptPrinterState).toBe('ready');
    sim.printer.setState({ paperOut: true });
    await expect.poll(() => printers.receiptPrinterState, { timeout: 5000 }).toBe('paperOut');
    sim.printer.setState({ paperOut: false });
    const jobId = printers.printReceipt(Buffer.from('\x1b@lp node\n\x1dV\x00', 'latin1'));
    await expect.poll(() => done, { timeout: 5000 }).toEqual([jobId]);
    expect(sim.printer.receipts).toHaveLength(1);
    await sim.unplug();
    await expect.poll(() => printers.receiptPrinterState, { timeout: 5000 }).toMatch(/disconnected|notResponding/);
  });

  it('hands A4 documents to the shell where it prints them itself (Electron on Windows)', async () => {
    const printed: string[] = [];
    const ends: JobEvent[] = [];
    let refuse = false;
    const printers = new PrinterService({
      connectReceipt: null,
      statusTimeoutMs: 300,
      holdTimeoutMs: 5000,
      a4Queue: 'HP LaserJet A4',
      chromium: CHROMIUM,
      printA4Directly: async (html) => {
        if (refuse) throw new Error('printing to HP LaserJet A4 failed: Invalid deviceName provided');
        printed.push(html);
      },
      log: silentLogger(),
      publish: (event) => event.type === 'printer.job' && ['done', 'failed'].includes(event.state) && ends.push(event),
    });
    cleanups.push(() => printers.stop());
    printers.printA4('<p>申请表</p>', 'application-x');
    await expect.poll(() => ends.length).toBe(1);
    refuse = true;
    printers.printA4('<p>申请表</p>', 'application-x');
    await expect.poll(() => ends.length).toBe(2);
    expect(printed).toEqual(['<p>申请表</p>']);
    expect(ends.map((end) => [end.state, end.reason])).toEqual([
      ['done', undefined],
      ['failed', 'PRINTER_SPOOL_FAILED'],
    ]);
  });

  it('prints to a network printer over TCP', async () => {
    const sim = await startTcpPrinterSimulator();
    cleanups.push(() => sim.close());
    const done: string[] = [];
    const printers = new PrinterService({
      connectReceipt: () => openTcp({ host: sim.host, port: sim.port }),
      statusTimeoutMs: 300,
      holdTimeoutMs: 5000,
      a4Queue: null,
      chromium: CHROMIUM,
      log: silentLogger(),
      publish: (event) => event.type === 'printer.job' && event.state === 'done' && done.push(event.jobId),
    });
    cleanups.push(() => printers.stop());
    const jobId = printers.printReceipt(Buffer.from('\x1b@TCP 9100\n\x1dV\x00', 'latin1'));
    await expect.poll(() => done).toEqual([jobId]);
    expect(sim.printer.receipts).toHaveLength(1);
  });

  const unavailable = cupsUnavailable();
  it.skipIf(unavailable !== null)('prints the application form on A4 through CUPS', async () => {
    const core = startTestCore(tempDir(), testDevices({ a4Queue: PDF_QUEUE }));
    cleanups.push(() => core.close());
    const ended = new Promise<JobEvent>((resolve) =>
      core.service.subscribe(
        (e) => e.type === 'printer.job' && (e.state === 'done' || e.state === 'failed') && resolve(e),
      ),
    );
    const [service] = await core.service.listServices({ categoryId: 'falv-yuanzhu' });
    await core.service.printApplicationForm({
      serviceId: service!.id,
      applicant: {
        name: '陈阿婆',
        sex: '女',
        birthDate: '1948年3月15日',
        idNumber: '440825194803150020',
        address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
        phone: '13800138000',
      },
    });
    expect(await ended).toMatchObject({ state: 'done' });
    const output = findPdfOutput(`application-${service!.id}`);
    expect(output).not.toBeNull();
    expect(pdfText(output!)).toContain('陈阿婆');
    expect(await core.service.getPrinterStatus()).toEqual({ receipt: 'none', a4: 'configured' });
  });

  it('says plainly when the kiosk has no printer', async () => {
    const core = startTestCore(tempDir(), testDevices());
    cleanups.push(() => core.close());
    const [service] = await core.service.listServices({});
    await expect(core.service.printServiceGuide({ serviceId: service!.id })).rejects.toMatchObject({
      code: 'PRINTER_UNAVAILABLE',
    });
    expect(await core.service.getPrinterStatus()).toEqual({ receipt: 'none', a4: 'none' });
  });
});
