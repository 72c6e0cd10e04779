// A simulated receipt drawn as a PNG: paper width, Chinese text, and a QR code that a QR reader decodes back
// to the payload. The images are saved under test-artifacts/ for a person to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jsQRModule from 'jsqr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ESCPOS, LF, PAPER } from '../../drivers/printer/escpos-commands.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { escapeXml, receiptSvg, renderReceiptPng } from '../../drivers/printer/simulator/render-png.ts';
import {
  escpos,
  gb18030,
  qrBytes,
  SAMPLE_QR_PAYLOAD,
  sampleReceipt,
} from '../../drivers/printer/simulator/sample-receipt.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';

// jsqr is CommonJS with a `default` export; under NodeNext TypeScript sees the function one level down.
const jsQR = jsQRModule.default;

function printed(bytes: Buffer, paper: keyof typeof PAPER = '58mm') {
  const printer = new SimulatedPrinter({ paper });
  printer.receive(bytes);
  return printer.receipts[0]!;
}

async function decodeQr(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

/** Share of dark pixels in a band of rows: text drawn there leaves some. */
async function inkIn(png: Buffer, top: number, height: number): Promise<number> {
  const { data, info } = await sharp(png)
    .extract({ left: 0, top, width: (await sharp(png).metadata()).width!, height })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (const value of data) if (value < 128) dark++;
  return dark / (info.width * info.height);
}

function save(name: string, png: Buffer): void {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, name), png);
}

describe('receipt rendering', () => {
  it('draws a 58 mm receipt with Chinese text and a QR code that decodes back', async () => {
    const png = await renderReceiptPng(printed(sampleReceipt()), { paper: '58mm' });
    save('printer-sim-receipt-58mm.png', png);
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: PAPER['58mm'].dots });
    expect(meta.height).toBeGreaterThan(500);
    expect(await decodeQr(png)).toBe(SAMPLE_QR_PAYLOAD);
    // The double-size title at the top is drawn (glyphs, not empty paper).
    expect(await inkIn(png, 12, 48)).toBeGreaterThan(0.05);
  });

  it('draws an 80 mm receipt, right-aligned text and a high-level QR code with Chinese in it', async () => {
    const payload = '徐闻县示范村 法律援助 No.2026-0518';
    const receipt = printed(
      escpos(
        ESCPOS.init,
        ESCPOS.chineseOn,
        ESCPOS.align(2),
        ESCPOS.size(1, 2),
        gb18030('右对齐 tall'),
        [LF],
        ESCPOS.align(1),
        qrBytes(payload, 5, 'H'),
        ESCPOS.feedLines(2),
        ESCPOS.partialCut,
      ),
      '80mm',
    );
    const png = await renderReceiptPng(receipt, { paper: '80mm' });
    save('printer-sim-receipt-80mm.png', png);
    expect((await sharp(png).metadata()).width).toBe(PAPER['80mm'].dots);
    expect(await decodeQr(png)).toBe(payload);
  });

  it('escapes text for XML, so markup in a receipt is drawn, not read', async () => {
    expect(escapeXml(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const receipt = printed(escpos(Buffer.from('<svg>&</svg>'), [LF], ESCPOS.fullCut));
    const svg = receiptSvg(receipt);
    expect(svg).toContain('>&lt;<');
    expect(svg).toContain('>&amp;<');
    expect((await sharp(await renderReceiptPng(receipt)).metadata()).format).toBe('png');
  });

  it('draws a dashed line only where the paper was cut', () => {
    expect(receiptSvg(printed(escpos(Buffer.from('a'), [LF], ESCPOS.fullCut)))).toContain('stroke-dasharray');
    expect(receiptSvg({ elements: [], cut: null })).not.toContain('stroke-dasharray');
  });
});
