// Draws a simulated receipt as a PNG, so a person can see what the kiosk printed: white paper at the printer's
// width in dots, each character in its printer cell (12 or 24 dots × the GS ! multipliers), QR codes module by
// module, feeds as blank paper, and a dashed line where the paper was cut. SVG in, PNG out through sharp.
import QRCode from 'qrcode';
import sharp from 'sharp';
import { PAPER, type PaperWidth } from '../escpos-commands.ts';
import type { Align } from './escpos-parser.ts';
import {
  cellWidth,
  CELL,
  LINE_DOTS,
  lineWidthDots,
  type QrCode,
  type Receipt,
  type TextLine,
} from './printed-receipt.ts';

const FONT_FAMILY = "'Noto Sans CJK SC'";
/** Where the baseline sits in a cell, as a share of its height (Noto Sans CJK's ascent). */
const BASELINE = 0.86;
const MARGIN = 12;
const NARROW_SCALE = 0.85;

export interface RenderOptions {
  paper?: PaperWidth;
}

export async function renderReceiptPng(receipt: Receipt, options: RenderOptions = {}): Promise<Buffer> {
  return sharp(Buffer.from(receiptSvg(receipt, options)))
    .png()
    .toBuffer();
}

export function receiptSvg(receipt: Receipt, options: RenderOptions = {}): string {
  const paperDots = PAPER[options.paper ?? '58mm'].dots;
  const parts: string[] = [];
  let y = MARGIN;
  for (const element of receipt.elements) {
    if (element.kind === 'text') y = drawText(parts, element, paperDots, y);
    else if (element.kind === 'qr') y = drawQr(parts, element, paperDots, y);
    else if (element.kind === 'feed') y += element.dots;
  }
  if (receipt.cut) {
    y += MARGIN;
    parts.push(
      `<line x1="0" y1="${y}" x2="${paperDots}" y2="${y}" stroke="#888" stroke-width="2" stroke-dasharray="8 6"/>`,
    );
  }
  const height = Math.ceil(y + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${paperDots}" height="${height}" viewBox="0 0 ${paperDots} ${height}">`,
    `<rect width="${paperDots}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

function startX(align: Align, width: number, paperDots: number): number {
  if (align === 'center') return Math.floor((paperDots - width) / 2);
  if (align === 'right') return paperDots - width;
  return 0;
}

function drawText(parts: string[], line: TextLine, paperDots: number, top: number): number {
  const tallest = Math.max(1, ...line.runs.map((run) => run.height)) * CELL.height;
  let x = startX(line.align, lineWidthDots(line), paperDots);
  for (const run of line.runs) {
    const fontSize = CELL.height * run.height;
    // Characters of different heights share the bottom of the line, as on a printer.
    const baseline = top + tallest - fontSize * (1 - BASELINE);
    const weight = run.bold ? ' font-weight="bold"' : '';
    for (const char of run.text) {
      const cell = cellWidth(char, run);
      if (char.trim() !== '') {
        // Stretch the glyph sideways for GS ! width multipliers other than the height; the font's Latin letters
        // are a little wider than a 12-dot printer cell, so they are narrowed to fit it.
        const narrow = cell < CELL.wide * run.width ? NARROW_SCALE : 1;
        const transform = `translate(${x + cell / 2} ${baseline}) scale(${(narrow * run.width) / run.height} 1)`;
        parts.push(
          `<text transform="${transform}" font-family="${FONT_FAMILY}" font-size="${fontSize}"${weight} text-anchor="middle">${escapeXml(char)}</text>`,
        );
      }
      x += cell;
    }
  }
  return top + tallest + (LINE_DOTS - CELL.height);
}

function drawQr(parts: string[], qr: QrCode, paperDots: number, top: number): number {
  let modules: QRCode.BitMatrix;
  try {
    modules = QRCode.create([{ data: Buffer.from(qr.payload, 'utf8'), mode: 'byte' }], {
      errorCorrectionLevel: qr.errorCorrection,
    }).modules;
  } catch {
    // A payload too large for any QR version: a real printer prints nothing.
    return top;
  }
  const side = modules.size * qr.moduleSize;
  const left = startX(qr.align, side, paperDots);
  const rects: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    // One rectangle per run of dark modules keeps the SVG small.
    for (let col = 0; col < modules.size;) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      const x = left + start * qr.moduleSize;
      const y = top + row * qr.moduleSize;
      rects.push(`<rect x="${x}" y="${y}" width="${(col - start) * qr.moduleSize}" height="${qr.moduleSize}"/>`);
    }
  }
  parts.push(`<g fill="#000" shape-rendering="crispEdges">${rects.join('')}</g>`);
  return top + side;
}

/** Whether XML 1.0 can carry the character at all (no C0 controls, lone surrogates, U+FFFE/FFFF). */
function xmlAllows(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

export function escapeXml(text: string): string {
  return Array.from(text)
    .filter(xmlAllows)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
