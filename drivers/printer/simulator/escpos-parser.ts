// Splits an ESC/POS byte stream into commands, however the stream was chopped into chunks: an incomplete command
// waits for its next bytes. Commands whose length is known but whose meaning the simulator does not model
// (logos, barcodes, drawer pulses…) are skipped whole; the few it cannot measure come out as 'unknown' and
// parsing goes on at the next byte, as a real printer would. It never throws, and it never holds more than one
// QR payload (≤ 64 KiB) of input: long data it does not need is discarded as it streams past.
import { DLE, ESC, ESCPOS, FS, GS, LF, QR } from '../escpos-commands.ts';
import { FIXED_ESC, FIXED_FS, FIXED_GS } from './escpos-fixed-commands.ts';

export type Align = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** A command as the parser found it; `length` is how many bytes of the stream it took. */
export type EscPosCommand = { length: number } & EscPosCommandBody;

export type EscPosCommandBody =
  | { type: 'text'; bytes: Buffer }
  | { type: 'lineFeed' }
  | { type: 'feedLines'; lines: number }
  | { type: 'feedDots'; dots: number }
  | { type: 'init' }
  | { type: 'chinese'; on: boolean }
  | { type: 'align'; align: Align }
  | { type: 'size'; width: number; height: number }
  | { type: 'bold'; on: boolean }
  /** ESC ! n: bold and double width / height in one byte. */
  | { type: 'printMode'; bold: boolean; width: number; height: number }
  | { type: 'cut'; mode: 'full' | 'partial'; feedDots: number }
  | { type: 'qrModel'; model: 1 | 2 }
  | { type: 'qrModuleSize'; dots: number }
  | { type: 'qrErrorCorrection'; level: QrErrorCorrection }
  | { type: 'qrStore'; data: Buffer }
  | { type: 'qrPrint' }
  /** DLE EOT n: real-time status, answered at once whatever the printer is doing. */
  | { type: 'statusQuery'; n: number }
  /** A command of known length the simulator does not model; `name` says which. */
  | { type: 'skipped'; name: string }
  /** Bytes the parser could not make sense of; parsing resumes right after them. */
  | { type: 'unknown'; bytes: Buffer }
  /** A control byte with no effect here (CR, HT, NUL…). */
  | { type: 'ignored'; byte: number };

/** The most a command may make the parser hold: GS ( k with the largest pL pH. */
export const MAX_HELD_BYTES = 5 + 0xffff;
/** Barcode data (GS k m, m ≤ 6) is NUL-terminated; printers take at most 255 bytes. */
const MAX_NUL_TERMINATED = 256;
const ALIGN: readonly Align[] = ['left', 'center', 'right'];
// Operation bytes, read from the shared command table (byte 1 of ESC/GS/FS/DLE commands, byte 6 of GS ( k).
const OP = {
  init: ESCPOS.init[1],
  align: ESCPOS.align(0)[1]!,
  bold: ESCPOS.bold(true)[1]!,
  feedLines: ESCPOS.feedLines(0)[1]!,
  size: ESCPOS.size(1, 1)[1]!,
  cut: ESCPOS.fullCut[1],
  chineseOn: ESCPOS.chineseOn[1],
  chineseOff: ESCPOS.chineseOff[1],
  eot: ESCPOS.status(1)[1]!,
  gsParen: QR.model2[1],
} as const;
const QR_CN = QR.model2[5];
const QR_FN = {
  k: QR.model2[2],
  model: QR.model2[6],
  moduleSize: QR.moduleSize(1)[6]!,
  errorCorrection: QR.errorCorrection('L')[6]!,
  store: QR.store(new Uint8Array(0))[6]!,
  print: QR.print[6],
} as const;
// Not in the shared table because the driver never sends them.
const ESC_FEED_DOTS = 0x4a; // ESC J n
const ESC_PRINT_MODE = 0x21; // ESC ! n

/** What one attempt at the head of the buffer found. */
type Step =
  | { kind: 'command'; command: EscPosCommand }
  /** `need`: how many bytes the command takes in all, when that is known already. */
  | { kind: 'incomplete'; need?: number }
  /** A command whose header is known and whose `dataLength` bytes of data are discarded as they arrive. */
  | { kind: 'skip'; name: string; headerLength: number; dataLength: number };

const INCOMPLETE: Step = { kind: 'incomplete' };

