// One open link to an ID card reader: sends a command, waits for its one answer, and turns the answer into a
// typed result or an IdCardError. Commands never overlap (the protocol has no request ids) and never wait
// forever: each has a deadline of the reader's think time plus the wire time of its bytes at the line speed.
import { byteTimeMs, type ByteTransport } from '../transport/transport.ts';
import { PHOTO_BYTES, TEXT_BYTES } from './card-text.ts';
import { IdCardError } from './errors.ts';
import { encodeCommand, FrameDecoder, parseResponse, type CommandName, type ResponseFrame } from './frame.ts';
import { interpretStatus } from './status.ts';
import { oneAtATime } from '../one-at-a-time.ts';

export interface ReaderOptions {
  /** Line speed, to allow for wire time in deadlines; 0 when unknown (USB/HID links are fast). */
  baudRate: number;
  /** How long the reader may think before its answer is complete, on top of wire time. */
  responseTimeoutMs?: number;
}

/** The bytes of a card read, before parsing. */
export interface RawCard {
  text: Buffer;
  photo: Buffer;
  fingerprint: Buffer | null;
}

export const DEFAULT_RESPONSE_TIMEOUT_MS = 1000;
// Replies are short except the reads: 7 header + SW 3 + lengths + text + photo (+ fingerprint) + CHK.
const LONGEST_REPLY: Partial<Record<CommandName, number>> = {
  readTextAndPhoto: 7 + 3 + 4 + TEXT_BYTES + PHOTO_BYTES + 1,
  readTextPhotoFingerprint: 7 + 3 + 6 + TEXT_BYTES + PHOTO_BYTES + 1024 + 1,
};
const SHORT_REPLY = 64;

interface Pending {
  name: CommandName;
  resolve: (frame: ResponseFrame) => void;
  reject: (error: IdCardError) => void;
  timer: NodeJS.Timeout;
}

