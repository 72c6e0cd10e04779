// What a receipt printer puts on paper, built from parsed ESC/POS commands: text lines (GB18030 while Chinese
// mode is on), QR codes, feeds, and the cut that ends one receipt and starts the next. Text that runs past the
// paper width wraps onto a new line as on a real printer, marked `wrapped` so tests can catch a driver whose
// layout is too wide.
import iconv from 'iconv-lite';
import type { Align, EscPosCommand, QrErrorCorrection } from './escpos-parser.ts';

/** Default line spacing (ESC 2) of 203 dpi printers: 3.75 mm. */
export const LINE_DOTS = 30;
/** Font A cell: 12 × 24 dots for one-byte characters, 24 × 24 for Chinese. */
export const CELL = { narrow: 12, wide: 24, height: 24 } as const;

export interface TextRun {
  text: string;
  /** Size multipliers from GS ! (1–8). */
  width: number;
  height: number;
  bold: boolean;
  /** Printed in Chinese mode: characters beyond ASCII take a double-width cell. */
  chinese: boolean;
}

export type ReceiptElement =
  | {
      kind: 'text';
      align: Align;
      text: string;
      runs: TextRun[];
      /** The line continues the one before: the text did not fit the paper width. */
      wrapped: boolean;
    }
  | {
      kind: 'qr';
      align: Align;
      /** The stored bytes, read as UTF-8. */
      payload: string;
      model: 1 | 2;
      moduleSize: number;
      errorCorrection: QrErrorCorrection;
    }
  | { kind: 'feed'; dots: number }
  /** A command of known length the simulator does not draw (logos, barcodes, drawer pulse…). */
  | { kind: 'skipped'; name: string }
  /** Bytes that made no sense, in hex. */
  | { kind: 'unknown'; hex: string };

export type TextLine = Extract<ReceiptElement, { kind: 'text' }>;
export type QrCode = Extract<ReceiptElement, { kind: 'qr' }>;

export interface Receipt {
  elements: ReceiptElement[];
  /** How the receipt was cut off; null while it is still being printed. */
  cut: 'full' | 'partial' | null;
}

export interface ReceiptBuilderOptions {
  /** Printable width in dots (PAPER['58mm'].dots…). */
  paperDots: number;
  /** Whether Chinese mode is on at power-on and after ESC @ (a memory switch on real printers). Default off. */
  chineseAtPowerOn?: boolean;
}

export interface Applied {
  /** Text lines and QR codes this command put on paper. */
  lines: number;
  /** The receipt this command cut off, if it was a cut. */
  finished: Receipt | null;
}

interface Style {
  align: Align;
  width: number;
  height: number;
  bold: boolean;
  chinese: boolean;
}

/** Text received but not printed yet (the printer's line buffer). */
interface PendingRun {
  bytes: Buffer[];
  chinese: boolean;
  width: number;
  height: number;
  bold: boolean;
}

const NOTHING: Applied = { lines: 0, finished: null };

export class ReceiptBuilder {
  private style: Style;
  private qr = ReceiptBuilder.qrDefaults();
  private line: { align: Align; runs: PendingRun[] } | null = null;
  private receipt: Receipt = { elements: [], cut: null };

  constructor(private readonly options: ReceiptBuilderOptions) {
    this.style = this.powerOnStyle();
  }

  /** The receipt being printed (what is on paper so far, not the unprinted line buffer). */
  get current(): Receipt {
    return { elements: [...this.receipt.elements], cut: null };
  }

  /** Whether the current receipt has anything on it yet. */
  get started(): boolean {
    return this.receipt.elements.length > 0 || this.line !== null;
  }

  apply(command: EscPosCommand): Applied {
    switch (command.type) {
      case 'text':
        this.addText(command.bytes);
        return NOTHING;
      case 'lineFeed':
        return this.line ? { lines: this.printLine(), finished: null } : this.feed(LINE_DOTS);
      case 'feedLines':
        return { lines: this.printLine() + this.feed(command.lines * LINE_DOTS).lines, finished: null };
      case 'feedDots':
        return { lines: this.printLine() + this.feed(command.dots).lines, finished: null };
      case 'init':
        // ESC @ clears the line buffer too: text sent before it is never printed.
        this.line = null;
        this.style = this.powerOnStyle();
        this.qr = ReceiptBuilder.qrDefaults();
        return NOTHING;
      case 'chinese':
        this.style.chinese = command.on;
        return NOTHING;
      case 'align':
        this.style.align = command.align;
        return NOTHING;
      case 'size':
        this.style.width = command.width;
        this.style.height = command.height;
        return NOTHING;
      case 'bold':
        this.style.bold = command.on;
        return NOTHING;
      case 'printMode':
        Object.assign(this.style, { bold: command.bold, width: command.width, height: command.height });
        return NOTHING;
      case 'cut':
        return this.cut(command.mode, command.feedDots);
      case 'qrModel':
        this.qr.model = command.model;
        return NOTHING;
      case 'qrModuleSize':
        this.qr.moduleSize = command.dots;
        return NOTHING;
      case 'qrErrorCorrection':
        this.qr.errorCorrection = command.level;
        return NOTHING;
      case 'qrStore':
        this.qr.data = command.data;
        return NOTHING;
      case 'qrPrint':
        return this.printQr();
      case 'skipped':
        this.receipt.elements.push({ kind: 'skipped', name: command.name });
        return NOTHING;
      case 'unknown':
        this.receipt.elements.push({ kind: 'unknown', hex: command.bytes.toString('hex') });
        return NOTHING;
      case 'statusQuery':
      case 'ignored':
        return NOTHING;
    }
  }

