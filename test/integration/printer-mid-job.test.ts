// Printer faults in the middle of a receipt, through the kiosk's PrinterService and the ESC/POS driver over a
// real PTY to the printer simulator, whose state is scripted to change after a number of printed lines: the
// printer switched offline, a fault, the cover opened (the job is held and goes on), and the cable pulled (the
// job fails as disconnected and partly printed; the next receipt first cuts the unfinished one off).
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskEvent } from '../../core/api/contract.ts';
import { PrinterService } from '../../core/devices/printer-service.ts';
import { CHROMIUM } from '../../core/host/chromium.ts';
import { acceptanceReceipt } from '../../drivers/printer/acceptance-receipt.ts';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import { SimulatedPrinter, type PrinterState } from '../../drivers/printer/simulator/printer-model.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import { silentLogger } from '../helpers/silent-log.ts';

type JobEvent = Extract<KioskEvent, { type: 'printer.job' }>;

// The garbage collector on demand, without starting Node with --expose-gc.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ACCEPTANCE_NUMBER = 'XW-DEMO-001-20261207-0007';

/** A real 受理回执 in segments cut between whole commands, as the kiosk sends it. */
function receiptSegments(): Buffer[] {
  return renderReceipt(
    acceptanceReceipt({
      paper: '58mm',
      serviceName: '法律援助申请',
      acceptanceNumber: ACCEPTANCE_NUMBER,
      acceptedAt: new Date('2026-12-07T02:30:00Z'),
      kiosk: { id: 'XW-DEMO-001', site: '示范村党群服务中心' },
      nextSteps: '请带上身份证和材料原件到窗口办理。\n窗口：县司法局一楼\n凭受理编号查询进度。',
      qrPayload: ACCEPTANCE_NUMBER,
    }),
  ).segments;
}

/** The receipt as a printer that never stopped prints it. */
function expectedReceipt(): Receipt {
  const printer = new SimulatedPrinter();
  printer.receive(Buffer.concat(receiptSegments()));
  return printer.receipts[0]!;
}

function textOf(receipt: Receipt): string {
  return receipt.elements.flatMap((element) => (element.kind === 'text' ? [element.text] : [])).join('\n');
}

async function setUp(holdTimeoutMs = 30_000) {
  const sim: PtyPrinterSimulator = await startPtyPrinterSimulator();
  cleanups.push(() => sim.close());
  const events: JobEvent[] = [];
  const printers = new PrinterService({
    connectReceipt: () => openSerial({ path: sim.path, baudRate: 115200 }),
    statusTimeoutMs: 300,
    holdTimeoutMs,
    a4Queue: null,
    chromium: CHROMIUM,
    log: silentLogger(),
    publish: (event) => event.type === 'printer.job' && events.push(event),
  });
  cleanups.push(() => printers.stop());
  const ofJob = (jobId: string) => events.filter((event) => event.jobId === jobId);
  const end = async (jobId: string): Promise<JobEvent> => {
    await expect
      .poll(() => ofJob(jobId).some((event) => event.state === 'done' || event.state === 'failed'), {
        timeout: 15_000,
      })
      .toBe(true);
    return ofJob(jobId).at(-1)!;
  };
  return { sim, printers, ofJob, end };
}

const FAULTS: { name: string; reason: string; fault: Partial<PrinterState>; cleared: Partial<PrinterState> }[] = [
  { name: 'switched offline', reason: 'offline', fault: { online: false }, cleared: { online: true } },
  { name: 'reports a cutter jam', reason: 'error', fault: { error: 'cutterJam' }, cleared: { error: null } },
  { name: 'has its cover opened', reason: 'coverOpen', fault: { coverOpen: true }, cleared: { coverOpen: false } },
  {
    name: 'runs out of paper',
    reason: 'paperOut',
    fault: { paperOut: true, paperNearEnd: true },
    cleared: { paperOut: false, paperNearEnd: false },
  },
];

describe('a printer fault in the middle of a receipt', () => {
  for (const { name, reason, fault, cleared } of FAULTS) {
    it(`holds the job when the printer ${name} part-way, and finishes the same receipt once it can print`, async () => {
      const { sim, printers, ofJob, end } = await setUp();
      sim.printer.changeStateAfterLines(3, fault);
      const jobId = printers.printReceipt(receiptSegments());
      await expect.poll(() => ofJob(jobId).some((event) => event.state === 'held'), { timeout: 10_000 }).toBe(true);
      expect(ofJob(jobId).find((event) => event.state === 'held')?.reason).toBe(reason);
      // Stopped part-way: three lines on paper, no cut, the job not finished.
      expect(sim.printer.receipts).toHaveLength(0);
      expect(sim.printer.receiptInProgress.elements.length).toBeGreaterThanOrEqual(3);
      expect(ofJob(jobId).some((event) => event.state === 'done' || event.state === 'failed')).toBe(false);
      expect(printers.receiptPrinterState).toBe(reason);

      sim.printer.setState(cleared);
      expect(await end(jobId)).toMatchObject({ state: 'done' });
      // Held, then printing again, then done; one whole receipt, nothing lost or printed twice.
      const states = ofJob(jobId).map((event) => event.state);
      expect(states.slice(states.indexOf('held'))).toEqual(['held', 'printing', 'done']);
      expect(sim.printer.receipts).toEqual([expectedReceipt()]);
      expect(sim.printer.counts.droppedBytes).toBe(0);
      expect(printers.receiptPrinterState).toBe('ready');
    });
  }
});

