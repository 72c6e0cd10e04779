// Turns a receipt document into ESC/POS bytes for a Chinese receipt printer (DOMAIN.md §3): ESC @, Chinese mode,
// then each block with only the style commands that change, GB18030 text with LF line ends, QR codes by GS ( k.
// Unprintable characters never throw: they come out as □ and are listed in `warnings`.
import QRCode from 'qrcode';
import { ESCPOS, LF, QR } from './escpos-commands.ts';
import { PrinterError } from './errors.ts';
import {
  columnsFor,
  DEFAULT_CUT_FEED_LINES,
  layoutKeyValue,
  PAPER,
  qrLayout,
  ruleLine,
  type Align,
  type PaperWidth,
  type QrLayout,
  type QrErrorCorrection,
  type ReceiptBlock,
  type ReceiptDocument,
} from './receipt.ts';
import {
  displayWidth,
  encodeGb18030,
  REPLACEMENT,
  toPrintable,
  wrapText,
  type FourByteGlyphs,
  type Substitution,
} from './text-width.ts';

export interface RenderOptions {
  /** Which GB18030 four-byte characters the printer's font has (see FourByteGlyphs); default 'cjk'. */
  fourByteGlyphs?: FourByteGlyphs;
}

export interface RenderResult {
  bytes: Buffer;
  /**
   * The same bytes cut only between whole commands and whole lines. A driver that asks for status mid-job
   * sends its queries between segments: a query inside a command's data would be read as that data.
   */
  segments: Buffer[];
  /** One line per character that was replaced or removed, per block; empty when everything printed as given. */
  warnings: string[];
}

const ALIGN: Record<Align, 0 | 1 | 2> = { left: 0, centre: 1, right: 2 };

interface PrinterState {
  align: 0 | 1 | 2;
  width: number;
  height: number;
  bold: boolean;
}

/** Collects the output and sends a style command only when the printer's state actually changes. */
class Writer {
  private readonly chunks: Buffer[] = [];
  // ESC @ leaves the printer left-aligned, 1×1, not bold.
  private state: PrinterState = { align: 0, width: 1, height: 1, bold: false };

  raw(bytes: readonly number[] | Buffer): void {
    this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
  }

  style(next: PrinterState): void {
    if (next.align !== this.state.align) this.raw(ESCPOS.align(next.align));
    if (next.width !== this.state.width || next.height !== this.state.height) {
      this.raw(ESCPOS.size(next.width, next.height));
    }
    if (next.bold !== this.state.bold) this.raw(ESCPOS.bold(next.bold));
    this.state = next;
  }

