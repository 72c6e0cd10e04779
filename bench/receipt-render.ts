// Rendering the kiosk's acceptance receipt (受理回执) to ESC/POS bytes, ours against node-thermal-printer building
// the same receipt with its own calls (getBuffer() only; nothing is sent anywhere). Prints JSON lines: latency
// and bytes per receipt for each, and the ratio ours/theirs. (Our QR fit check is a lookup of the byte capacity
// of the largest allowed version, found once per version and level.)
//
// The two outputs are not equivalent, and the differences are in node-thermal-printer's disfavour:
// - Encoding: its CHINA character set selects ESC R 15 (an international character set), not FS & Chinese mode,
//   and encodes with iconv-lite 'EUC-CN', which iconv-lite treats as GBK. Outside GBK it silently prints '?'
//   (䶮, 㐀: 1B 52 0F 3F) or hunts other code pages: '¥' becomes ESC t 0 + 9D, a lead byte that garbles the next
//   character on a Chinese-mode printer; '😀' becomes ESC t 0 + '??'. Ours sends GB18030 and replaces what the
//   font lacks with □ plus a warning. This receipt uses only GBK characters, so both print it.
// - Width: it counts UTF-16 code units, not columns. leftRight('办理事项', value) pads as if each Chinese character
//   took one column, so rows with Chinese run past the paper and the printer wraps them; println folds at
//   `width` characters, i.e. up to twice the paper for Chinese, leaving the wrapping to the printer mid-word.
//   Ours wraps by display width (and by size multiplier) and right-aligns values exactly.
// - QR: no check that the payload fits (an oversized one just does not print); pL/pH are computed from the
//   UTF-16 length, wrong for a non-ASCII payload (not the case here).
// - setTextSize(h, w) puts height in the high nibble, the reverse of GS ! (harmless for the 2×2 used here).
// - Cut: it feeds 2 × ESC d 4 and sends ESC @ after GS V 0; ours feeds 4 lines. Hence some byte difference.
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import {
  acceptanceReceipt,
  formatShanghaiTime,
  type AcceptanceReceiptInput,
} from '../drivers/printer/acceptance-receipt.ts';
import { renderReceipt } from '../drivers/printer/escpos-encoder.ts';
import { PAPER, QR_DEFAULTS, type PaperWidth } from '../drivers/printer/receipt.ts';
import { measure, report } from './stats.ts';

const RUNS = Number(process.env.BENCH_RECEIPTS ?? 2000);
const TITLE = '受理回执';
const CAPTION = '微信扫码查询办理进度';

/** A different acceptance number and time each run, as at the kiosk. */
function input(paper: PaperWidth, i: number): AcceptanceReceiptInput {
  const number = `FB20250612-${String(i).padStart(4, '0')}`;
  return {
    paper,
    title: TITLE,
    serviceName: '法律援助申请',
    acceptanceNumber: number,
    acceptedAt: new Date(Date.UTC(2025, 5, 12, 2, 32) + i * 60_000),
    kiosk: { id: 'GD-440825-0031', site: '徐闻县下洋镇某某村党群服务中心' },
    nextSteps:
      '工作人员将在3个工作日内审查您的申请材料，审查结果会以短信通知。如需补充材料，请携带身份证原件到镇公共法律服务工作站办理。',
    qrPayload: `https://fabaobao.example.gov.cn/p?no=${number}`,
    qrCaption: CAPTION,
  };
}

/** The same receipt, call for call, with node-thermal-printer. */
function theirs(receipt: AcceptanceReceiptInput): Buffer {
  const printer = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: 'tcp://127.0.0.1:9',
    width: PAPER[receipt.paper].columns,
    characterSet: CharacterSet.CHINA,
  });
  printer.alignCenter();
  printer.setTextSize(1, 1);
  printer.bold(true);
  printer.println(TITLE);
  printer.bold(false);
  printer.setTextNormal();
  printer.newLine();
  printer.alignLeft();
  printer.leftRight('办理事项', receipt.serviceName);
  printer.drawLine();
  printer.alignCenter();
  printer.println('受理编号');
  printer.setTextSize(1, 1);
  printer.bold(true);
  printer.println(receipt.acceptanceNumber);
  printer.bold(false);
  printer.setTextNormal();
  printer.alignLeft();
  printer.drawLine();
  printer.leftRight('受理时间', formatShanghaiTime(receipt.acceptedAt));
  printer.leftRight('终端编号', receipt.kiosk.id);
  printer.leftRight('办理地点', receipt.kiosk.site);
  printer.drawLine();
  printer.bold(true);
  printer.println('后续办理');
  printer.bold(false);
  printer.println(receipt.nextSteps);
  printer.newLine();
  printer.alignCenter();
  printer.printQR(receipt.qrPayload, { cellSize: QR_DEFAULTS[receipt.paper].moduleSize, correction: 'M', model: 2 });
  printer.println(receipt.qrCaption ?? CAPTION);
  printer.alignLeft();
  printer.drawLine();
  printer.alignCenter();
  printer.bold(true);
  printer.println('请妥善保管本回执');
  printer.bold(false);
  printer.cut();
  return printer.getBuffer();
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

for (const paper of ['58mm', '80mm'] as const) {
  let ourBytes = 0;
  let theirBytes = 0;
  const ours = await measure(RUNS, (i) => {
    const { bytes, warnings } = renderReceipt(acceptanceReceipt(input(paper, i)));
    if (warnings.length > 0) throw new Error(warnings.join('; '));
    ourBytes = bytes.length;
  });
  const them = await measure(RUNS, (i) => {
    theirBytes = theirs(input(paper, i)).length;
  });
  report('receipt.render', { paper, impl: 'ours', ...ours, bytes_per_receipt: ourBytes });
  report('receipt.render', { paper, impl: 'node-thermal-printer', ...them, bytes_per_receipt: theirBytes });
  report('receipt.render', {
    paper,
    impl: 'ours/theirs',
    mean: ratio(ours.mean_ms, them.mean_ms),
    p50: ratio(ours.p50_ms, them.p50_ms),
    p95: ratio(ours.p95_ms, them.p95_ms),
    bytes: ratio(ourBytes, theirBytes),
  });
}
