// The simulator's ESC/POS parser and receipt builder: commands split anywhere across chunks, GB18030 text,
// styles, QR codes, cuts, commands it skips or does not know, and 20,000 random streams that must not break it.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../helpers/seeded-random.ts';
import { ESCPOS, GS, LF, QR, PAPER } from '../../drivers/printer/escpos-commands.ts';
import { EscPosParser, MAX_HELD_BYTES, type EscPosCommand } from '../../drivers/printer/simulator/escpos-parser.ts';
import {
  LINE_DOTS,
  ReceiptBuilder,
  type Receipt,
  type TextLine,
} from '../../drivers/printer/simulator/printed-receipt.ts';
import { receiptSvg } from '../../drivers/printer/simulator/render-png.ts';
import {
  escpos,
  gb18030,
  qrBytes,
  SAMPLE_QR_PAYLOAD,
  sampleReceipt,
} from '../../drivers/printer/simulator/sample-receipt.ts';

/** Splits bytes into chunks of the given sizes, repeating the pattern. */
function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

interface Printed {
  receipts: Receipt[];
  current: Receipt;
  commands: EscPosCommand[];
}

function print(chunks: Buffer[] | Buffer, paper: keyof typeof PAPER = '58mm'): Printed {
  const parser = new EscPosParser();
  const builder = new ReceiptBuilder({ paperDots: PAPER[paper].dots });
  const receipts: Receipt[] = [];
  const commands: EscPosCommand[] = [];
  for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) {
    for (const command of parser.push(chunk)) {
      commands.push(command);
      const { finished } = builder.apply(command);
      if (finished) receipts.push(finished);
    }
  }
  return { receipts, current: builder.current, commands };
}

function texts(receipt: Receipt): string[] {
  return receipt.elements.filter((e): e is TextLine => e.kind === 'text').map((e) => e.text);
}

