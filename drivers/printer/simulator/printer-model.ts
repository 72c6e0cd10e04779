// A receipt printer whose condition a test or a script sets: online or not, cover, paper, faults, and a printer
// that answers nothing at all. Like a real one it answers DLE EOT at once whatever it is doing, and holds print
// data in its input buffer while it cannot print, printing it when it can again. Paper can be made to run out
// (or the cover open, a fault happen…) after a given number of lines, so a job stops half-way through a receipt.
import { EventEmitter } from 'node:events';
import { PAPER, STATUS_BITS, type PaperWidth } from '../escpos-commands.ts';
import { EscPosParser, type EscPosCommand } from './escpos-parser.ts';
import { ReceiptBuilder, type Receipt } from './printed-receipt.ts';

export type PrinterFault = 'cutterJam' | 'headOverheat' | 'mechanical';

export interface PrinterState {
  /** False: offline for no other reason (the panel's offline switch, or waiting after power-on). */
  online: boolean;
  coverOpen: boolean;
  /** The near-end sensor: still prints. */
  paperNearEnd: boolean;
  paperOut: boolean;
  /** A fault that stops printing until cleared. */
  error: PrinterFault | null;
  /** Answers nothing (a printer that does not respond); it still prints what it can. */
  mute: boolean;
}

export interface PrinterCounts {
  receivedBytes: number;
  /** Bytes (and commands) in the input buffer, waiting until the printer can print. */
  bufferedBytes: number;
  bufferedCommands: number;
  /** Bytes thrown away because the input buffer was full. */
  droppedBytes: number;
  /** Text lines and QR codes printed. */
  printedLines: number;
  /** Receipts cut off. */
  receipts: number;
  statusQueries: number;
}

export interface SimulatedPrinterOptions {
  paper?: PaperWidth;
  /** Input buffer size; real printers have 4–64 KiB. */
  bufferBytes?: number;
  /** Chinese mode at power-on and after ESC @. */
  chineseAtPowerOn?: boolean;
}

/** One link's view of the printer: its own parser, so a half-sent command never leaks into another link. */
export interface PrinterInput {
  /** Takes received bytes; returns the status answers to send back on the same link (maybe none). */
  receive(chunk: Uint8Array): Buffer;
  /** The link is gone: a half-received command is forgotten. */
  close(): void;
}

/** DLE EOT 3 (error cause) is not in the shared table: the driver never asks it. */
const ERROR_CAUSE_BITS: Record<PrinterFault, number> = { cutterJam: 1 << 3, mechanical: 1 << 5, headOverheat: 1 << 6 };

export const DEFAULT_BUFFER_BYTES = 64 * 1024;

export function readyState(): PrinterState {
  return { online: true, coverOpen: false, paperNearEnd: false, paperOut: false, error: null, mute: false };
}

export class SimulatedPrinter {
  readonly paper: PaperWidth;
  /** Every receipt cut off, oldest first. */
  readonly receipts: Receipt[] = [];
  private readonly current: PrinterState = readyState();
  private readonly builder: ReceiptBuilder;
  private readonly bufferLimit: number;
  private readonly queue: EscPosCommand[] = [];
  private readonly events = new EventEmitter();
  private readonly defaultInput: PrinterInput;
  /** A change of state waiting for a number of lines to be printed. */
  private scripted: { linesLeft: number; change: Partial<PrinterState> } | null = null;
  private tally = { receivedBytes: 0, bufferedBytes: 0, droppedBytes: 0, printedLines: 0, statusQueries: 0 };

  constructor(options: SimulatedPrinterOptions = {}) {
    this.paper = options.paper ?? '58mm';
    this.bufferLimit = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    this.builder = new ReceiptBuilder({
      paperDots: PAPER[this.paper].dots,
      ...(options.chineseAtPowerOn === undefined ? {} : { chineseAtPowerOn: options.chineseAtPowerOn }),
    });
    this.defaultInput = this.openInput();
  }

  get state(): PrinterState {
    return { ...this.current };
  }

  get counts(): PrinterCounts {
    return {
      ...this.tally,
      bufferedCommands: this.queue.length,
      receipts: this.receipts.length,
    };
  }

  /** The receipt being printed: what is on paper since the last cut. */
  get receiptInProgress(): Receipt {
    return this.builder.current;
  }

