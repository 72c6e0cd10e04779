import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  acceptanceReceipt,
  formatShanghaiTime,
  testPageReceipt,
  type AcceptanceReceiptInput,
} from '../../drivers/printer/acceptance-receipt.ts';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import { layoutKeyValue, paperMaxQrVersion, PAPER, ruleLine, type PaperWidth } from '../../drivers/printer/receipt.ts';
import { displayWidth } from '../../drivers/printer/text-width.ts';

interface PrintedLine {
  text: string;
  width: number;
}

/** Reads back the printed lines and the QR payloads from our own output (the commands the encoder uses). */
function readBack(bytes: Buffer) {
  const lines: PrintedLine[] = [];
  const qrPayloads: string[] = [];
  let text: number[] = [];
  let width = 1;
  let cuts = 0;
  for (let i = 0; i < bytes.length;) {
    const [b0, b1, b2] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    if (b0 === 0x0a) {
      lines.push({ text: iconv.decode(Buffer.from(text), 'gb18030'), width });
      text = [];
      i += 1;
    } else if (b0 === 0x1b && b1 === 0x40) i += 2;
    else if (b0 === 0x1c && b1 === 0x26) i += 2;
    else if (b0 === 0x1b && (b1 === 0x61 || b1 === 0x45 || b1 === 0x64)) i += 3;
    else if (b0 === 0x1d && b1 === 0x21) {
      width = (b2! >> 4) + 1;
      i += 3;
    } else if (b0 === 0x1d && b1 === 0x56) {
      cuts++;
      i += 3;
    } else if (b0 === 0x1d && b1 === 0x28 && b2 === 0x6b) {
      const length = bytes[i + 3]! + 256 * bytes[i + 4]!;
      if (bytes[i + 6] === 0x50) qrPayloads.push(bytes.subarray(i + 8, i + 5 + length).toString('utf8'));
      i += 5 + length;
    } else {
      expect(b0, `unexpected control byte at ${i}`).toBeGreaterThanOrEqual(0x20);
      text.push(b0);
      i += 1;
    }
  }
  expect(text, 'text after the last LF').toEqual([]);
  return { lines, qrPayloads, cuts };
}

function expectLinesFit(lines: PrintedLine[], paper: PaperWidth) {
  for (const line of lines) {
    expect(displayWidth(line.text) * line.width, JSON.stringify(line.text)).toBeLessThanOrEqual(PAPER[paper].columns);
  }
}

const INPUT: AcceptanceReceiptInput = {
  paper: '58mm',
  serviceName: '法律援助申请',
  acceptanceNumber: 'FB20250612-0042',
  acceptedAt: new Date('2025-06-12T02:32:00Z'),
  kiosk: { id: 'GD-440825-0031', site: '徐闻县下洋镇某某村党群服务中心' },
  nextSteps:
    '工作人员将在3个工作日内审查您的申请材料，审查结果会以短信通知。如需补充材料，请携带身份证原件到镇公共法律服务工作站办理。',
  qrPayload: 'https://fabaobao.example.gov.cn/p?no=FB20250612-0042',
};

describe('receipt layout', () => {
  it('pushes a short value to the right edge', () => {
    expect(layoutKeyValue('费用', '￥0.00', 32)).toEqual(['费用                      ￥0.00']);
    expect(displayWidth(layoutKeyValue('费用', '￥0.00', 48)[0]!)).toBe(48);
  });

  it('wraps a long value under itself at 58 mm and 80 mm', () => {
    const value = '湛江市徐闻县某某镇某某村党群服务中心一楼便民服务窗口';
    for (const columns of [32, 48]) {
      const lines = layoutKeyValue('办理地点', value, columns);
      expect(lines.length).toBeGreaterThan(1);
      expect(lines[0]!.startsWith('办理地点 ')).toBe(true);
      for (const line of lines.slice(1)) expect(line.startsWith(' '.repeat(9))).toBe(true);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      expect(lines.map((line, i) => (i === 0 ? line.slice(5) : line.trimStart())).join('')).toBe(value);
    }
  });

  it('gives a very long label its own line', () => {
    expect(layoutKeyValue('一个非常非常非常长的标签名称', '是', 32)).toEqual([
      '一个非常非常非常长的标签名称',
      '                              是',
    ]);
  });

  it('draws rules across the line, wide characters half as often', () => {
    expect(ruleLine(32)).toBe('-'.repeat(32));
    expect(ruleLine(48, '═')).toBe('═'.repeat(24));
  });

  it('limits QR versions to what the paper holds', () => {
    expect(paperMaxQrVersion('58mm', 5)).toBe(12);
    expect(paperMaxQrVersion('80mm', 6)).toBe(17);
    expect(paperMaxQrVersion('58mm', 16)).toBe(0);
  });
});

describe('acceptance receipt', () => {
  it('shows the time in Asia/Shanghai', () => {
    expect(formatShanghaiTime(new Date('2025-06-12T02:32:00Z'))).toBe('2025-06-12 10:32');
    expect(formatShanghaiTime(new Date('2025-12-31T16:05:00Z'))).toBe('2026-01-01 00:05');
  });

  for (const paper of ['58mm', '80mm'] as const) {
    it(`prints every part within the line on ${paper} paper`, () => {
      const { bytes, warnings } = renderReceipt(acceptanceReceipt({ ...INPUT, paper }));
      expect(warnings).toEqual([]);
      const { lines, qrPayloads, cuts } = readBack(bytes);
      expectLinesFit(lines, paper);
      const texts = lines.map((line) => line.text);
      expect(texts[0]).toBe('受理回执');
      expect(lines.find((line) => line.text === 'FB20250612-0042')?.width).toBe(2);
      expect(texts.some((line) => line.startsWith('受理时间') && line.endsWith('2025-06-12 10:32'))).toBe(true);
      expect(texts).toContain('请妥善保管本回执');
      // The next steps come out whole, however they wrap.
      const start = texts.indexOf('后续办理') + 1;
      expect(texts.slice(start, start + 4).join('')).toContain(INPUT.nextSteps.slice(-20));
      expect(qrPayloads).toEqual([INPUT.qrPayload]);
      expect(cuts).toBe(1);
      expect(bytes.subarray(-3)).toEqual(Buffer.from([0x1d, 0x56, 0x00]));
    });

    it(`test page exercises every feature on ${paper} paper without warnings`, () => {
      const doc = testPageReceipt(paper);
      expect(new Set(doc.blocks.map((block) => block.type))).toEqual(
        new Set(['text', 'rule', 'keyValue', 'qr', 'cut']),
      );
      const sizes = doc.blocks.flatMap((block) => (block.type === 'text' ? [block.size?.width ?? 1] : []));
      expect(new Set(sizes)).toEqual(new Set([1, 2, 3, 4]));
      const { bytes, warnings } = renderReceipt(doc);
      expect(warnings).toEqual([]);
      const { lines, qrPayloads } = readBack(bytes);
      expectLinesFit(lines, paper);
      expect(lines.map((line) => line.text)).toContain('1234567890'.repeat(5).slice(0, PAPER[paper].columns));
      expect(qrPayloads).toHaveLength(1);
    });
  }
});
