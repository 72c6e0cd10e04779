// Frames of the second-generation ID card reader's SAM protocol (DOMAIN.md §1):
//   host → reader: AA AA AA 96 69 | LEN(2, BE) | CMD PARA [data] | CHK
//   reader → host: AA AA AA 96 69 | LEN(2, BE) | SW1 SW2 SW3 [data] | CHK
// LEN counts the bytes after itself up to and including CHK; CHK is the XOR of every byte after the preamble
// up to but not including CHK.

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** Preamble + LEN: the bytes before the counted part of a frame. */
export const HEADER_LENGTH = PREAMBLE.length + 2;
/** The longest response: text + photo + fingerprint (30 10) is about 2.3 KB; anything far above is corrupt. */
export const MAX_FRAME_LENGTH = 4096;

export const COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  readSamId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readTextAndPhoto: [0x30, 0x01],
  readAppendedAddress: [0x30, 0x03],
  readTextPhotoFingerprint: [0x30, 0x10],
  setMaxRfFrame: [0x61, 0xff],
} as const satisfies Record<string, readonly [number, number]>;

export type CommandName = keyof typeof COMMANDS;

function xor(bytes: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum ^= bytes[i]!;
  return sum;
}

/** Builds a host → reader frame. */
export function encodeCommand(command: CommandName, data: Uint8Array = new Uint8Array(0)): Buffer {
  const [cmd, para] = COMMANDS[command];
  return encodeFrame([cmd, para], data);
}

/** Builds a frame from its head bytes (CMD PARA, or SW1 SW2 SW3) and data. Simulators use it for responses. */
export function encodeFrame(head: readonly number[], data: Uint8Array = new Uint8Array(0)): Buffer {
  const length = head.length + data.length + 1;
  const frame = Buffer.alloc(HEADER_LENGTH + length);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(length, PREAMBLE.length);
  frame.set(head, HEADER_LENGTH);
  frame.set(data, HEADER_LENGTH + head.length);
  frame[frame.length - 1] = xor(frame, PREAMBLE.length, frame.length - 1);
  return frame;
}

/** A reader → host frame. */
export interface ResponseFrame {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
}

/** A host → reader frame (what a simulator receives). */
export interface CommandFrame {
  cmd: number;
  para: number;
  data: Buffer;
}

export type FrameErrorCode = 'IDCARD_FRAME_CHECKSUM' | 'IDCARD_FRAME_LENGTH';

/** The bytes between LEN and CHK of a response: SW1 SW2 SW3 and data; null when too short to be one. */
export function parseResponse(body: Buffer): ResponseFrame | null {
  if (body.length < 3) return null;
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) };
}

/** The bytes between LEN and CHK of a command: CMD PARA and data; null when too short to be one. */
export function parseCommand(body: Buffer): CommandFrame | null {
  if (body.length < 2) return null;
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) };
}

/** What the decoder finds in the byte stream, in order. */
export type DecodeEvent =
  /** A checked frame; `body` is everything between LEN and CHK (see parseResponse / parseCommand). */
  | { type: 'frame'; body: Buffer }
  | { type: 'error'; code: FrameErrorCode; message: string }
  /** Bytes that were not part of any frame (line noise, a partial frame before a reconnect). */
  | { type: 'discarded'; bytes: number };

// The smallest frame is a command: CMD PARA CHK.
const MIN_LENGTH = 3;

/**
 * Incremental decoder of frames in either direction: feed it chunks as they arrive; it returns the frames
 * completed by each chunk and reports (never throws on) corrupt input, resynchronising on the next preamble.
 */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Drops whatever is buffered (after a timeout, or when the port is reopened). */
  reset(): void {
    this.buffer = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): DecodeEvent[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const events: DecodeEvent[] = [];
    let start = 0;
    while (true) {
      const found = this.buffer.indexOf(PREAMBLE, start);
      if (found < 0) {
        // Keep a tail that could be the start of a preamble split across chunks.
        const keep = this.partialPreambleAtEnd(start);
        const dropped = this.buffer.length - start - keep;
        if (dropped > 0) events.push({ type: 'discarded', bytes: dropped });
        start = this.buffer.length - keep;
        break;
      }
      if (found > start) events.push({ type: 'discarded', bytes: found - start });
      start = found;
      if (this.buffer.length - start < HEADER_LENGTH) break;
      const length = this.buffer.readUInt16BE(start + PREAMBLE.length);
      if (length < MIN_LENGTH || HEADER_LENGTH + length > MAX_FRAME_LENGTH) {
        events.push({ type: 'error', code: 'IDCARD_FRAME_LENGTH', message: `frame length ${length} is impossible` });
        start += 1; // resynchronise on the next preamble
        continue;
      }
      const end = start + HEADER_LENGTH + length;
      if (this.buffer.length < end) break;
      const expected = xor(this.buffer, start + PREAMBLE.length, end - 1);
      const actual = this.buffer[end - 1]!;
      if (expected !== actual) {
        events.push({
          type: 'error',
          code: 'IDCARD_FRAME_CHECKSUM',
          message: `checksum ${hex(actual)} should be ${hex(expected)}`,
        });
        // The length itself may be the corrupt byte, so look for a preamble inside this frame too.
        start += 1;
        continue;
      }
      events.push({ type: 'frame', body: Buffer.from(this.buffer.subarray(start + HEADER_LENGTH, end - 1)) });
      start = end;
    }
    // A view, not a copy: the next push concatenates into a fresh buffer anyway.
    this.buffer = this.buffer.subarray(start);
    return events;
  }

  /** How many bytes at the end of the buffer (from `from`) match the beginning of the preamble. */
  private partialPreambleAtEnd(from: number): number {
    const available = this.buffer.length - from;
    for (let keep = Math.min(PREAMBLE.length - 1, available); keep > 0; keep--) {
      if (this.buffer.subarray(this.buffer.length - keep).equals(PREAMBLE.subarray(0, keep))) return keep;
    }
    return 0;
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
