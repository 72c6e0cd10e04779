import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  encodeGb18030,
  gb18030Length,
  REPLACEMENT,
  toPrintable,
  wrapText,
} from '../../drivers/printer/text-width.ts';

const LONG_CHINESE =
  '申请人应当如实提供经济困难状况说明，工作人员将在三个工作日内完成审查，并通过短信告知审查结果与后续办理事项。';

/** Every line fits and nothing but the spaces at the breaks is lost. */
function expectLossless(lines: string[], original: string, columns: number) {
  for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
  expect(lines.join('').replaceAll(' ', '')).toBe(original.replaceAll(' ', '').replaceAll('\n', ''));
}

describe('printer text width', () => {
  it('counts Chinese as two columns and ASCII as one', () => {
    expect(displayWidth('法律援助ABC')).toBe(11);
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('受理编号：FB-0042')).toBe(17);
  });

  it('counts what a Chinese font prints full width as two, whatever Unicode says', () => {
    // Ambiguous or narrow in Unicode, two-byte GB codes on the printer.
    expect(displayWidth('·—“”①é')).toBe(12);
    expect(displayWidth('￥')).toBe(2);
    // Narrow and a four-byte GB code: one column (and replaced unless the font has it).
    expect(displayWidth('¥')).toBe(1);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('㐀')).toBe(2); // CJK Extension A
    expect(displayWidth('e\u0301')).toBe(1); // combining mark takes no column
    expect(displayWidth('a\u200Bb')).toBe(2);
  });
});

describe('printer text wrapping', () => {
  it('wraps a long Chinese line at 58 mm (32 columns) between characters', () => {
    const lines = wrapText(LONG_CHINESE, 32);
    expectLossless(lines, LONG_CHINESE, 32);
    expect(lines[0]).toBe('申请人应当如实提供经济困难状况说');
    expect(lines.length).toBe(4);
  });

  it('wraps the same line at 80 mm (48 columns)', () => {
    const lines = wrapText(LONG_CHINESE, 48);
    expectLossless(lines, LONG_CHINESE, 48);
    expect(lines.length).toBe(3);
    expect(displayWidth(lines[0]!)).toBe(48);
  });

  it('halves the columns at double width', () => {
    const lines = wrapText(LONG_CHINESE, 32, 2);
    expectLossless(lines, LONG_CHINESE, 16);
    expect(lines[0]).toBe('申请人应当如实提');
    expect(wrapText('FB20250612-0042', 32, 2)).toEqual(['FB20250612-0042']);
    expect(wrapText('FB20250612-004211', 32, 2)).toEqual(['FB20250612-00421', '1']);
  });

  it('breaks Latin text at spaces and drops only the space it breaks at', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('  indented', 20)).toEqual(['  indented']);
  });

  it('hard-breaks a word longer than a line rather than cutting it', () => {
    const url = 'https://fabaobao.example.gov.cn/progress?no=FB20250612000042';
    const lines = wrapText(`see ${url}`, 32);
    expect(lines).toEqual(['see', 'https://fabaobao.example.gov.cn/', 'progress?no=FB20250612000042']);
  });

  it('breaks between Chinese and Latin without a space', () => {
    expect(wrapText('法律援助ABC', 9)).toEqual(['法律援助', 'ABC']);
  });

  it('keeps closing punctuation off the start of a line, and opening brackets off its end', () => {
    expect(wrapText('一二三四，五六', 8)).toEqual(['一二三', '四，五六']);
    expect(wrapText('一二三（四）', 8)).toEqual(['一二三', '（四）']);
  });

  it('keeps explicit line breaks and empty lines', () => {
    expect(wrapText('第一行\n\n第三行', 32)).toEqual(['第一行', '', '第三行']);
    expect(wrapText('', 32)).toEqual(['']);
  });
});

describe('GB18030 encoding', () => {
  it('is what iconv-lite does: every scalar value encodes, lone surrogates become "?"', () => {
    expect(iconv.encode('😀', 'gb18030')).toEqual(Buffer.from('9439fc36', 'hex'));
    expect(iconv.encode('\uD800', 'gb18030')).toEqual(Buffer.from('?'));
    expect(gb18030Length(0x1f600)).toBe(4);
    expect(gb18030Length(0xd800)).toBe(0);
    expect(gb18030Length(0xffe5)).toBe(2); // ￥
    expect(gb18030Length(0xa5)).toBe(4); // ¥: why the kiosk prints ￥
  });

  it('round-trips Chinese, ASCII, symbols and rare characters', () => {
    const text = '法律援助 Legal Aid ￥12.50 ·—“”①é 䶮 㐀 龥';
    const { text: printable, substitutions } = toPrintable(text);
    expect(substitutions).toEqual([]);
    expect(printable).toBe(text);
    expect(iconv.decode(encodeGb18030(printable), 'gb18030')).toBe(text);
  });

  it('replaces what cannot be printed with □ and reports it, never throwing', () => {
    const { text, substitutions } = toPrintable('王😀明\uD800\u001b¥');
    expect(text).toBe(`王${REPLACEMENT}明${REPLACEMENT.repeat(3)}`);
    expect(substitutions).toEqual([
      { codePoint: 0x1f600, reason: 'fourByte', count: 1 },
      { codePoint: 0xd800, reason: 'unencodable', count: 1 },
      { codePoint: 0x1b, reason: 'control', count: 1 },
      { codePoint: 0xa5, reason: 'fourByte', count: 1 },
    ]);
    expect(iconv.decode(encodeGb18030(text), 'gb18030')).toBe(text);
  });

  it('counts repeats, removes invisible characters, and handles tabs, CRLF and NFC', () => {
    expect(toPrintable('😀😀')).toEqual({
      text: '□□',
      substitutions: [{ codePoint: 0x1f600, reason: 'fourByte', count: 2 }],
    });
    expect(toPrintable('a\u200Bb').text).toBe('ab');
    expect(toPrintable('a\tb\r\nc\rd').text).toBe('a b\nc\nd');
    expect(toPrintable('e\u0301').text).toBe('é');
    expect(toPrintable('\uE000').substitutions[0]!.reason).toBe('privateUse');
  });

  it('sends four-byte codes as the printer font allows', () => {
    expect(toPrintable('㐀').text).toBe('㐀'); // default 'cjk': Extension A is in GB18030-certified fonts
    expect(toPrintable('㐀', 'none').text).toBe(REPLACEMENT);
    expect(toPrintable('😀', 'all').text).toBe('😀');
    expect(toPrintable('\uD800', 'all').text).toBe(REPLACEMENT);
  });
});