export class IdCardReader {
  private readonly decoder = new FrameDecoder();
  private pending: Pending | null = null;
  private readonly queue = oneAtATime();
  private gone: IdCardError | null = null;
  private lastByteAt = 0;
  /** After a timeout or a corrupt answer, late bytes may still be on their way: let the line go quiet first. */
  private needsResync = false;
  private readonly stopListening: (() => void)[];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: ReaderOptions,
  ) {
    this.stopListening = [
      transport.onData((chunk) => this.receive(chunk)),
      transport.onClose((error) => {
        this.gone = new IdCardError(
          'IDCARD_DISCONNECTED',
          `the reader's port closed${error ? `: ${error.message}` : ''}`,
        );
        this.settle((pending) => pending.reject(this.gone!));
      }),
    ];
  }

  get isOpen(): boolean {
    return this.gone === null && this.transport.isOpen;
  }

  /** Sends one command and resolves with its answer frame (whatever its status). */
  command(name: CommandName, data?: Uint8Array): Promise<ResponseFrame> {
    return this.queue(() => this.exchange(name, data));
  }

  /** True when a card answered find; false when there is none (or it was already read and has not left). */
  async findCard(): Promise<boolean> {
    return (await this.expect('findCard', ['cardFound'], ['IDCARD_NO_CARD'])) !== null;
  }

  /** True when the card in the field could be selected; false when there is no card any more. */
  async selectCard(): Promise<boolean> {
    return (await this.expect('selectCard', ['success'], ['IDCARD_SELECT_FAILED', 'IDCARD_NO_CARD'])) !== null;
  }

  /** Reads the selected card's text and photo (and fingerprint block when asked). */
  async readCard(withFingerprint = false): Promise<RawCard> {
    const name = withFingerprint ? 'readTextPhotoFingerprint' : 'readTextAndPhoto';
    const frame = await this.expect(name, ['success'], []);
    const data = frame!.data;
    const lengthsBytes = withFingerprint ? 6 : 4;
    if (data.length < lengthsBytes) throw new IdCardError('IDCARD_BAD_RESPONSE', `${name} answer has no lengths`);
    const textLength = data.readUInt16BE(0);
    const photoLength = data.readUInt16BE(2);
    const fingerprintLength = withFingerprint ? data.readUInt16BE(4) : 0;
    if (textLength !== TEXT_BYTES || photoLength !== PHOTO_BYTES) {
      throw new IdCardError('IDCARD_BAD_RESPONSE', `${name} answer says text ${textLength}, photo ${photoLength}`);
    }
    if (data.length !== lengthsBytes + textLength + photoLength + fingerprintLength) {
      throw new IdCardError('IDCARD_BAD_RESPONSE', `${name} answer carries ${data.length} bytes, not what it states`);
    }
    const textStart = lengthsBytes;
    const photoStart = textStart + textLength;
    const fingerprintStart = photoStart + photoLength;
    return {
      text: Buffer.from(data.subarray(textStart, photoStart)),
      photo: Buffer.from(data.subarray(photoStart, fingerprintStart)),
      fingerprint: withFingerprint ? Buffer.from(data.subarray(fingerprintStart)) : null,
    };
  }

  /** The SAM module's id, as upper-case hex (what a technician compares with the reader's label). */
  async readSamId(): Promise<string> {
    const frame = await this.expect('readSamId', ['success'], []);
    if (frame!.data.length === 0) throw new IdCardError('IDCARD_BAD_RESPONSE', 'readSamId answer carries no id');
    return frame!.data.toString('hex').toUpperCase();
  }

  async resetSam(): Promise<void> {
    await this.expect('resetSam', ['success'], []);
  }

  /** Stops listening to the link without closing it, so another reader object can take it over. */
  detach(): void {
    for (const stop of this.stopListening) stop();
    this.gone ??= new IdCardError('IDCARD_DISCONNECTED', 'the reader was handed over');
    this.settle((pending) => pending.reject(this.gone!));
  }

  async close(): Promise<void> {
    for (const stop of this.stopListening) stop();
    this.gone ??= new IdCardError('IDCARD_DISCONNECTED', 'the reader was closed');
    this.settle((pending) => pending.reject(this.gone!));
    await this.transport.close();
  }

  /**
   * Sends a command and checks its status: an expected success returns the frame, an expected failure code
   * returns null, anything else throws.
   */
  private async expect(
    name: CommandName,
    okStatuses: string[],
    acceptedFailures: string[],
  ): Promise<ResponseFrame | null> {
    const frame = await this.command(name);
    const status = interpretStatus(frame.sw1, frame.sw2, frame.sw3);
    if (status.ok && okStatuses.includes(status.status)) return frame;
    if (!status.ok && acceptedFailures.includes(status.code)) return null;
    if (!status.ok) throw new IdCardError(status.code, `${name}: the reader answered ${status.sw}`);
    throw new IdCardError('IDCARD_BAD_RESPONSE', `${name}: unexpected status ${status.status}`);
  }

  private async exchange(name: CommandName, data?: Uint8Array): Promise<ResponseFrame> {
    if (this.gone) throw this.gone;
    if (this.needsResync) {
      await this.waitForQuietLine();
      this.decoder.reset();
      this.needsResync = false;
    }
    const frame = encodeCommand(name, data);
    const timeoutMs = this.deadlineMs(frame.length + (LONGEST_REPLY[name] ?? SHORT_REPLY));
    return new Promise<ResponseFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        const partial = this.decoder.pending;
        this.needsResync = true;
        this.settle((pending) =>
          pending.reject(
            new IdCardError(
              'IDCARD_TIMEOUT',
              `no answer to ${name} within ${timeoutMs} ms${partial > 0 ? ` (${partial} bytes of a frame arrived)` : ''}`,
            ),
          ),
        );
      }, timeoutMs);
      this.pending = { name, resolve, reject, timer };
      this.transport.write(frame).catch((error: Error) => {
        this.gone = new IdCardError('IDCARD_DISCONNECTED', `writing to the reader failed: ${error.message}`);
        this.settle((pending) => pending.reject(this.gone!));
      });
    });
  }

  private deadlineMs(wireBytes: number): number {
    const wireMs = this.options.baudRate > 0 ? wireBytes * byteTimeMs(this.options.baudRate) : 0;
    return Math.ceil((this.options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS) + wireMs);
  }

  private receive(chunk: Buffer): void {
    this.lastByteAt = performance.now();
    for (const event of this.decoder.push(chunk)) {
      // Bytes nobody asked for (a late answer after a timeout) are dropped.
      if (!this.pending) continue;
      if (event.type === 'error') {
        this.needsResync = true;
        const code = event.code;
        this.settle((pending) => pending.reject(new IdCardError(code, `answer to ${pending.name}: ${event.message}`)));
      } else if (event.type === 'frame') {
        const response = parseResponse(event.body);
        this.settle((pending) =>
          response
            ? pending.resolve(response)
            : pending.reject(new IdCardError('IDCARD_BAD_RESPONSE', `answer to ${pending.name} is too short`)),
        );
      }
    }
  }

  private settle(action: (pending: Pending) => void): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    action(pending);
  }

  /** Waits until no byte has arrived for a while (at most one second), so stale bytes are not taken as answers. */
  private async waitForQuietLine(): Promise<void> {
    const quietMs = Math.max(30, this.options.baudRate > 0 ? 64 * byteTimeMs(this.options.baudRate) : 0);
    const giveUpAt = performance.now() + 1000;
    while (performance.now() < giveUpAt) {
      const sinceLast = performance.now() - this.lastByteAt;
      if (sinceLast >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, quietMs - sinceLast));
    }
  }
}