  get canPrint(): boolean {
    const s = this.current;
    return s.online && !s.coverOpen && !s.paperOut && s.error === null;
  }

  /** Changes part of the state; printing goes on at once if it now can. */
  setState(change: Partial<PrinterState>): void {
    Object.assign(this.current, change);
    this.drain();
  }

  /** Paper runs out (and the near-end sensor trips) once `lines` more lines are printed; null cancels. */
  paperRunsOutAfterLines(lines: number | null): void {
    this.changeStateAfterLines(lines, { paperOut: true, paperNearEnd: true });
  }

  /**
   * Changes the state once `lines` more lines are printed: the cover opened, the printer switched offline, a
   * cutter jam… in the middle of a job. Printing stops there if the printer can no longer print. null cancels.
   */
  changeStateAfterLines(lines: number | null, change: Partial<PrinterState>): void {
    this.scripted = lines === null || lines <= 0 ? null : { linesLeft: lines, change };
    if (lines !== null && lines <= 0) this.setState(change);
  }

  /** The byte DLE EOT n answers, or null for an n the printer does not know. */
  statusByte(n: number): number | null {
    const s = this.current;
    let byte: number = STATUS_BITS.fixedOn;
    switch (n) {
      case 1:
        if (!this.canPrint) byte |= STATUS_BITS.printer.offline;
        return byte;
      case 2:
        if (s.coverOpen) byte |= STATUS_BITS.offlineCause.coverOpen;
        if (s.paperOut) byte |= STATUS_BITS.offlineCause.paperEndStop;
        if (s.error) byte |= STATUS_BITS.offlineCause.error;
        return byte;
      case 3:
        return s.error ? byte | ERROR_CAUSE_BITS[s.error] : byte;
      case 4:
        if (s.paperNearEnd || s.paperOut) byte |= STATUS_BITS.paper.nearEnd;
        if (s.paperOut) byte |= STATUS_BITS.paper.out;
        return byte;
      default:
        return null;
    }
  }

  /** Bytes from the one default link (tests that need no transport). */
  receive(chunk: Uint8Array): Buffer {
    return this.defaultInput.receive(chunk);
  }

  openInput(): PrinterInput {
    const parser = new EscPosParser();
    return {
      receive: (chunk) => {
        this.tally.receivedBytes += chunk.length;
        const answers: number[] = [];
        for (const command of parser.push(chunk)) {
          if (command.type === 'statusQuery') {
            // Real-time: answered on arrival, ahead of anything still in the input buffer.
            this.tally.statusQueries += 1;
            const byte = this.statusByte(command.n);
            if (byte !== null && !this.current.mute) answers.push(byte);
          } else {
            this.enqueue(command);
          }
        }
        return Buffer.from(answers);
      },
      close: () => parser.reset(),
    };
  }

  /** Called with each receipt as it is cut off; `number` counts from 1. */
  onReceipt(listener: (receipt: Receipt, number: number) => void): () => void {
    this.events.on('receipt', listener);
    return () => this.events.off('receipt', listener);
  }

  private enqueue(command: EscPosCommand): void {
    if (this.canPrint && this.queue.length === 0) {
      // Nothing waiting: printed straight away, however long (a logo may be larger than the buffer).
      this.print(command);
      return;
    }
    if (this.tally.bufferedBytes + command.length > this.bufferLimit) {
      // A full buffer loses data; a careful driver checks status between chunks and never gets here.
      this.tally.droppedBytes += command.length;
      return;
    }
    this.queue.push(command);
    this.tally.bufferedBytes += command.length;
    this.drain();
  }

  private drain(): void {
    while (this.canPrint && this.queue.length > 0) {
      const command = this.queue.shift()!;
      this.tally.bufferedBytes -= command.length;
      this.print(command);
    }
  }

  private print(command: EscPosCommand): void {
    const { lines, finished } = this.builder.apply(command);
    this.tally.printedLines += lines;
    if (finished) {
      this.receipts.push(finished);
      this.events.emit('receipt', finished, this.receipts.length);
    }
    if (this.scripted !== null && lines > 0) {
      this.scripted.linesLeft -= lines;
      if (this.scripted.linesLeft <= 0) this.applyScripted();
    }
  }

  /** Called from inside drain(), which stops by itself once the printer cannot print. */
  private applyScripted(): void {
    const change = this.scripted!.change;
    this.scripted = null;
    Object.assign(this.current, change);
  }
}
