// The simulated printer's state: DLE EOT answers for every condition (read back with the driver's own
// interpretation), a printer that answers nothing, and print data held while it cannot print.
import { describe, expect, it } from 'vitest';
import { ESCPOS, LF, STATUS_BITS } from '../../drivers/printer/escpos-commands.ts';
import { interpretStatus, isStatusByte, type PrinterCondition } from '../../drivers/printer/printer-status.ts';
import { applyPrinterStep, parsePrinterStep } from '../../drivers/printer/simulator/control.ts';
import { SimulatedPrinter, type PrinterState } from '../../drivers/printer/simulator/printer-model.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { escpos, sampleReceipt } from '../../drivers/printer/simulator/sample-receipt.ts';

const ASK_ALL = escpos(ESCPOS.status(1), ESCPOS.status(2), ESCPOS.status(4));

function expectedReceipt(): Receipt {
  const printer = new SimulatedPrinter();
  printer.receive(sampleReceipt());
  return printer.receipts[0]!;
}

describe('simulated printer status', () => {
  const cases: [Partial<PrinterState>, [number, number, number], PrinterCondition, boolean][] = [
    [{}, [0x12, 0x12, 0x12], 'ready', false],
    [{ online: false }, [0x1a, 0x12, 0x12], 'offline', false],
    [{ coverOpen: true }, [0x1a, 0x16, 0x12], 'coverOpen', false],
    [{ paperNearEnd: true }, [0x12, 0x12, 0x1e], 'ready', true],
    [{ paperOut: true }, [0x1a, 0x32, 0x7e], 'paperOut', true],
    [{ error: 'cutterJam' }, [0x1a, 0x52, 0x12], 'error', false],
  ];

  it.each(cases)('answers %j with %j', (state, bytes, condition, paperNearEnd) => {
    const printer = new SimulatedPrinter();
    printer.setState(state);
    const answer = [...printer.receive(ASK_ALL)];
    expect(answer).toEqual(bytes);
    expect(answer.every(isStatusByte)).toBe(true);
    expect(answer.every((b) => (b & STATUS_BITS.fixedOn) === STATUS_BITS.fixedOn)).toBe(true);
    expect(interpretStatus(answer[0]!, answer[1]!, answer[2]!)).toEqual({ condition, paperNearEnd });
  });

  it('names the fault on DLE EOT 3 and ignores an n it does not know', () => {
    const printer = new SimulatedPrinter();
    printer.setState({ error: 'cutterJam' });
    expect([...printer.receive(escpos([0x10, 0x04, 3], [0x10, 0x04, 9]))]).toEqual([0x1a]);
  });

  it('answers nothing when mute, and still prints', () => {
    const printer = new SimulatedPrinter();
    printer.setState({ mute: true });
    expect(printer.receive(escpos(ASK_ALL, sampleReceipt()))).toHaveLength(0);
    expect(printer.receipts).toHaveLength(1);
    expect(printer.counts.statusQueries).toBe(3);
  });
});