  private powerOnStyle(): Style {
    return { align: 'left', width: 1, height: 1, bold: false, chinese: this.options.chineseAtPowerOn ?? false };
  }

  private static qrDefaults() {
    return { model: 2 as 1 | 2, moduleSize: 3, errorCorrection: 'L' as QrErrorCorrection, data: null as Buffer | null };
  }

  private addText(bytes: Buffer): void {
    const { align, width, height, bold, chinese } = this.style;
    // Alignment is taken at the start of a line; ESC a in mid-line counts from the next line.
    this.line ??= { align, runs: [] };
    const last = this.line.runs.at(-1);
    if (last && sameStyle(last, this.style)) {
      last.bytes.push(bytes);
    } else {
      this.line.runs.push({ bytes: [bytes], chinese, width, height, bold });
    }
  }

  /** Prints the line buffer, wrapped to the paper width; returns how many lines that took. */
  private printLine(): number {
    if (!this.line) return 0;
    const lines = wrapLine(this.line.align, this.line.runs, this.options.paperDots);
    this.line = null;
    this.receipt.elements.push(...lines);
    return lines.length;
  }

  private feed(dots: number): Applied {
    if (dots <= 0) return NOTHING;
    const last = this.receipt.elements.at(-1);
    if (last?.kind === 'feed') last.dots += dots;
    else this.receipt.elements.push({ kind: 'feed', dots });
    return NOTHING;
  }

  private printQr(): Applied {
    const lines = this.printLine();
    if (!this.qr.data) return { lines, finished: null };
    const { model, moduleSize, errorCorrection, data } = this.qr;
    this.receipt.elements.push({
      kind: 'qr',
      align: this.style.align,
      payload: data.toString('utf8'),
      model,
      moduleSize,
      errorCorrection,
    });
    return { lines: lines + 1, finished: null };
  }

  private cut(mode: 'full' | 'partial', feedDots: number): Applied {
    // Strictly, GS V only works at the start of a line; printers in the field print the pending text first.
    const lines = this.printLine();
    this.feed(feedDots);
    const finished: Receipt = { elements: this.receipt.elements, cut: mode };
    this.receipt = { elements: [], cut: null };
    return { lines, finished };
  }
}

function decodeRun(run: PendingRun): string {
  const bytes = Buffer.concat(run.bytes);
  // Without Chinese mode the printer shows its one-byte code page (PC437 by default): garbled, as on paper.
  return iconv.decode(bytes, run.chinese ? 'gb18030' : 'cp437');
}

/** Splits one buffered line into printed lines no wider than the paper. */
function wrapLine(align: Align, runs: PendingRun[], paperDots: number): TextLine[] {
  const lines: TextLine[] = [];
  let current: TextLine = { kind: 'text', align, text: '', runs: [], wrapped: false };
  let x = 0;
  for (const run of runs) {
    for (const char of decodeRun(run)) {
      const cell = cellWidth(char, run);
      if (x > 0 && x + cell > paperDots) {
        lines.push(current);
        current = { kind: 'text', align, text: '', runs: [], wrapped: true };
        x = 0;
      }
      const last = current.runs.at(-1);
      if (last && sameStyle(last, run)) last.text += char;
      else
        current.runs.push({ text: char, width: run.width, height: run.height, bold: run.bold, chinese: run.chinese });
      current.text += char;
      x += cell;
    }
  }
  lines.push(current);
  return lines;
}

type RunStyle = Pick<TextRun, 'width' | 'height' | 'bold' | 'chinese'>;

function sameStyle(a: RunStyle, b: RunStyle): boolean {
  return a.width === b.width && a.height === b.height && a.bold === b.bold && a.chinese === b.chinese;
}

/** One character's cell in dots: wide for a Chinese-mode character beyond ASCII, narrow otherwise. */
export function cellWidth(char: string, run: Pick<TextRun, 'width' | 'chinese'>): number {
  return (run.chinese && char.codePointAt(0)! > 0x7f ? CELL.wide : CELL.narrow) * run.width;
}

/** Width in dots of a printed line (the same cell widths the printer wraps by). */
export function lineWidthDots(line: TextLine): number {
  let dots = 0;
  for (const run of line.runs) for (const char of run.text) dots += cellWidth(char, run);
  return dots;
}
