// The receipt driver alone, over an in-memory link to the simulated printer that can be cut after a number of
// print writes: a cable pulled while a receipt streams out fails the job as disconnected and partly printed;
// one that was never reached is not marked partly printed. (Over a real PTY: test/integration/printer-mid-job.)
import { describe, expect, it } from 'vitest';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import { acceptanceReceipt } from '../../drivers/printer/acceptance-receipt.ts';
import { PrintJobAborted, ReceiptPrinter } from '../../drivers/printer/receipt-printer.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { transportEvents, TransportError, type ByteTransport } from '../../drivers/transport/transport.ts';

/** A link to `printer` whose cable is pulled once `printWrites` writes of print data (not status queries) went. */
function cableTo(printer: SimulatedPrinter, printWrites: number): ByteTransport {
  const events = transportEvents();
  let writes = 0;
  return {
    ...events.listeners,
    get isOpen() {
      return !events.closed;
    },
    write: async (bytes) => {
      if (events.closed) throw new TransportError('TRANSPORT_CLOSED', 'cable pulled');
      const isStatusQuery = bytes.length === 3 && bytes[0] === 0x10 && bytes[1] === 0x04;
      if (!isStatusQuery && writes++ >= printWrites) {
        events.close(new Error('cable pulled'));
        throw new TransportError('TRANSPORT_WRITE_FAILED', 'EIO');
      }
      const answers = printer.receive(bytes);
      if (answers.length > 0) setImmediate(() => events.data(answers));
    },
    close: async () => events.close(null),
  };
}

const segments = renderReceipt(
  acceptanceReceipt({
    paper: '58mm',
    serviceName: '法律援助申请',
    acceptanceNumber: 'XW-DEMO-001-20261207-0007',
    acceptedAt: new Date('2026-12-07T02:30:00Z'),
    kiosk: { id: 'XW-DEMO-001', site: '示范村党群服务中心' },
    nextSteps: '请带上身份证和材料原件到窗口办理。',
    qrPayload: 'XW-DEMO-001-20261207-0007',
  }),
).segments;

async function failure(job: Promise<void>): Promise<PrintJobAborted> {
  const error = await job.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PrintJobAborted);
  return error as PrintJobAborted;
}

describe('a receipt printer unplugged while a job streams out', () => {
  it('fails the job as disconnected and partly printed, with part of it on the paper', async () => {
    const printer = new SimulatedPrinter();
    const driver = new ReceiptPrinter(cableTo(printer, 2), { statusTimeoutMs: 200, chunkBytes: 64 });
    const aborted = await failure(driver.print(segments));
    expect(aborted.lastStatus.condition).toBe('disconnected');
    expect(aborted.partlyPrinted).toBe(true);
    expect(aborted.message).toContain('part of it was printed');
    expect(printer.receiptInProgress.elements.length).toBeGreaterThan(0);
    expect(printer.receipts).toHaveLength(0);
    expect(driver.isOpen).toBe(false);
  });

  it('counts a first write cut short as partly printed: some of it may be on the paper', async () => {
    const driver = new ReceiptPrinter(cableTo(new SimulatedPrinter(), 0), { statusTimeoutMs: 200 });
    const aborted = await failure(driver.print(segments));
    expect(aborted).toMatchObject({ lastStatus: { condition: 'disconnected' }, partlyPrinted: true });
  });

  it('does not mark a job partly printed when the printer was gone before it started', async () => {
    const link = cableTo(new SimulatedPrinter(), 10);
    await link.close();
    const driver = new ReceiptPrinter(link, { statusTimeoutMs: 200 });
    const aborted = await failure(driver.print(segments));
    expect(aborted).toMatchObject({ lastStatus: { condition: 'disconnected' }, partlyPrinted: false });
  });
});