describe('a printer unplugged in the middle of a receipt', () => {
  it('fails the job as disconnected and partly printed; the next receipt first cuts the unfinished one off', async () => {
    const { sim, printers, ofJob, end } = await setUp();
    // The printer stops three lines in (the job is held), then the cable is pulled.
    sim.printer.changeStateAfterLines(3, { online: false });
    const first = printers.printReceipt(receiptSegments());
    await expect.poll(() => ofJob(first).some((event) => event.state === 'held'), { timeout: 10_000 }).toBe(true);
    const onPaper = sim.printer.receiptInProgress.elements.length;
    expect(onPaper).toBeGreaterThanOrEqual(3);
    await sim.unplug();
    expect(await end(first)).toEqual({
      type: 'printer.job',
      jobId: first,
      kind: 'receipt',
      state: 'failed',
      reason: 'disconnected',
      partlyPrinted: true,
    });

    // Plugged back in and switched on again: it prints what it still had in its buffer, but never cuts.
    await sim.replug();
    sim.printer.setState({ online: true });
    expect(sim.printer.receipts).toHaveLength(0);

    const second = printers.printReceipt(receiptSegments());
    expect(await end(second)).toMatchObject({ state: 'done' });
    expect(sim.printer.receipts).toHaveLength(2);
    const [unfinished, next] = sim.printer.receipts as [Receipt, Receipt];
    // The unfinished one was fed past the cutter and cut off on its own: the beginning of the receipt and
    // nothing of the next one.
    expect(unfinished.cut).toBe('full');
    const printedPart = unfinished.elements.slice(0, -1);
    expect(unfinished.elements.at(-1)).toMatchObject({ kind: 'feed' });
    expect(printedPart.length).toBeGreaterThanOrEqual(onPaper);
    expect(printedPart.length).toBeLessThan(expectedReceipt().elements.length);
    expect(printedPart).toEqual(expectedReceipt().elements.slice(0, printedPart.length));
    expect(textOf(unfinished).match(/受理回执/g)).toHaveLength(1);
    // The next villager's receipt is whole and starts on fresh paper.
    expect(next).toEqual(expectedReceipt());

    // Only once: the receipt after that has nothing cut off in front.
    const third = printers.printReceipt(receiptSegments());
    expect(await end(third)).toMatchObject({ state: 'done' });
    expect(sim.printer.receipts).toHaveLength(3);
    expect(sim.printer.receipts[2]).toEqual(expectedReceipt());
  });

  it('cuts off a receipt that was dropped part-way while held, before the next one', async () => {
    const { sim, printers, end } = await setUp(1500);
    sim.printer.paperRunsOutAfterLines(3);
    const first = printers.printReceipt(receiptSegments());
    expect(await end(first)).toMatchObject({ state: 'failed', reason: 'paperOut', partlyPrinted: true });
    sim.printer.setState({ paperOut: false, paperNearEnd: false });
    const second = printers.printReceipt(receiptSegments());
    expect(await end(second)).toMatchObject({ state: 'done' });
    expect(sim.printer.receipts).toHaveLength(2);
    expect(sim.printer.receipts[1]).toEqual(expectedReceipt());
  });

  it('gives a held receipt up after its hold time even when garbage is collected meanwhile', async () => {
    const { sim, printers, ofJob, end } = await setUp(1500);
    sim.printer.setState({ coverOpen: true });
    const job = printers.printReceipt(receiptSegments());
    await expect.poll(() => ofJob(job).some((event) => event.state === 'held')).toBe(true);
    // A hold timer that only a weak reference keeps (AbortSignal.timeout inside AbortSignal.any) is lost here.
    collectGarbage();
    collectGarbage();
    expect(await end(job)).toMatchObject({ state: 'failed', reason: 'coverOpen' });
  });

  it('cuts nothing off when a dropped receipt never reached the printer', async () => {
    const { sim, printers, end } = await setUp(1500);
    sim.printer.setState({ coverOpen: true });
    const first = printers.printReceipt(receiptSegments());
    const failed = await end(first);
    expect(failed).toMatchObject({ state: 'failed', reason: 'coverOpen' });
    expect(failed.partlyPrinted).toBeUndefined();
    sim.printer.setState({ coverOpen: false });
    const second = printers.printReceipt(receiptSegments());
    expect(await end(second)).toMatchObject({ state: 'done' });
    expect(sim.printer.receipts).toEqual([expectedReceipt()]);
  });
});
