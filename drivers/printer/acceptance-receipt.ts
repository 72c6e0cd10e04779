// The kiosk's standard receipt (受理回执) and the technician's test page, as documents. Pure functions: the same
// input always gives the same document, so the bytes can be tested and benchmarked without a printer.
// The receipt carries no name, ID number or phone: a forgotten receipt in the tray must not expose the villager.
import { chinaClock } from '../china-time.ts';
import {
  columnsFor,
  cut,
  feed,
  keyValue,
  PAPER,
  qr,
  rule,
  text,
  type Magnification,
  type PaperWidth,
  type ReceiptDocument,
} from './receipt.ts';

export interface AcceptanceReceiptInput {
  paper: PaperWidth;
  /** Default 受理回执. */
  title?: string;
  /** 事项名称, e.g. 法律援助申请. */
  serviceName: string;
  /** 受理编号, printed large: the villager quotes it on the phone. */
  acceptanceNumber: string;
  /** When the application was accepted; shown in Asia/Shanghai. */
  acceptedAt: Date;
  kiosk: { id: string; site: string };
  /** 后续办理: what happens next; any length, it wraps. '\n' starts a new paragraph. */
  nextSteps: string;
  /** What the QR code holds, e.g. a progress-lookup URL. */
  qrPayload: string;
  /** Line under the QR code; default 微信扫码查询办理进度. */
  qrCaption?: string;
}

/** YYYY-MM-DD HH:mm in Asia/Shanghai (UTC+8; China has had no daylight saving time since 1991). */
export function formatShanghaiTime(date: Date): string {
  const shifted = chinaClock(date).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

export function acceptanceReceipt(input: AcceptanceReceiptInput): ReceiptDocument {
  return {
    paper: input.paper,
    blocks: [
      text(input.title ?? '受理回执', { align: 'centre', size: { width: 2, height: 2 }, bold: true }),
      feed(1),
      keyValue('办理事项', input.serviceName),
      rule(),
      text('受理编号', { align: 'centre' }),
      // Double width only when the whole number still fits one line: a number split over two lines is misread.
      text(input.acceptanceNumber, {
        align: 'centre',
        size: { width: input.acceptanceNumber.length <= columnsFor(input.paper, 2) ? 2 : 1, height: 2 },
        bold: true,
      }),
      rule(),
      keyValue('受理时间', formatShanghaiTime(input.acceptedAt)),
      keyValue('终端编号', input.kiosk.id),
      keyValue('办理地点', input.kiosk.site),
      rule(),
      text('后续办理', { bold: true }),
      text(input.nextSteps),
      feed(1),
      qr(input.qrPayload),
      text(input.qrCaption ?? '微信扫码查询办理进度', { align: 'centre' }),
      rule(),
      text('请妥善保管本回执', { align: 'centre', bold: true }),
      cut('full'),
    ],
  };
}

const SIZES: Magnification[] = [1, 2, 3, 4];

/** Every feature once, for the technician's "print test page": if this looks right, receipts will too. */
export function testPageReceipt(paper: PaperWidth): ReceiptDocument {
  const columns = PAPER[paper].columns;
  // A ruler of the line's columns: the last digit must sit at the right edge, with no wrap.
  const ruler = Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join('');
  return {
    paper,
    blocks: [
      text('打印测试页', { align: 'centre', size: { width: 2, height: 2 }, bold: true }),
      text(`${paper} · ${columns} 列 columns`, { align: 'centre' }),
      rule('='),
      text(ruler),
      // Exactly one line of Chinese characters (two columns each): no wrap, no gap at the right.
      text('中文每字两列：'.padEnd(columns / 2, '中')),
      rule(),
      text('左对齐 left', { align: 'left' }),
      text('居中 centre', { align: 'centre' }),
      text('右对齐 right', { align: 'right' }),
      text('粗体 Bold', { bold: true }),
      // '4倍字号' is 7 columns: it still fits a 4×-wide line on 58 mm paper (8 columns).
      ...SIZES.map((n) => text(`${n}倍字号`, { size: { width: n, height: n } })),
      text('倍高 double height', { size: { width: 1, height: 2 } }),
      text('倍宽 double width', { size: { width: 2, height: 1 } }),
      rule('═'),
      keyValue('办理事项', '法律援助申请'),
      keyValue('费用', '￥0.00'),
      keyValue('办理地点', '湛江市徐闻县某某镇某某村党群服务中心一楼便民服务窗口（自助终端旁）'),
      rule(),
      text(
        '长行自动换行：村民可凭本回执到镇公共法律服务工作站查询办理进度，' +
          'English words wrap at spaces, and an over-long address such as ' +
          'https://fabaobao.example.gov.cn/progress?no=FB20250612000042 is broken by force.',
      ),
      // Symbols Unicode calls narrow or ambiguous but the Chinese font prints two columns wide.
      text('常用符号：·—“”①（）【】℃№ é ü ￥'),
      rule(),
      qr('https://fabaobao.example.gov.cn/progress?no=TEST', { errorCorrection: 'M' }),
      text('扫码应打开测试地址', { align: 'centre' }),
      cut('full'),
    ],
  };
}