  line(printable: string): void {
    this.raw(encodeGb18030(printable));
    this.raw([LF]);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  segments(): Buffer[] {
    return [...this.chunks];
  }
}

const PLAIN: PrinterState = { align: 0, width: 1, height: 1, bold: false };

const REASONS: Record<Substitution['reason'], string> = {
  unencodable: 'cannot be encoded in GB18030',
  fourByte: "is a GB18030 four-byte character the printer's font lacks",
  control: 'is a control character',
  privateUse: 'is a private-use character with no standard glyph',
  invisible: 'is an invisible format character',
};

function describe(substitution: Substitution, where: string): string {
  const hex = substitution.codePoint.toString(16).toUpperCase().padStart(4, '0');
  const action = substitution.reason === 'invisible' ? 'removed' : `printed as ${REPLACEMENT}`;
  const times = substitution.count > 1 ? ` (${substitution.count}×)` : '';
  return `${where}: U+${hex} ${REASONS[substitution.reason]}; ${action}${times}`;
}

function invalid(where: string, problem: string): PrinterError {
  return new PrinterError('PRINTER_INVALID_DOCUMENT', `${where}: ${problem}`);
}

function checkInteger(value: number, min: number, max: number, where: string, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(where, `${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

const capacities = new Map<string, number>();

/**
 * Byte-mode capacity of one QR version: the largest payload QRCode.create accepts at that version. Found once
 * per version and level (byte-mode capacity depends on nothing else), so checking a receipt costs a lookup.
 */
function qrCapacity(version: number, errorCorrectionLevel: QrErrorCorrection): number {
  const key = `${version}${errorCorrectionLevel}`;
  const known = capacities.get(key);
  if (known !== undefined) return known;
  let low = 0;
  let high = 2953; // version 40-L
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      QRCode.create([{ data: new Uint8Array(mid), mode: 'byte' }], { errorCorrectionLevel, version });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  capacities.set(key, low);
  return low;
}

/**
 * Throws PRINTER_QR_TOO_LARGE unless `data` fits the allowed version. Checked in byte mode, the worst case:
 * the printer segments the data itself and may not pick the compact numeric/alphanumeric modes qrcode would.
 */
function checkQrFits(data: Buffer, layout: QrLayout, paper: PaperWidth, where: string): void {
  if (layout.maxVersion > 0 && data.length <= qrCapacity(layout.maxVersion, layout.errorCorrection)) return;
  const source = layout.limitedByPaper
    ? `the most ${paper} paper holds with ${layout.moduleSize}-dot modules`
    : 'set by maxVersion';
  const limit =
    layout.maxVersion === 0
      ? `a ${layout.moduleSize}-dot module leaves no room for any QR version on ${paper} paper`
      : `the limit is ${qrCapacity(layout.maxVersion, layout.errorCorrection)} bytes ` +
        `(QR version ${layout.maxVersion} at error correction ${layout.errorCorrection}, ${source})`;
  throw new PrinterError('PRINTER_QR_TOO_LARGE', `${where}: the QR payload is ${data.length} bytes; ${limit}`);
}

function renderBlock(
  block: ReceiptBlock,
  doc: ReceiptDocument,
  out: Writer,
  printable: (s: string) => string,
  where: string,
) {
  switch (block.type) {
    case 'text': {
      const width = block.size?.width ?? 1;
      const height = block.size?.height ?? 1;
      checkInteger(width, 1, 4, where, 'size.width');
      checkInteger(height, 1, 4, where, 'size.height');
      out.style({ align: ALIGN[block.align ?? 'left'], width, height, bold: block.bold ?? false });
      for (const line of wrapText(printable(block.text), PAPER[doc.paper].columns, width)) out.line(line);
      return;
    }
    case 'rule': {
      const char = printable(block.char ?? '-');
      if ([...char].length !== 1 || displayWidth(char) === 0) {
        throw invalid(where, `a rule needs exactly one visible character, got ${JSON.stringify(block.char)}`);
      }
      out.style(PLAIN);
      out.line(ruleLine(columnsFor(doc.paper), char));
      return;
    }
    case 'keyValue': {
      out.style({ ...PLAIN, bold: block.bold ?? false });
      const lines = layoutKeyValue(printable(block.label), printable(block.value), columnsFor(doc.paper));
      for (const line of lines) out.line(line);
      return;
    }
    case 'qr': {
      const layout = qrLayout(block, doc.paper);
      checkInteger(layout.moduleSize, 1, 16, where, 'moduleSize');
      if (block.maxVersion !== undefined) checkInteger(block.maxVersion, 1, 40, where, 'maxVersion');
      if (block.payload === '') throw invalid(where, 'the QR payload is empty');
      const data = Buffer.from(block.payload, 'utf8');
      checkQrFits(data, layout, doc.paper, where);
      out.style({ ...PLAIN, align: ALIGN[block.align ?? 'centre'] });
      out.raw(QR.model2);
      out.raw(QR.moduleSize(layout.moduleSize));
      out.raw(QR.errorCorrection(layout.errorCorrection));
      out.raw(QR.store(data));
      out.raw(QR.print);
      return;
    }
    case 'feed':
      checkInteger(block.lines, 0, 255, where, 'lines');
      if (block.lines > 0) out.raw(ESCPOS.feedLines(block.lines));
      return;
    case 'cut': {
      const lines = block.feedLines ?? DEFAULT_CUT_FEED_LINES;
      checkInteger(lines, 0, 255, where, 'feedLines');
      if (lines > 0) out.raw(ESCPOS.feedLines(lines));
      out.raw(block.mode === 'partial' ? ESCPOS.partialCut : ESCPOS.fullCut);
      return;
    }
    default:
      throw invalid(where, `unknown block type ${JSON.stringify((block as { type?: unknown }).type)}`);
  }
}

/**
 * Renders a receipt to ESC/POS bytes. Throws PrinterError only for a document that cannot be printed as meant:
 * PRINTER_QR_TOO_LARGE, or PRINTER_INVALID_DOCUMENT (a size, count or payload outside the model's rules).
 */
export function renderReceipt(doc: ReceiptDocument, options: RenderOptions = {}): RenderResult {
  if (!Object.hasOwn(PAPER, doc.paper)) throw invalid('receipt', `unknown paper width ${JSON.stringify(doc.paper)}`);
  const out = new Writer();
  const warnings: string[] = [];
  out.raw(ESCPOS.init);
  out.raw(ESCPOS.chineseOn);
  doc.blocks.forEach((block, index) => {
    const where = `block ${index} (${block.type})`;
    const printable = (value: string) => {
      const result = toPrintable(value, options.fourByteGlyphs);
      for (const substitution of result.substitutions) warnings.push(describe(substitution, where));
      return result.text;
    };
    renderBlock(block, doc, out, printable, where);
  });
  return { bytes: out.bytes(), segments: out.segments(), warnings };
}
