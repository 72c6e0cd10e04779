// ESC/POS command bytes the receipt driver sends and the printer simulator understands (DOMAIN.md §3: Gprinter,
// Xprinter and Epson TM-T88 Chinese models). One table, so the encoder and the simulator cannot drift apart.

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const LF = 0x0a;

export const ESCPOS = {
  /** ESC @: reset the printer to its power-on settings. */
  init: [ESC, 0x40],
  /** FS &: Chinese (double-byte) character mode on; FS .: off. */
  chineseOn: [FS, 0x26],
  chineseOff: [FS, 0x2e],
  /** ESC a n: 0 left, 1 centre, 2 right. */
  align: (n: 0 | 1 | 2) => [ESC, 0x61, n],
  /** GS ! n: low nibble = height − 1, high nibble = width − 1 (1–8 each). */
  size: (width: number, height: number) => [GS, 0x21, ((width - 1) << 4) | (height - 1)],
  /** ESC E n: bold on (1) / off (0). */
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  /** ESC d n: print and feed n lines. */
  feedLines: (n: number) => [ESC, 0x64, n],
  /** GS V 0 / GS V 1: full / partial cut. */
  fullCut: [GS, 0x56, 0x00],
  partialCut: [GS, 0x56, 0x01],
  /** GS V 66 n: feed n dots, then cut. */
  feedAndCut: (n: number) => [GS, 0x56, 0x42, n],
  /** DLE EOT n: real-time status; one byte comes back. */
  status: (n: 1 | 2 | 4) => [DLE, 0x04, n],
} as const;

/** GS ( k, cn 0x31: QR code (model 2). */
export const QR = {
  model2: [GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00],
  /** Module size in dots (1–16). */
  moduleSize: (dots: number) => [GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, dots],
  /** Error correction: 48 L, 49 M, 50 Q, 51 H. */
  errorCorrection: (level: 'L' | 'M' | 'Q' | 'H') => [
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x45,
    48 + 'LMQH'.indexOf(level),
  ],
  /** Store the payload: pL + 256·pH = data length + 3. */
  store: (data: Uint8Array) => {
    const length = data.length + 3;
    return [GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30, ...data];
  },
  print: [GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
} as const;

/**
 * The one byte DLE EOT n answers (bits 1 and 4 are always set, bits 0 and 7 always clear).
 * n=1 printer: bit 3 offline. n=2 offline cause: bit 2 cover open, bit 5 stopped at paper end, bit 6 error.
 * n=4 paper sensors: bits 2–3 paper near end, bits 5–6 paper out.
 */
export const STATUS_BITS = {
  fixedOn: 0b0001_0010,
  fixedMask: 0b1001_0011,
  printer: { offline: 1 << 3 },
  offlineCause: { coverOpen: 1 << 2, paperEndStop: 1 << 5, error: 1 << 6 },
  paper: { nearEnd: (1 << 2) | (1 << 3), out: (1 << 5) | (1 << 6) },
} as const;

/** Paper widths in dots at 203 dpi and characters per line in font A (12×24). */
export const PAPER = {
  '58mm': { dots: 384, columns: 32 },
  '80mm': { dots: 576, columns: 48 },
} as const;

export type PaperWidth = keyof typeof PAPER;
