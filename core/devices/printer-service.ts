// The kiosk's printers: the ESC/POS receipt printer (status polled for the technician and the screens, jobs
// held while it cannot print and dropped after a while so a receipt never comes out for the next villager)
// and the A4 printer behind CUPS. Jobs run one at a time; their progress goes out as KioskEvents.
import { randomUUID } from 'node:crypto';
import type { KioskEvent, PrintJobKind, ReceiptPrinterState } from '../api/contract.ts';
import { spoolPdf, waitForJob } from '../../drivers/printer/a4/cups.ts';
import { htmlToPdf } from '../../drivers/printer/a4/html-to-pdf.ts';
import { PrinterError } from '../../drivers/printer/errors.ts';
import type { PrinterStatus } from '../../drivers/printer/printer-status.ts';
import { oneAtATime } from '../../drivers/one-at-a-time.ts';
import {
  PrintJobAborted,
  ReceiptPrinter,
  TEAR_OFF_UNFINISHED,
  type PrintOptions,
} from '../../drivers/printer/receipt-printer.ts';
import type { ByteTransport } from '../../drivers/transport/transport.ts';
import type { Logger } from '../log.ts';

export interface PrinterServiceOptions {
  /** Opens the receipt printer's link; null when the kiosk has none. */
  connectReceipt: (() => Promise<ByteTransport>) | null;
  statusTimeoutMs: number;
  holdTimeoutMs: number;
  /** Time between status checks while idle. */
  statusPollMs?: number;
  /** The CUPS queue for A4 documents; null when there is no A4 printer. */
  a4Queue: string | null;
  chromium: string;
  /** Renders HTML to PDF; headless Chromium at `chromium` by default (the Electron shell uses its own). */
  htmlToPdf?: (html: string) => Promise<Buffer>;
  /** Prints an A4 document without the PDF + CUPS path (Electron on Windows: webContents.print). */
  printA4Directly?: (html: string) => Promise<void>;
  log: Logger;
  publish: (event: KioskEvent) => void;
}

/** A receipt dropped because the session it belonged to ended. */
class SessionEnded extends Error {
  constructor() {
    super('the villager’s session ended before the receipt could print');
    this.name = 'SessionEnded';
  }
}

export class PrinterService {
  private printer: ReceiptPrinter | null = null;
  private receiptState: ReceiptPrinterState;
  /** Print jobs and status polls take turns on the printer. */
  private readonly jobs = oneAtATime();
  private poller: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Aborted when a villager's session ends: their receipts still waiting are dropped. */
  private session = new AbortController();
  /** A receipt was given up part-way: the next one first cuts it off (TEAR_OFF_UNFINISHED). */
  private unfinishedOnPaper = false;

  constructor(private readonly options: PrinterServiceOptions) {
    this.receiptState = options.connectReceipt ? 'notResponding' : 'none';
  }

  get receiptPrinterState(): ReceiptPrinterState {
    return this.receiptState;
  }

  get a4Available(): boolean {
    return this.options.a4Queue !== null;
  }

  /** Whether A4 documents go through a CUPS queue (not the Electron shell's own printing). */
  get a4ViaCups(): boolean {
    return this.a4Available && !this.options.printA4Directly;
  }

  start(): void {
    if (!this.options.connectReceipt || this.poller) return;
    const poll = () =>
      void this.pollStatus().finally(
        () => !this.stopped && (this.poller = setTimeout(poll, this.options.statusPollMs ?? 5000)),
      );
    poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearTimeout(this.poller);
    await this.jobs.idle();
    await this.printer?.close().catch(() => undefined);
    this.printer = null;
  }

  /**
   * Queues ESC/POS bytes for the receipt printer (as segments cut between whole commands, see renderReceipt);
   * returns the job id at once. Progress comes as events.
   */
  printReceipt(bytes: Buffer | readonly Buffer[]): string {
    const session = this.session.signal;
    return this.enqueue('receipt', async (jobId) => {
      if (session.aborted) throw new SessionEnded();
      const printer = await this.receiptPrinter();
      if (!printer) throw new PrinterError('PRINTER_DISCONNECTED', 'the receipt printer cannot be reached');
      // A timer of our own, not AbortSignal.timeout: inside AbortSignal.any, Node 20 lets the timeout signal be
      // garbage-collected before it fires, and a held receipt then waits for ever (seen on a loaded CI machine).
      const holdOver = new AbortController();
      const holdTimer = setTimeout(() => holdOver.abort(), this.options.holdTimeoutMs);
      try {
        await this.printOnReceipt(printer, Buffer.isBuffer(bytes) ? [bytes] : (bytes as readonly Buffer[]), {
          signal: AbortSignal.any([holdOver.signal, session]),
          onStatus: (status) => {
            this.setReceiptState(status);
            this.job(jobId, 'receipt', status.condition === 'ready' ? 'printing' : 'held', status.condition);
          },
        });
      } catch (error) {
        // Given up because the villager's session ended, not because of the printer.
        if (session.aborted) throw new SessionEnded();
        throw error;
      } finally {
        clearTimeout(holdTimer);
      }
    });
  }

  /**
   * A villager's session ended: receipts still waiting (for paper, a closed cover, or their turn) are dropped,
   * so they never print for the next person. A4 jobs are already with CUPS or about to be: they go on.
   */
  endSession(): void {
    this.session.abort();
    this.session = new AbortController();
  }

  /** Renders an HTML document to PDF and sends it to the A4 queue; returns the job id at once. */
  printA4(html: string, title: string): string {
    return this.enqueue('a4', () => this.a4Job(html, title));
  }

  /** Prints an A4 document and waits until CUPS has it done (the technician's test page). */
  printA4Now(html: string, title: string): Promise<void> {
    return this.jobs(() => this.a4Job(html, title));
  }