function command(length: number, body: EscPosCommandBody): Step {
  return { kind: 'command', command: { length, ...body } };
}

function skipped(name: string, length: number): Step {
  return command(length, { type: 'skipped', name });
}

function unknown(bytes: Buffer): Step {
  return command(bytes.length, { type: 'unknown', bytes: Buffer.from(bytes) });
}

export class EscPosParser {
  private held: Buffer[] = [];
  private heldLength = 0;
  /** Bytes the held command needs in all; nothing is re-parsed until that many have come (long QR payloads). */
  private need = 0;
  /** Bytes of a skipped command's data still to discard. */
  private discard = 0;

  /** Bytes waiting for the rest of their command. */
  get pending(): number {
    return this.heldLength;
  }

  /** Takes the next chunk; returns every command it completes, in order. */
  push(chunk: Uint8Array): EscPosCommand[] {
    if (chunk.length === 0) return [];
    // Copy, so the caller's buffer is neither kept alive nor changed under us.
    this.held.push(Buffer.from(chunk));
    this.heldLength += chunk.length;
    if (this.heldLength < this.need) return [];
    const buffer = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
    const out: EscPosCommand[] = [];
    let offset = 0;
    this.need = 0;
    while (offset < buffer.length) {
      if (this.discard > 0) {
        const taken = Math.min(this.discard, buffer.length - offset);
        this.discard -= taken;
        offset += taken;
        continue;
      }
      const step = parseOne(buffer, offset);
      if (step.kind === 'incomplete') {
        this.need = step.need ?? 0;
        break;
      }
      if (step.kind === 'skip') {
        out.push({ type: 'skipped', name: step.name, length: step.headerLength + step.dataLength });
        offset += step.headerLength;
        this.discard = step.dataLength;
      } else {
        out.push(step.command);
        offset += step.command.length;
      }
    }
    const rest = buffer.subarray(offset);
    this.held = rest.length === 0 ? [] : [rest];
    this.heldLength = rest.length;
    return out;
  }

  /** Forgets a half-received command (the connection it came on is gone). */
  reset(): void {
    this.held = [];
    this.heldLength = 0;
    this.need = 0;
    this.discard = 0;
  }
}

function parseOne(buf: Buffer, at: number): Step {
  const first = buf[at]!;
  if (first >= 0x20) {
    let end = at + 1;
    while (end < buf.length && buf[end]! >= 0x20) end++;
    return command(end - at, { type: 'text', bytes: Buffer.from(buf.subarray(at, end)) });
  }
  if (first === LF) return command(1, { type: 'lineFeed' });
  if (first === ESC) return parseEsc(buf, at);
  if (first === GS) return parseGs(buf, at);
  if (first === FS) return parseFs(buf, at);
  if (first === DLE) return parseDle(buf, at);
  return command(1, { type: 'ignored', byte: first });
}

/** Reads byte `i` after the start, or undefined when it has not arrived yet. */
function byteAt(buf: Buffer, at: number, i: number): number | undefined {
  return buf[at + i];
}

function parseEsc(buf: Buffer, at: number): Step {
  const op = byteAt(buf, at, 1);
  if (op === undefined) return INCOMPLETE;
  if (op === OP.init) return command(2, { type: 'init' });
  // ESC i / ESC m: the old one-byte-argument-free cuts many Chinese printers still take.
  if (op === 0x69 || op === 0x6d) return command(2, { type: 'cut', mode: 'partial', feedDots: 0 });
  if (op === 0x44) return parseNulTerminated(buf, at, 2, 'ESC D tab positions', 33);
  if (op === 0x2a) return parseBitImage(buf, at);
  const fixed = FIXED_ESC[op];
  if (fixed) return buf.length - at < fixed[0] ? INCOMPLETE : skipped(fixed[1], fixed[0]);
  if (![OP.align, OP.bold, OP.feedLines, ESC_FEED_DOTS, ESC_PRINT_MODE].includes(op)) {
    return unknown(buf.subarray(at, at + 2));
  }
  const n = byteAt(buf, at, 2);
  if (n === undefined) return INCOMPLETE;
  switch (op) {
    case OP.align: {
      // Printers take both 0–2 and the digits '0'–'2'.
      const align = ALIGN[n >= 0x30 ? n - 0x30 : n];
      return align ? command(3, { type: 'align', align }) : skipped('ESC a out of range', 3);
    }
    case OP.bold:
      return command(3, { type: 'bold', on: (n & 1) === 1 });
    case OP.feedLines:
      return command(3, { type: 'feedLines', lines: n });
    case ESC_FEED_DOTS:
      return command(3, { type: 'feedDots', dots: n });
    default:
      return command(3, {
        type: 'printMode',
        bold: (n & 0x08) !== 0,
        height: n & 0x10 ? 2 : 1,
        width: n & 0x20 ? 2 : 1,
      });
  }
}