describe('simulated printer buffering', () => {
  it.each<Partial<PrinterState>>([{ paperOut: true }, { coverOpen: true }, { online: false }, { error: 'cutterJam' }])(
    'holds a job while %j and prints it when the printer can print again',
    (stopped) => {
      const printer = new SimulatedPrinter();
      printer.setState(stopped);
      const answers = printer.receive(escpos(sampleReceipt(), ESCPOS.status(1)));
      // The status query overtakes the buffered job.
      expect([...answers]).toEqual([0x1a]);
      expect(printer.receipts).toHaveLength(0);
      expect(printer.receiptInProgress.elements).toEqual([]);
      expect(printer.counts.bufferedBytes).toBeGreaterThan(100);
      printer.setState({ paperOut: false, coverOpen: false, online: true, error: null });
      expect(printer.receipts).toEqual([expectedReceipt()]);
      expect(printer.counts).toMatchObject({ bufferedBytes: 0, bufferedCommands: 0, receipts: 1 });
    },
  );

  it('has its cover opened part-way through a receipt, scripted over the control socket, and finishes it once closed', async () => {
    const printer = new SimulatedPrinter();
    const step = parsePrinterStep({ afterLines: 2, state: { coverOpen: true } });
    expect(step.ok).toBe(true);
    if (!step.ok) return;
    await applyPrinterStep({ printer, pty: null, tcp: null }, step.step);
    expect(printer.state.coverOpen).toBe(false);
    printer.receive(sampleReceipt());
    expect(printer.state.coverOpen).toBe(true);
    expect(printer.counts.printedLines).toBe(2);
    expect(printer.counts.bufferedCommands).toBeGreaterThan(0);
    expect([...printer.receive(ASK_ALL)]).toEqual([0x1a, 0x16, 0x12]);
    printer.setState({ coverOpen: false });
    expect(printer.receipts).toEqual([expectedReceipt()]);
    expect(parsePrinterStep({ afterLines: -1, state: { coverOpen: true } }).ok).toBe(false);
    expect(parsePrinterStep({ afterLines: 2, state: { jammed: true } }).ok).toBe(false);
  });

  it('runs out of paper in the middle of a receipt and finishes it once paper is loaded', () => {
    const printer = new SimulatedPrinter();
    printer.paperRunsOutAfterLines(3);
    printer.receive(sampleReceipt());
    expect(printer.state).toMatchObject({ paperOut: true, paperNearEnd: true });
    expect(printer.counts.printedLines).toBe(3);
    expect(printer.receiptInProgress.elements.map((e) => e.kind === 'text' && e.text)).toEqual([
      '粤自助回执',
      '事项：法律援助申请',
      '办件编号：44082520260518001',
    ]);
    expect(printer.receipts).toHaveLength(0);
    expect([...printer.receive(ASK_ALL)]).toEqual([0x1a, 0x32, 0x7e]);

    printer.setState({ paperOut: false, paperNearEnd: false });
    expect(printer.receipts).toEqual([expectedReceipt()]);
    expect(printer.counts.printedLines).toBe(7); // six text lines and the QR code
    expect([...printer.receive(ASK_ALL)]).toEqual([0x12, 0x12, 0x12]);
  });

  it('drops what does not fit a full input buffer', () => {
    const printer = new SimulatedPrinter({ bufferBytes: 64 });
    printer.setState({ paperOut: true });
    printer.receive(escpos(Buffer.alloc(40, 0x41), [LF], Buffer.alloc(40, 0x42), [LF]));
    // The second text is lost; the LF after it still fits.
    expect(printer.counts).toMatchObject({ bufferedBytes: 42, droppedBytes: 40 });
    printer.setState({ paperOut: false });
    expect(printer.receiptInProgress.elements).toMatchObject([
      { text: 'A'.repeat(32) },
      { text: 'A'.repeat(8), wrapped: true },
      { kind: 'feed' },
    ]);
  });

  it('tells listeners about each receipt cut off, numbered from 1', () => {
    const printer = new SimulatedPrinter({ paper: '80mm' });
    const seen: number[] = [];
    printer.onReceipt((_receipt, number) => seen.push(number));
    printer.receive(escpos(sampleReceipt(), sampleReceipt()));
    expect(seen).toEqual([1, 2]);
  });

  it('keeps a half-sent command of one link away from another', () => {
    const printer = new SimulatedPrinter();
    const first = printer.openInput();
    first.receive(Buffer.from([0x1d, 0x28, 0x6b, 0x20])); // the start of a QR store, never finished
    first.close();
    const second = printer.openInput();
    expect([...second.receive(escpos(Buffer.from('ok'), [LF], ESCPOS.status(4)))]).toEqual([0x12]);
    expect(printer.receiptInProgress.elements).toMatchObject([{ kind: 'text', text: 'ok' }]);
  });
});