  /** The receipt printer's status asked now, between jobs (also what the idle poll does). */
  statusNow(): Promise<PrinterStatus> {
    return this.jobs(async () => {
      const printer = this.options.connectReceipt ? await this.receiptPrinter() : null;
      const status: PrinterStatus = printer
        ? await printer.status()
        : { condition: 'disconnected', paperNearEnd: false };
      if (this.options.connectReceipt) this.setReceiptState(status);
      return status;
    });
  }

  /**
   * Prints a receipt and waits for it, giving up after `timeoutMs` (the technician's test receipt: someone is
   * there to load paper). Throws PrintJobAborted with the printer's last status, or a PrinterError.
   */
  printReceiptNow(segments: readonly Buffer[], timeoutMs: number): Promise<void> {
    return this.jobs(async () => {
      const printer = await this.receiptPrinter();
      if (!printer) throw new PrinterError('PRINTER_DISCONNECTED', 'the receipt printer cannot be reached');
      await this.printOnReceipt(printer, segments, {
        signal: AbortSignal.timeout(timeoutMs),
        onStatus: (status) => this.setReceiptState(status),
      });
    });
  }

  /**
   * One receipt job on the printer, after cutting off an unfinished receipt left by a job given up part-way
   * (the cable pulled mid-receipt, or a held receipt dropped with its first lines already out).
   */
  private async printOnReceipt(
    printer: ReceiptPrinter,
    segments: readonly Buffer[],
    options: PrintOptions,
  ): Promise<void> {
    const tearOff = this.unfinishedOnPaper;
    if (tearOff) this.options.log.info({}, 'cutting off the unfinished receipt before the next one');
    try {
      await printer.print(tearOff ? [TEAR_OFF_UNFINISHED, ...segments] : segments, options);
      this.unfinishedOnPaper = false;
    } catch (error) {
      // Nothing sent: an earlier unfinished receipt is still there to cut off.
      if (error instanceof PrintJobAborted && error.partlyPrinted) this.unfinishedOnPaper = true;
      throw error;
    }
  }

  private async a4Job(html: string, title: string): Promise<void> {
    const queue = this.options.a4Queue;
    if (queue === null) throw new PrinterError('PRINTER_QUEUE_MISSING', 'this kiosk has no A4 printer configured');
    if (this.options.printA4Directly) {
      await this.options.printA4Directly(html).catch((error: Error) => {
        throw new PrinterError('PRINTER_SPOOL_FAILED', error.message);
      });
      return;
    }
    const pdf = await (this.options.htmlToPdf?.(html) ?? htmlToPdf(html, { chromium: this.options.chromium }));
    const cupsJob = await spoolPdf(queue, pdf, title);
    // CUPS owns the job from here; waiting only tells the screen whether it came out.
    if (!(await waitForJob(cupsJob, 60_000))) {
      throw new PrinterError('PRINTER_SPOOL_FAILED', `CUPS job ${cupsJob} has not finished after 60 s`);
    }
  }

  private enqueue(kind: PrintJobKind, run: (jobId: string) => Promise<void>): string {
    const jobId = randomUUID();
    this.job(jobId, kind, 'queued');
    void this.jobs(async () => {
      this.job(jobId, kind, 'printing');
      await run(jobId);
      this.job(jobId, kind, 'done');
      this.options.log.info({ jobId, kind }, 'print job done');
    }).catch((error: unknown) => {
      const reason =
        error instanceof SessionEnded
          ? 'sessionEnded'
          : error instanceof PrintJobAborted
            ? error.lastStatus.condition
            : error instanceof PrinterError
              ? error.code
              : 'PRINTER_ERROR';
      const partlyPrinted = error instanceof PrintJobAborted && error.partlyPrinted;
      this.options.log.warn(
        { jobId, kind, reason, partlyPrinted, detail: (error as Error).message },
        'print job failed',
      );
      this.job(jobId, kind, 'failed', reason, partlyPrinted);
    });
    return jobId;
  }

  private job(
    jobId: string,
    kind: PrintJobKind,
    state: 'queued' | 'printing' | 'held' | 'done' | 'failed',
    reason?: string,
    partlyPrinted = false,
  ) {
    this.options.publish({
      type: 'printer.job',
      jobId,
      kind,
      state,
      ...(reason === undefined ? {} : { reason }),
      ...(partlyPrinted ? { partlyPrinted } : {}),
    });
  }

  /** The open printer, reconnecting when the link has gone; null when it cannot be reached. */
  private async receiptPrinter(): Promise<ReceiptPrinter | null> {
    if (this.printer?.isOpen) return this.printer;
    await this.printer?.close().catch(() => undefined);
    this.printer = null;
    try {
      const transport = await this.options.connectReceipt!();
      this.printer = new ReceiptPrinter(transport, { statusTimeoutMs: this.options.statusTimeoutMs });
    } catch (error) {
      this.options.log.debug({ detail: (error as Error).message }, 'receipt printer not reachable');
    }
    return this.printer;
  }

  private async pollStatus(): Promise<void> {
    // A job checks status itself; polling between jobs keeps the technician view and the screens current.
    await this.statusNow().catch((error: unknown) =>
      this.options.log.warn({ err: error }, 'receipt printer status failed'),
    );
  }

  private setReceiptState(status: PrinterStatus): void {
    const state: ReceiptPrinterState =
      status.condition === 'ready' && status.paperNearEnd ? 'paperNearEnd' : status.condition;
    if (state === this.receiptState) return;
    this.receiptState = state;
    if (state === 'ready' || state === 'paperNearEnd') this.options.log.info({ state }, 'receipt printer');
    else this.options.log.warn({ state }, 'receipt printer cannot print');
    this.options.publish({ type: 'printer.status', receipt: state });
  }
}