function parseGs(buf: Buffer, at: number): Step {
  const op = byteAt(buf, at, 1);
  if (op === undefined) return INCOMPLETE;
  if (op === OP.gsParen) return parseGsParen(buf, at);
  if (op === OP.size) {
    const n = byteAt(buf, at, 2);
    if (n === undefined) return INCOMPLETE;
    return command(3, { type: 'size', width: ((n >> 4) & 0x07) + 1, height: (n & 0x07) + 1 });
  }
  if (op === OP.cut) return parseCut(buf, at);
  if (op === 0x6b) return parseBarcode(buf, at);
  if (op === 0x76) return parseRaster(buf, at);
  if (op === 0x38) return parseGs8(buf, at);
  if (op === 0x2a) {
    // GS * x y d1…d(x·y·8): define a downloaded bit image.
    if (buf.length - at < 4) return INCOMPLETE;
    return {
      kind: 'skip',
      name: 'GS * downloaded image',
      headerLength: 4,
      dataLength: buf[at + 2]! * buf[at + 3]! * 8,
    };
  }
  const fixed = FIXED_GS[op];
  if (fixed) return buf.length - at < fixed[0] ? INCOMPLETE : skipped(fixed[1], fixed[0]);
  return unknown(buf.subarray(at, at + 2));
}

function parseCut(buf: Buffer, at: number): Step {
  const m = byteAt(buf, at, 2);
  if (m === undefined) return INCOMPLETE;
  if (m === 0 || m === 1 || m === 0x30 || m === 0x31) {
    return command(3, { type: 'cut', mode: m === 1 || m === 0x31 ? 'partial' : 'full', feedDots: 0 });
  }
  // GS V 65/66 n, and the 97/98/103/104 variants: feed n dots, then cut.
  if ([0x41, 0x42, 0x61, 0x62, 0x67, 0x68].includes(m)) {
    const n = byteAt(buf, at, 3);
    if (n === undefined) return INCOMPLETE;
    return command(4, { type: 'cut', mode: m % 2 === 0 ? 'partial' : 'full', feedDots: n });
  }
  return unknown(buf.subarray(at, at + 3));
}

/** GS ( fn pL pH data: every function of this family says its own length. */
function parseGsParen(buf: Buffer, at: number): Step {
  if (buf.length - at < 5) return INCOMPLETE;
  const fn = buf[at + 2]!;
  const dataLength = buf.readUInt16LE(at + 3);
  const total = 5 + dataLength;
  if (fn !== QR_FN.k) return { kind: 'skip', name: `GS ( ${hex(fn)}`, headerLength: 5, dataLength };
  if (buf.length - at < total) return { kind: 'incomplete', need: total };
  const data = buf.subarray(at + 5, at + total);
  return parseQr(data, total) ?? skipped('GS ( k other symbol', total);
}

function parseQr(data: Buffer, total: number): Step | null {
  const [cn, fn, m] = data;
  if (cn !== QR_CN || fn === undefined) return null;
  switch (fn) {
    case QR_FN.model:
      return m === 0x31 || m === 0x32 ? command(total, { type: 'qrModel', model: m === 0x31 ? 1 : 2 }) : null;
    case QR_FN.moduleSize:
      return m !== undefined && m >= 1 && m <= 16 ? command(total, { type: 'qrModuleSize', dots: m }) : null;
    case QR_FN.errorCorrection: {
      const level = m === undefined ? undefined : 'LMQH'[m - 48];
      return level ? command(total, { type: 'qrErrorCorrection', level: level as QrErrorCorrection }) : null;
    }
    case QR_FN.store:
      return command(total, { type: 'qrStore', data: Buffer.from(data.subarray(3)) });
    case QR_FN.print:
      return command(total, { type: 'qrPrint' });
  }
  return null;
}

