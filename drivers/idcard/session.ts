// The long-running owner of the ID card reader. It keeps a link open (reconnecting when the reader is
// unplugged and comes back), polls for a card at a set interval, reads each card once — find → select → read,
// retrying noise and hiccups — and says when the card has been taken away. Nothing here waits without a
// deadline, so a silent or dead reader can never hang the kiosk.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ByteTransport } from '../transport/transport.ts';
import { parseCardText, type IdCardRecord } from './card-text.ts';
import { IdCardError, isTransient, type IdCardErrorCode } from './errors.ts';
import { IdCardReader } from './reader.ts';
import { oneAtATime } from '../one-at-a-time.ts';

/** An open link to something that should be a reader. */
export interface ReaderLink {
  transport: ByteTransport;
  /** For logs and the technician: "serial /dev/ttyUSB0 @ 115200". */
  description: string;
  /** Line speed for deadlines; 0 for USB/HID links. */
  baudRate: number;
  /**
   * False once the device is gone. Checked after a timeout, because an unplugged PTY or USB-serial adapter
   * does not always close the port by itself.
   */
  stillPresent(): boolean;
}

export type ConnectReader = () => Promise<ReaderLink>;

export interface ReaderSessionOptions {
  connect: ConnectReader;
  /** Time between two looks for a card. */
  pollIntervalMs?: number;
  /** Time between two attempts to reach a reader that is not there. */
  reconnectIntervalMs?: number;
  /** Extra attempts at a read that failed in a way another attempt may cure. */
  retries?: number;
  /** The reader's think time allowance per command (see reader.ts). */
  responseTimeoutMs?: number;
  /** Timeouts in a row after which the link is dropped and reopened. */
  maxTimeoutsInARow?: number;
  /** The clock that decides whether a card has expired. */
  now?: () => Date;
}

export type ReaderStatus =
  | { state: 'connecting' }
  | { state: 'ready'; device: string; samId: string }
  | { state: 'disconnected'; code: IdCardErrorCode; message: string }
  | { state: 'stopped' };

export type ReaderEvent =
  | { type: 'status'; status: ReaderStatus }
  /** A card was read and its text is valid. `readMs`: from the card answering find to the parsed record. */
  | { type: 'card'; record: IdCardRecord; readMs: number }
  /** A card is there but could not be read, or what it carries is not valid. */
  | { type: 'cardError'; code: IdCardErrorCode; message: string }
  /** The card that was read has left the field. */
  | { type: 'cardRemoved' };

export type ReaderEventListener = (event: ReaderEvent) => void;

const DEFAULTS = {
  pollIntervalMs: 250,
  reconnectIntervalMs: 2000,
  retries: 2,
  maxTimeoutsInARow: 3,
};

export class ReaderSession {
  private readonly listeners = new Set<ReaderEventListener>();
  private readonly settings: typeof DEFAULTS;
  private current: { link: ReaderLink; reader: IdCardReader } | null = null;
  private statusNow: ReaderStatus = { state: 'connecting' };
  /** A card has been read (or found unreadable) and has not yet left the field. */
  private cardOnReader = false;
  private timeoutsInARow = 0;
  private stopper = new AbortController();
  private loop: Promise<void> | null = null;
  /** Multi-command sequences (a poll, a SAM reset) run one at a time. */
  private readonly serialised = oneAtATime();

  constructor(private readonly options: ReaderSessionOptions) {
    this.settings = {
      pollIntervalMs: options.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
      reconnectIntervalMs: options.reconnectIntervalMs ?? DEFAULTS.reconnectIntervalMs,
      retries: options.retries ?? DEFAULTS.retries,
      maxTimeoutsInARow: options.maxTimeoutsInARow ?? DEFAULTS.maxTimeoutsInARow,
    };
  }

  get status(): ReaderStatus {
    return this.statusNow;
  }

