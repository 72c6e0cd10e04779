// A receipt as a small document: blocks of text, rules, key/value rows, a QR code, feeds and a cut, on 58 mm or
// 80 mm paper. Pure data plus the column layout of each block; escpos-encoder.ts turns it into bytes.
import { PAPER, type PaperWidth } from './escpos-commands.ts';
import { displayWidth, wrapText } from './text-width.ts';

export { PAPER, type PaperWidth };

export type Align = 'left' | 'centre' | 'right';
/** GS ! allows 1–8; receipts use at most 4 (a 4× line on 58 mm paper holds 8 columns, 4 Chinese characters). */
export type Magnification = 1 | 2 | 3 | 4;
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type CutMode = 'full' | 'partial';

export interface TextStyle {
  align?: Align;
  /** Width and height multipliers; width 2 halves the columns a line holds. */
  size?: { width?: Magnification; height?: Magnification };
  bold?: boolean;
}

/** One or more lines ('\n' separates them), wrapped to the paper; never cut short. */
export interface TextBlock extends TextStyle {
  type: 'text';
  text: string;
}

/** A full-width line of one character, '-' unless given. */
export interface RuleBlock {
  type: 'rule';
  char?: string;
}

/** Label on the left, value on the right; a value too long for the row wraps under itself. */
export interface KeyValueBlock {
  type: 'keyValue';
  label: string;
  value: string;
  bold?: boolean;
}

export interface QrBlock {
  type: 'qr';
  /** Sent as UTF-8, which is what phone scanners (WeChat, Alipay) assume. */
  payload: string;
  /** Default M. */
  errorCorrection?: QrErrorCorrection;
  /** Dots per module, 1–16; default QR_DEFAULTS[paper].moduleSize. */
  moduleSize?: number;
  /** Largest QR version (1–40) the layout leaves room for; never more than the paper can hold. */
  maxVersion?: number;
  /** Default centre. */
  align?: Align;
}

/** Prints what is buffered and feeds `lines` more lines (0–255). */
export interface FeedBlock {
  type: 'feed';
  lines: number;
}

export interface CutBlock {
  type: 'cut';
  /** Default full: a kiosk's receipt should drop into the tray, not hang on a tab. */
  mode?: CutMode;
  /** Lines fed first so the cut falls below the last printed line (the cutter sits above the head); default 4. */
  feedLines?: number;
}

export type ReceiptBlock = TextBlock | RuleBlock | KeyValueBlock | QrBlock | FeedBlock | CutBlock;

export interface ReceiptDocument {
  paper: PaperWidth;
  blocks: ReceiptBlock[];
}

// Builders, so a receipt reads like the paper it makes.
export const text = (content: string, style: TextStyle = {}): TextBlock => ({ type: 'text', text: content, ...style });
export const rule = (char?: string): RuleBlock => (char === undefined ? { type: 'rule' } : { type: 'rule', char });
export const keyValue = (label: string, value: string, bold?: boolean): KeyValueBlock =>
  bold === undefined ? { type: 'keyValue', label, value } : { type: 'keyValue', label, value, bold };
export const qr = (payload: string, options: Omit<QrBlock, 'type' | 'payload'> = {}): QrBlock => ({
  type: 'qr',
  payload,
  ...options,
});
export const feed = (lines: number): FeedBlock => ({ type: 'feed', lines });
export const cut = (mode: CutMode = 'full', feedLines?: number): CutBlock =>
  feedLines === undefined ? { type: 'cut', mode } : { type: 'cut', mode, feedLines };

export const DEFAULT_CUT_FEED_LINES = 4;

/** Module sizes that scan well from a phone held over the tray: about 0.6–0.75 mm per module at 203 dpi. */
export const QR_DEFAULTS = {
  '58mm': { moduleSize: 5 },
  '80mm': { moduleSize: 6 },
} as const satisfies Record<PaperWidth, { moduleSize: number }>;

/** The largest QR version whose symbol, with its 4-module quiet zone each side, fits across the paper. */
export function paperMaxQrVersion(paper: PaperWidth, moduleSize: number): number {
  const modules = Math.floor(PAPER[paper].dots / moduleSize) - 8;
  return Math.max(0, Math.min(40, Math.floor((modules - 17) / 4)));
}

export interface QrLayout {
  errorCorrection: QrErrorCorrection;
  moduleSize: number;
  /** The version limit that applies: the block's maxVersion, capped by the paper. */
  maxVersion: number;
  /** True when the paper, not the block's maxVersion, sets the limit. */
  limitedByPaper: boolean;
}

export function qrLayout(block: QrBlock, paper: PaperWidth): QrLayout {
  const moduleSize = block.moduleSize ?? QR_DEFAULTS[paper].moduleSize;
  const paperLimit = paperMaxQrVersion(paper, moduleSize);
  const maxVersion = Math.min(block.maxVersion ?? paperLimit, paperLimit);
  return {
    errorCorrection: block.errorCorrection ?? 'M',
    moduleSize,
    maxVersion,
    limitedByPaper: block.maxVersion === undefined || block.maxVersion > paperLimit,
  };
}

/** Columns a line holds at a width multiplier. */
export function columnsFor(paper: PaperWidth, widthMultiplier: number = 1): number {
  return Math.floor(PAPER[paper].columns / widthMultiplier);
}

/** The rule character repeated across the line (a two-column character such as '═' half as often). */
export function ruleLine(columns: number, char = '-'): string {
  return char.repeat(Math.floor(columns / Math.max(1, displayWidth(char))));
}

const spaces = (count: number) => ' '.repeat(Math.max(0, count));

/**
 * Lays out a key/value row. If the value fits beside the label it is pushed to the right edge. A longer value
 * wraps in the column to the right of the label, each line under the first. A label so long that less than a
 * third of the line would be left for the value gets its own line(s), and the value goes right-aligned below it
 * (wrapped at full width when it does not fit on one line).
 */
export function layoutKeyValue(label: string, value: string, columns: number): string[] {
  const labelWidth = displayWidth(label);
  const valueColumns = columns - labelWidth - 1;
  if (value === '') return wrapText(label, columns);
  if (valueColumns >= Math.ceil(columns / 3)) {
    const valueLines = wrapText(value, valueColumns);
    if (valueLines.length === 1) return [label + spaces(columns - labelWidth - displayWidth(value)) + value];
    return valueLines.map((line, i) => (i === 0 ? label : spaces(labelWidth)) + ' ' + line);
  }
  const valueLines = wrapText(value, columns);
  const right = valueLines.length === 1 ? spaces(columns - displayWidth(valueLines[0]!)) + valueLines[0] : null;
  return [...wrapText(label, columns), ...(right === null ? valueLines : [right])];
}