/** GS k m: barcode; m ≤ 6 NUL-terminated data, m 65–79 a length byte then data. */
function parseBarcode(buf: Buffer, at: number): Step {
  const m = byteAt(buf, at, 2);
  if (m === undefined) return INCOMPLETE;
  if (m <= 6) return parseNulTerminated(buf, at, 3, 'GS k barcode', MAX_NUL_TERMINATED);
  if (m >= 65 && m <= 79) {
    const n = byteAt(buf, at, 3);
    if (n === undefined) return INCOMPLETE;
    return { kind: 'skip', name: 'GS k barcode', headerLength: 4, dataLength: n };
  }
  return unknown(buf.subarray(at, at + 3));
}

/** GS v 0 m xL xH yL yH d1…dk, k = (xL + 256·xH) · (yL + 256·yH): a raster image (logos). */
function parseRaster(buf: Buffer, at: number): Step {
  if (buf.length - at < 8) return INCOMPLETE;
  if (buf[at + 2] !== 0x30) return unknown(buf.subarray(at, at + 3));
  const widthBytes = buf.readUInt16LE(at + 4);
  const rows = buf.readUInt16LE(at + 6);
  return { kind: 'skip', name: 'GS v 0 raster image', headerLength: 8, dataLength: widthBytes * rows };
}

/** GS 8 L p1 p2 p3 p4 …: the graphics family with a 32-bit length. */
function parseGs8(buf: Buffer, at: number): Step {
  if (buf.length - at < 7) return INCOMPLETE;
  if (buf[at + 2] !== 0x4c) return unknown(buf.subarray(at, at + 3));
  return { kind: 'skip', name: 'GS 8 L graphics', headerLength: 7, dataLength: buf.readUInt32LE(at + 3) };
}

/** ESC * m nL nH d…: bit image, 1 byte per column for 8-dot modes (0, 1), 3 for 24-dot modes (32, 33). */
function parseBitImage(buf: Buffer, at: number): Step {
  if (buf.length - at < 5) return INCOMPLETE;
  const m = buf[at + 2]!;
  const perColumn = m === 0 || m === 1 ? 1 : m === 32 || m === 33 ? 3 : 0;
  if (perColumn === 0) return unknown(buf.subarray(at, at + 3));
  return { kind: 'skip', name: 'ESC * bit image', headerLength: 5, dataLength: buf.readUInt16LE(at + 3) * perColumn };
}

function parseNulTerminated(buf: Buffer, at: number, start: number, name: string, max: number): Step {
  const end = buf.indexOf(0, at + start);
  if (end >= 0 && end - at - start <= max) return skipped(name, end - at + 1);
  // No NUL within the limit: not this command after all.
  if (end >= 0 || buf.length - at - start > max) return unknown(buf.subarray(at, at + start));
  return INCOMPLETE;
}

function parseFs(buf: Buffer, at: number): Step {
  const op = byteAt(buf, at, 1);
  if (op === undefined) return INCOMPLETE;
  if (op === OP.chineseOn) return command(2, { type: 'chinese', on: true });
  if (op === OP.chineseOff) return command(2, { type: 'chinese', on: false });
  if (op === 0x28) {
    if (buf.length - at < 5) return INCOMPLETE;
    return { kind: 'skip', name: `FS ( ${hex(buf[at + 2]!)}`, headerLength: 5, dataLength: buf.readUInt16LE(at + 3) };
  }
  const fixed = FIXED_FS[op];
  if (fixed) return buf.length - at < fixed[0] ? INCOMPLETE : skipped(fixed[1], fixed[0]);
  return unknown(buf.subarray(at, at + 2));
}

function parseDle(buf: Buffer, at: number): Step {
  const op = byteAt(buf, at, 1);
  if (op === undefined) return INCOMPLETE;
  if (op === OP.eot || op === 0x05) {
    const n = byteAt(buf, at, 2);
    if (n === undefined) return INCOMPLETE;
    return op === OP.eot ? command(3, { type: 'statusQuery', n }) : skipped('DLE ENQ real-time request', 3);
  }
  if (op === 0x14) return buf.length - at < 5 ? INCOMPLETE : skipped('DLE DC4 real-time command', 5);
  // A lone DLE is not a command: the next byte is read afresh.
  return unknown(buf.subarray(at, at + 1));
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
