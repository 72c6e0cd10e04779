import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PrinterError } from '../../drivers/printer/errors.ts';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import { cut, feed, keyValue, qr, rule, text, type ReceiptBlock } from '../../drivers/printer/receipt.ts';

const hex = (spaced: string) => Buffer.from(spaced.replace(/\s+/g, ''), 'hex');
const HEADER = '1B40 1C26'; // ESC @, FS &
const render58 = (...blocks: ReceiptBlock[]) => renderReceipt({ paper: '58mm', blocks });

function renderError(block: ReceiptBlock, paper: '58mm' | '80mm' = '58mm'): PrinterError {
  try {
    renderReceipt({ paper, blocks: [block] });
  } catch (error) {
    if (error instanceof PrinterError) return error;
    throw error;
  }
  throw new Error('expected a PrinterError');
}

describe('ESC/POS receipt encoder', () => {
  it('encodes a centred bold Chinese line and a partial cut exactly', () => {
    const { bytes, warnings } = render58(text('法律援助ABC', { align: 'centre', bold: true }), cut('partial', 0));
    expect(bytes).toEqual(hex(`${HEADER} 1B6101 1B4501 B7A8C2C9D4AED6FA 414243 0A 1D5601`));
    expect(warnings).toEqual([]);
  });

  it('sends style commands only when they change, and resets size for rules', () => {
    const { bytes } = render58(
      text('A', { size: { width: 2, height: 3 } }),
      text('B', { size: { width: 2, height: 3 } }),
      rule(),
      feed(3),
      cut(),
    );
    expect(bytes).toEqual(hex(`${HEADER} 1D2112 41 0A 42 0A 1D2100 ${'2D'.repeat(32)} 0A 1B6403 1B6404 1D5600`));
  });

  it('encodes a QR code with GS ( k: model 2, module size, error correction, store, print', () => {
    const { bytes } = render58(qr('HELLO', { errorCorrection: 'Q', moduleSize: 4 }));
    expect(bytes).toEqual(
      hex(
        `${HEADER} 1B6101 1D286B040031413200 1D286B0300314304 1D286B0300314532` +
          ` 1D286B0800315030 48454C4C4F 1D286B0300315130`,
      ),
    );
  });

  it('stores a QR payload as UTF-8 with its byte length', () => {
    const { bytes } = render58(qr('回执', { moduleSize: 4 }));
    const store = hex('1D286B0900315030 E59B9EE689A7');
    expect(bytes.includes(store)).toBe(true);
  });

  it('lays out key/value rows to the full width and wraps a long value under itself', () => {
    const { bytes } = render58(
      keyValue('受理时间', '2025-06-12 10:32'),
      keyValue('办理地点', '徐闻县下洋镇某某村党群服务中心一楼'),
    );
    const lines = iconv.decode(bytes.subarray(4), 'gb18030').split('\n');
    expect(lines).toEqual([
      '受理时间        2025-06-12 10:32',
      '办理地点 徐闻县下洋镇某某村党群',
      '         服务中心一楼',
      '',
    ]);
  });

  it('wraps double-width text to half the columns', () => {
    const { bytes } = render58(text('一二三四五六七八九十', { size: { width: 2, height: 2 } }));
    expect(iconv.decode(bytes.subarray(7), 'gb18030')).toBe('一二三四五六七八\n九十\n');
  });

  it('prints unencodable characters as □ with a warning instead of throwing, and never passes ESC through', () => {
    const { bytes, warnings } = render58(text('王😀明\u001b@\uD800'), keyValue('备注', '😀'));
    const body = bytes.subarray(4);
    expect(iconv.decode(body, 'gb18030')).toBe('王□明□@□\n备注                          □\n');
    expect(body.includes(0x1b)).toBe(false);
    expect(warnings).toEqual([
      "block 0 (text): U+1F600 is a GB18030 four-byte character the printer's font lacks; printed as □",
      'block 0 (text): U+001B is a control character; printed as □',
      'block 0 (text): U+D800 cannot be encoded in GB18030; printed as □',
      "block 1 (keyValue): U+1F600 is a GB18030 four-byte character the printer's font lacks; printed as □",
    ]);
  });

  it('follows the printer font option for four-byte characters', () => {
    const { bytes, warnings } = renderReceipt({ paper: '58mm', blocks: [text('😀')] }, { fourByteGlyphs: 'all' });
    expect(bytes).toEqual(hex(`${HEADER} 9439FC36 0A`));
    expect(warnings).toEqual([]);
  });

  it('throws PRINTER_QR_TOO_LARGE when the payload exceeds the allowed version', () => {
    // Version 2 at M holds 26 bytes.
    expect(() => render58(qr('x'.repeat(26), { maxVersion: 2 }))).not.toThrow();
    const error = renderError(qr('x'.repeat(27), { maxVersion: 2 }));
    expect(error.code).toBe('PRINTER_QR_TOO_LARGE');
    expect(error.message).toContain('27 bytes');
    expect(error.message).toContain('the limit is 26 bytes (QR version 2 at error correction M, set by maxVersion)');
  });

  it('throws PRINTER_QR_TOO_LARGE beyond what the paper or any QR version holds', () => {
    // 58 mm at 5 dots a module fits version 12 (12-M holds 287 bytes).
    const paper = renderError(qr('x'.repeat(300)));
    expect(paper.code).toBe('PRINTER_QR_TOO_LARGE');
    expect(paper.message).toContain('300 bytes');
    expect(paper.message).toContain(
      'the limit is 287 bytes (QR version 12 at error correction M, the most 58mm paper holds with 5-dot modules',
    );
    expect(renderError(qr('x'.repeat(3000), { moduleSize: 1 }), '80mm').code).toBe('PRINTER_QR_TOO_LARGE');
    expect(renderError(qr('x', { moduleSize: 16 })).message).toContain('no room');
  });

  it('rejects documents outside the model with PRINTER_INVALID_DOCUMENT', () => {
    const bad: ReceiptBlock[] = [
      text('x', { size: { width: 5 as 4 } }),
      feed(256),
      qr(''),
      qr('x', { moduleSize: 0 }),
      rule('--'),
      { type: 'nonsense' } as unknown as ReceiptBlock,
    ];
    for (const block of bad) expect(renderError(block).code).toBe('PRINTER_INVALID_DOCUMENT');
  });
});