  subscribe(listener: ReaderEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.loop) return;
    this.stopper = new AbortController();
    this.loop = this.run(this.stopper.signal);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
    this.loop = null;
    await this.dropLink(null);
    this.setStatus({ state: 'stopped' });
  }

  /** Reads the SAM id (diagnostics); fails with IDCARD_NO_READER when no reader is connected. */
  readSamId(): Promise<string> {
    return this.withReader((reader) => reader.readSamId());
  }

  /** Resets the SAM module (diagnostics, or after repeated authentication failures). */
  resetSam(): Promise<void> {
    return this.withReader(async (reader) => {
      await reader.resetSam();
      this.cardOnReader = false;
    });
  }

  /**
   * Reads the card lying on the reader now, whether or not the session has read it already (diagnostics: the
   * technician's test card). Null when there is no card; the parsed result otherwise, valid or not.
   */
  readCardNow(): Promise<ReturnType<typeof parseCardText> | null> {
    return this.withReader(async (reader) => {
      // find sees a newly laid card; select also reaches one the session read already and that stayed put.
      const present = (await reader.findCard()) || (await reader.selectCard());
      if (!present || !(await reader.selectCard())) return null;
      const raw = await reader.readCard();
      // The session must not read it a second time for the screens.
      this.cardOnReader = true;
      return parseCardText(raw.text, raw.photo, this.options.now?.() ?? new Date());
    });
  }

  private withReader<T>(action: (reader: IdCardReader) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      if (!this.current) throw new IdCardError('IDCARD_NO_READER', 'no ID card reader is connected');
      return action(this.current.reader);
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const pause = await this.serialised(async () => {
        if (!this.current) {
          return (await this.tryConnect()) ? this.settings.pollIntervalMs : this.settings.reconnectIntervalMs;
        }
        await this.pollOnce();
        return this.settings.pollIntervalMs;
      }).catch(async (error: unknown) => {
        await this.handleFailure(error);
        return this.current ? this.settings.pollIntervalMs : this.settings.reconnectIntervalMs;
      });
      await sleep(pause, undefined, { signal }).catch(() => undefined);
    }
  }

  private async tryConnect(): Promise<boolean> {
    // While the reader stays away, each new attempt keeps the "disconnected" status rather than flickering.
    if (this.statusNow.state !== 'disconnected') this.setStatus({ state: 'connecting' });
    let link: ReaderLink;
    try {
      link = await this.options.connect();
    } catch (error) {
      this.setDisconnected(error, 'IDCARD_NO_READER');
      return false;
    }
    const reader = new IdCardReader(link.transport, {
      baudRate: link.baudRate,
      ...(this.options.responseTimeoutMs === undefined ? {} : { responseTimeoutMs: this.options.responseTimeoutMs }),
    });
    try {
      // Something on the port must answer like a reader before the kiosk counts on it.
      const samId = await this.withRetries(() => reader.readSamId());
      this.current = { link, reader };
      this.cardOnReader = false;
      this.timeoutsInARow = 0;
      this.setStatus({ state: 'ready', device: link.description, samId });
      return true;
    } catch (error) {
      await reader.close().catch(() => undefined);
      const noAnswer = error instanceof IdCardError && error.code === 'IDCARD_TIMEOUT';
      this.setStatus({
        state: 'disconnected',
        code: noAnswer ? 'IDCARD_NO_READER' : codeOf(error),
        message: noAnswer ? `nothing on ${link.description} answers like an ID card reader` : messageOf(error),
      });
      return false;
    }
  }

  private async pollOnce(): Promise<void> {
    const reader = this.current!.reader;
    if (this.cardOnReader) {
      // The card that was read may still lie there; find will not see it again, select will.
      if (!(await reader.selectCard())) {
        this.cardOnReader = false;
        this.emit({ type: 'cardRemoved' });
      }
    } else if (await reader.findCard()) {
      await this.readArrivedCard(reader, performance.now());
    }
    this.timeoutsInARow = 0;
  }

  private async readArrivedCard(reader: IdCardReader, foundAt: number): Promise<void> {
    let lastError: IdCardError | null = null;
    for (let attempt = 0; attempt <= this.settings.retries; attempt++) {
      try {
        if (!(await reader.selectCard())) {
          this.cardError('IDCARD_CARD_LEFT', 'the card left the reader before it could be read');
          return;
        }
        const raw = await reader.readCard();
        const parsed = parseCardText(raw.text, raw.photo, this.options.now?.() ?? new Date());
        this.cardOnReader = true;
        if (parsed.ok) {
          this.emit({ type: 'card', record: parsed.record, readMs: performance.now() - foundAt });
        } else {
          this.emit({ type: 'cardError', code: parsed.code, message: parsed.message });
        }
        return;
      } catch (error) {
        if (isCardRefusal(error) && this.current?.link.stillPresent()) {
          // The reader works but cannot read this card (unknown type, failed authentication): say so once, and
          // wait for the card to leave before trying a card again, rather than re-reading it many times a second.
          this.cardOnReader = true;
          this.emit({ type: 'cardError', code: error.code, message: error.message });
          return;
        }
        if (!isTransient(error) || !this.current?.link.stillPresent()) throw error;
        lastError = error as IdCardError;
      }
    }
    // Every attempt failed: tell a card that is still there (damaged, or moving) from one that was taken away.
    const stillThere = await reader.selectCard().catch(() => false);
    if (stillThere) {
      this.cardOnReader = true;
      this.emit({ type: 'cardError', code: lastError!.code, message: lastError!.message });
    } else {
      this.cardError('IDCARD_CARD_LEFT', `the card left the reader during the read (${lastError!.message})`);
    }
  }

  private cardError(code: IdCardErrorCode, message: string): void {
    this.cardOnReader = false;
    this.emit({ type: 'cardError', code, message });
  }

  private async withRetries<T>(action: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (attempt >= this.settings.retries || !isTransient(error)) throw error;
      }
    }
  }

  /** Decides what a failed poll means: a hiccup to ride out, or a reader that is gone. */
  private async handleFailure(error: unknown): Promise<void> {
    if (!this.current) return;
    const timedOut = error instanceof IdCardError && error.code === 'IDCARD_TIMEOUT';
    if (timedOut) this.timeoutsInARow += 1;
    const gone =
      !this.current.link.stillPresent() ||
      !this.current.reader.isOpen ||
      !(error instanceof IdCardError) ||
      error.code === 'IDCARD_DISCONNECTED' ||
      this.timeoutsInARow >= this.settings.maxTimeoutsInARow;
    if (gone) await this.dropLink(error);
  }

  private async dropLink(error: unknown): Promise<void> {
    const current = this.current;
    this.current = null;
    this.cardOnReader = false;
    this.timeoutsInARow = 0;
    if (!current) return;
    await current.reader.close().catch(() => undefined);
    if (error !== null) this.setDisconnected(error, 'IDCARD_DISCONNECTED');
  }

  private setDisconnected(error: unknown, fallback: IdCardErrorCode): void {
    const code = error instanceof IdCardError ? error.code : fallback;
    this.setStatus({ state: 'disconnected', code, message: messageOf(error) });
  }

  private setStatus(status: ReaderStatus): void {
    const same = JSON.stringify(status) === JSON.stringify(this.statusNow);
    this.statusNow = status;
    if (!same) this.emit({ type: 'status', status });
  }

  private emit(event: ReaderEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A reader's answer that refuses the card itself; the link is fine. Lost links and transient faults are not. */
function isCardRefusal(error: unknown): error is IdCardError {
  return (
    error instanceof IdCardError &&
    !isTransient(error) &&
    !['IDCARD_DISCONNECTED', 'IDCARD_NO_READER', 'IDCARD_CARD_LEFT'].includes(error.code)
  );
}

function codeOf(error: unknown): IdCardErrorCode {
  return error instanceof IdCardError ? error.code : 'IDCARD_NO_READER';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
