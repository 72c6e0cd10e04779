// One open link to an ESC/POS receipt printer: real-time status queries with a deadline, and print jobs that
// are held while the printer cannot print (paper out, cover open…) and go on when it can. Bytes a printer
// sends unasked are ignored; one that answers nothing is "not responding", never "ready".
import { setTimeout as sleep } from 'node:timers/promises';
import type { ByteTransport } from '../transport/transport.ts';
import { oneAtATime } from '../one-at-a-time.ts';
import { ESCPOS } from './escpos-commands.ts';
import { DEFAULT_CUT_FEED_LINES } from './receipt.ts';
import { interpretStatus, isStatusByte, type PrinterStatus } from './printer-status.ts';

export interface ReceiptPrinterOptions {
  /** How long one status answer may take. */
  statusTimeoutMs?: number;
  /** Bytes sent between two status checks during a job. */
  chunkBytes?: number;
}

export interface PrintOptions {
  /** Called whenever the job has to wait, with the reason; and once with 'ready' when it goes on. */
  onStatus?: (status: PrinterStatus) => void;
  /** Time between status checks while the job is held. */
  pollIntervalMs?: number;
  /** Stops a held job (the kiosk gives up after a while, so a receipt never prints for the next villager). */
  signal?: AbortSignal;
}

export class PrintJobAborted extends Error {
  constructor(
    readonly lastStatus: PrinterStatus,
    /** Part of the job went to the printer: an unfinished receipt may be on the paper, with no cut after it. */
    readonly partlyPrinted = false,
  ) {
    super(
      `the print job was given up while the printer was ${lastStatus.condition}` +
        (partlyPrinted ? ' (part of it was printed)' : ''),
    );
    this.name = 'PrintJobAborted';
  }
}

/**
 * Sent ahead of the next job after one was given up part-way (unplugged, or dropped while held): feeds the
 * unfinished receipt past the cutter and cuts it off, so it never comes out glued to the next villager's.
 */
export const TEAR_OFF_UNFINISHED: Buffer = Buffer.from([
  ...ESCPOS.init,
  ...ESCPOS.feedLines(DEFAULT_CUT_FEED_LINES),
  ...ESCPOS.fullCut,
]);

const DISCONNECTED: PrinterStatus = { condition: 'disconnected', paperNearEnd: false };

const DEFAULT_STATUS_TIMEOUT_MS = 500;
const DEFAULT_CHUNK_BYTES = 512;

/** Joins segments into writes of about `size` bytes, never splitting a segment. */
function batches(segments: readonly Uint8Array[], size: number): Buffer[] {
  const out: Buffer[] = [];
  let current: Uint8Array[] = [];
  let length = 0;
  for (const segment of segments) {
    if (length > 0 && length + segment.length > size) {
      out.push(Buffer.concat(current));
      current = [];
      length = 0;
    }
    current.push(segment);
    length += segment.length;
  }
  if (length > 0) out.push(Buffer.concat(current));
  return out;
}

export class ReceiptPrinter {
  private waiting: ((byte: number) => void) | null = null;
  private readonly serialised = oneAtATime();
  private closed = false;
  private readonly stopListening: (() => void)[];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: ReceiptPrinterOptions = {},
  ) {
    this.stopListening = [
      transport.onData((chunk) => {
        // Only a byte that can be a status answer, and only while one is awaited, counts.
        for (const byte of chunk) {
          if (this.waiting && isStatusByte(byte)) {
            const deliver = this.waiting;
            this.waiting = null;
            deliver(byte);
          }
        }
      }),
      transport.onClose(() => (this.closed = true)),
    ];
  }

  get isOpen(): boolean {
    return !this.closed && this.transport.isOpen;
  }

  /** Asks the printer how it is (DLE EOT 1, 2, 4). */
  status(): Promise<PrinterStatus> {
    return this.serialised(() => this.queryStatus());
  }

  /**
   * Prints a job, holding while the printer cannot print; resolves when every byte went to a ready printer.
   * Give the job as segments cut between whole commands (renderReceipt's `segments`): status is checked only
   * between them, since a query inside a command's data would be taken as data. One buffer is one segment.
   */
  print(job: Uint8Array | readonly Uint8Array[], options: PrintOptions = {}): Promise<void> {
    return this.serialised(async () => {
      let sent = false;
      try {
        for (const batch of batches(
          job instanceof Uint8Array ? [job] : job,
          this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
        )) {
          await this.untilReady(options);
          // Counted before the write: a write cut short by an unplugged cable may still have printed a part.
          sent = true;
          await this.transport.write(batch).catch(() => {
            this.closed = true;
            throw new PrintJobAborted(DISCONNECTED);
          });
        }
        // The last chunk may have run the paper out: the job is done only when the printer is still fine.
        await this.untilReady(options);
      } catch (error) {
        if (error instanceof PrintJobAborted && sent) throw new PrintJobAborted(error.lastStatus, true);
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    for (const stop of this.stopListening) stop();
    this.closed = true;
    await this.transport.close();
  }

  private async untilReady(options: PrintOptions): Promise<void> {
    let held = false;
    for (;;) {
      const status = await this.queryStatus();
      if (status.condition === 'ready') {
        if (held) options.onStatus?.(status);
        return;
      }
      if (status.condition === 'disconnected') throw new PrintJobAborted(status);
      held = true;
      options.onStatus?.(status);
      if (options.signal?.aborted) throw new PrintJobAborted(status);
      await sleep(options.pollIntervalMs ?? 1000, undefined, options.signal ? { signal: options.signal } : {}).catch(
        () => undefined,
      );
      if (options.signal?.aborted) throw new PrintJobAborted(status);
    }
  }

  private async queryStatus(): Promise<PrinterStatus> {
    if (!this.isOpen) return DISCONNECTED;
    const answers: number[] = [];
    for (const n of [1, 2, 4] as const) {
      const byte = await this.askOne(n);
      if (byte === null) return { condition: this.isOpen ? 'notResponding' : 'disconnected', paperNearEnd: false };
      answers.push(byte);
    }
    return interpretStatus(answers[0]!, answers[1]!, answers[2]!);
  }

  private askOne(n: 1 | 2 | 4): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve(null);
      }, this.options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS);
      this.waiting = (byte) => {
        clearTimeout(timer);
        resolve(byte);
      };
      this.transport.write(Buffer.from(ESCPOS.status(n))).catch(() => {
        clearTimeout(timer);
        this.waiting = null;
        this.closed = true;
        resolve(null);
      });
    });
  }
}