describe('ESC/POS parser', () => {
  it('decodes a whole receipt the same however the bytes are split', () => {
    const bytes = sampleReceipt();
    const whole = print(bytes);
    expect(whole.receipts).toHaveLength(1);
    expect(texts(whole.receipts[0]!)).toEqual([
      '粤自助回执',
      '事项：法律援助申请',
      '办件编号：44082520260518001',
      '申请人：王五',
      '2026-05-18 10:24',
      '扫码查询办理进度 <A&B>',
    ]);
    expect(whole.receipts[0]!.elements).toContainEqual(expect.objectContaining({ payload: SAMPLE_QR_PAYLOAD }));
    for (const sizes of [[1], [2], [3, 1, 7], [64]]) {
      expect(print(chunked(bytes, sizes)).receipts).toEqual(whole.receipts);
    }
    const next = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const sizes = Array.from({ length: 5 }, () => 1 + Math.floor(next() * 20));
      expect(print(chunked(bytes, sizes)).receipts).toEqual(whole.receipts);
    }
  });

  it('reads GB18030 in Chinese mode, four-byte characters included, and one-byte code page otherwise', () => {
    const rare = '𠮷'; // outside the BMP: four bytes in GB18030
    expect(gb18030(rare)).toHaveLength(4);
    const { current } = print(
      escpos(
        ESCPOS.chineseOn,
        gb18030(`徐闻县${rare}村 No.5`),
        [LF],
        ESCPOS.chineseOff,
        gb18030('王五'),
        Buffer.from(' ok'),
        [LF],
      ),
    );
    const [chinese, garbled] = current.elements as TextLine[];
    expect(chinese!.text).toBe(`徐闻县${rare}村 No.5`);
    expect(chinese!.runs[0]!.chinese).toBe(true);
    // Chinese sent to a printer not in Chinese mode comes out as code page characters, as on paper.
    expect(garbled!.text).toBe(`${iconv.decode(gb18030('王五'), 'cp437')} ok`);
    expect(garbled!.text).not.toContain('王');
  });

  it('keeps a character split across chunks whole', () => {
    const bytes = escpos(ESCPOS.chineseOn, gb18030('合计：伍拾元'), [LF]);
    expect(texts(print(chunked(bytes, [3])).current)).toEqual(['合计：伍拾元']);
  });

  it('records alignment, size and bold, in runs where they change within a line', () => {
    const { current } = print(
      escpos(
        ESCPOS.chineseOn,
        ESCPOS.align(1),
        ESCPOS.size(2, 3),
        gb18030('大字'),
        [LF],
        ESCPOS.align(2),
        ESCPOS.size(1, 1),
        gb18030('合计：'),
        ESCPOS.bold(true),
        gb18030('50元'),
        ESCPOS.bold(false),
        [LF],
        [0x1b, 0x21, 0x38], // ESC ! : bold, double height and width
        Buffer.from('X'),
        [LF],
      ),
    );
    const [big, total, mode] = current.elements as TextLine[];
    expect(big).toMatchObject({ align: 'center', runs: [{ text: '大字', width: 2, height: 3, bold: false }] });
    expect(total).toMatchObject({
      align: 'right',
      text: '合计：50元',
      runs: [
        { text: '合计：', bold: false },
        { text: '50元', bold: true },
      ],
    });
    expect(mode!.runs[0]).toMatchObject({ width: 2, height: 2, bold: true });
  });

  it('resets styles and drops the unprinted line on ESC @', () => {
    const { current } = print(
      escpos(
        ESCPOS.chineseOn,
        ESCPOS.align(2),
        ESCPOS.size(3, 3),
        ESCPOS.bold(true),
        gb18030('作废'),
        ESCPOS.init,
        Buffer.from('plain'),
        [LF],
      ),
    );
    expect(current.elements).toEqual([
      {
        kind: 'text',
        align: 'left',
        text: 'plain',
        runs: [{ text: 'plain', width: 1, height: 1, bold: false, chinese: false }],
        wrapped: false,
      },
    ]);
  });

  it('wraps text wider than the paper, as the printer does', () => {
    const ascii = 'x'.repeat(PAPER['58mm'].columns + 8);
    const chinese = '村'.repeat(PAPER['58mm'].columns / 2 + 1);
    const { current } = print(escpos(ESCPOS.chineseOn, Buffer.from(ascii), [LF], gb18030(chinese), [LF]));
    expect(current.elements).toMatchObject([
      { text: 'x'.repeat(32), wrapped: false },
      { text: 'x'.repeat(8), wrapped: true },
      { text: '村'.repeat(16), wrapped: false },
      { text: '村', wrapped: true },
    ]);
    expect(texts(print(escpos(Buffer.from(ascii), [LF]), '80mm').current)).toEqual([ascii]);
  });

  it('turns LF on an empty line, ESC d and ESC J into feeds, merged when they follow each other', () => {
    const { current } = print(
      escpos(Buffer.from('a'), ESCPOS.feedLines(2), [LF], [LF], [0x1b, 0x4a, 10], Buffer.from('b'), [LF]),
    );
    expect(current.elements).toMatchObject([
      { kind: 'text', text: 'a' },
      { kind: 'feed', dots: 4 * LINE_DOTS + 10 },
      { kind: 'text', text: 'b' },
    ]);
  });

  it('prints a QR code with its settings where the print command comes', () => {
    const bytes = escpos(ESCPOS.align(1), qrBytes('中文 payload', 8, 'Q'), [LF]);
    const { current } = print(chunked(bytes, [1]));
    expect(current.elements).toEqual([
      { kind: 'qr', align: 'center', payload: '中文 payload', model: 2, moduleSize: 8, errorCorrection: 'Q' },
      { kind: 'feed', dots: LINE_DOTS },
    ]);
    // Defaults (module 3, level L) apply when only store and print come; print with nothing stored prints nothing.
    expect(print(escpos(QR.print, QR.store(Buffer.from('abc')), QR.print)).current.elements).toEqual([
      { kind: 'qr', align: 'left', payload: 'abc', model: 2, moduleSize: 3, errorCorrection: 'L' },
    ]);
  });

  it('takes a long QR payload delivered one byte at a time', () => {
    const payload = 'a'.repeat(3000);
    const { current } = print(chunked(qrBytes(payload), [1]));
    expect(current.elements).toMatchObject([{ kind: 'qr', payload }]);
  });

  it('ends a receipt at each kind of cut and starts the next', () => {
    const { receipts, current } = print(
      escpos(
        Buffer.from('one'),
        ESCPOS.fullCut,
        Buffer.from('two'),
        [LF],
        ESCPOS.partialCut,
        Buffer.from('three'),
        [LF],
        ESCPOS.feedAndCut(40),
        Buffer.from('four'),
        [LF],
        [0x1b, 0x69], // ESC i, the old partial cut
        Buffer.from('five'),
        [LF],
      ),
    );
    expect(receipts.map((r) => [texts(r), r.cut])).toEqual([
      [['one'], 'full'],
      [['two'], 'partial'],
      [['three'], 'partial'],
      [['four'], 'partial'],
    ]);
    expect(receipts[2]!.elements.at(-1)).toEqual({ kind: 'feed', dots: 40 });
    expect(current).toMatchObject({ cut: null, elements: [{ kind: 'text', text: 'five' }] });
  });

  it('reports DLE EOT as a status query, even split across chunks', () => {
    const { commands } = print(chunked(escpos(ESCPOS.status(1), ESCPOS.status(2), ESCPOS.status(4)), [2]));
    expect(commands.map((c) => c.type === 'statusQuery' && c.n)).toEqual([1, 2, 4]);
  });

  it('skips commands of known length, data included, and records the ones it cannot measure', () => {
    const raster = escpos([GS, 0x76, 0x30, 0, 2, 0, 3, 0], Buffer.alloc(6, LF)); // 2 bytes × 3 rows, all LF
    const { current } = print(
      chunked(
        escpos(
          [0x1b, 0x2d, 1], // ESC - 1: underline
          raster,
          [GS, 0x6b, 4],
          Buffer.from('*123*\0'), // GS k 4: CODE39, NUL-terminated
          [GS, 0x28, 0x4c, 2, 0, 0x30, 0x32], // GS ( L: graphics function, own length
          [0x1b, 0xff], // nothing known
          Buffer.from('after'),
          [LF],
        ),
        [1],
      ),
    );
    expect(current.elements).toEqual([
      { kind: 'skipped', name: 'ESC - underline' },
      { kind: 'skipped', name: 'GS v 0 raster image' },
      { kind: 'skipped', name: 'GS k barcode' },
      { kind: 'skipped', name: 'GS ( 0x4c' },
      { kind: 'unknown', hex: '1bff' },
      expect.objectContaining({ kind: 'text', text: 'after' }),
    ]);
  });

  it('survives 20,000 random and mutated streams without throwing or holding more than one command', () => {
    const next = seededRandom(20260518);
    const byte = () => Math.floor(next() * 256);
    const sample = sampleReceipt();
    // Bytes that start commands, so random streams hit the parser's branches often.
    const prefixes = [0x1b, 0x1d, 0x1c, 0x10, 0x0a];
    const parser = new EscPosParser();
    const builder = new ReceiptBuilder({ paperDots: PAPER['58mm'].dots });
    let commands = 0;
    let maxPending = 0;
    for (let i = 0; i < 20_000; i++) {
      let input: Buffer;
      if (i % 3 === 0) {
        input = Buffer.from(sample);
        for (let m = 1 + Math.floor(next() * 4); m > 0; m--) input[Math.floor(next() * input.length)] = byte();
      } else {
        input = Buffer.from(
          Array.from({ length: Math.floor(next() * 48) }, () =>
            next() < 0.3 ? prefixes[Math.floor(next() * prefixes.length)]! : byte(),
          ),
        );
      }
      let offset = 0;
      while (offset < input.length) {
        const size = 1 + Math.floor(next() * 16);
        for (const command of parser.push(input.subarray(offset, offset + size))) {
          commands++;
          builder.apply(command);
        }
        offset += size;
        maxPending = Math.max(maxPending, parser.pending);
      }
      if (i % 500 === 0) {
        expect(() => receiptSvg(builder.current)).not.toThrow();
        // A connection dropped mid-command leaves nothing behind: the next stream parses from a clean start.
        parser.reset();
        expect(parser.push(Buffer.from(ESCPOS.init))).toMatchObject([{ type: 'init' }]);
      }
    }
    expect(commands).toBeGreaterThan(20_000);
    expect(maxPending).toBeLessThanOrEqual(MAX_HELD_BYTES);
  });
});
