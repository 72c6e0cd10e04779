// ESC/POS bytes for tests and manual runs of the simulator, built straight from the shared command table and
// iconv-lite (not from the driver's encoder, so the simulator checks the encoder rather than mirrors it).
import iconv from 'iconv-lite';
import { ESCPOS, LF, QR } from '../escpos-commands.ts';

/** Text as a Chinese-mode printer wants it. */
export function gb18030(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

/** Joins commands (number arrays) and byte buffers into one stream. */
export function escpos(...parts: (readonly number[] | Uint8Array)[]): Buffer {
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

/** A QR code: model 2, module size, error correction, store, print. */
export function qrBytes(payload: string, moduleSize = 6, level: 'L' | 'M' | 'Q' | 'H' = 'M'): Buffer {
  return escpos(
    QR.model2,
    QR.moduleSize(moduleSize),
    QR.errorCorrection(level),
    QR.store(Buffer.from(payload, 'utf8')),
    QR.print,
  );
}

export const SAMPLE_QR_PAYLOAD = 'https://gdzwfw.gov.cn/receipt?no=44082520260518001';

/** A service receipt as a village kiosk prints it: title, a few lines, a QR code, feed and cut. */
export function sampleReceipt(): Buffer {
  return escpos(
    ESCPOS.init,
    ESCPOS.chineseOn,
    ESCPOS.align(1),
    ESCPOS.size(2, 2),
    ESCPOS.bold(true),
    gb18030('粤自助回执'),
    [LF],
    ESCPOS.size(1, 1),
    ESCPOS.bold(false),
    ESCPOS.align(0),
    gb18030('事项：法律援助申请'),
    [LF],
    gb18030('办件编号：44082520260518001'),
    [LF],
    gb18030('申请人：王五'),
    [LF],
    ESCPOS.align(2),
    gb18030('2026-05-18 10:24'),
    [LF],
    ESCPOS.feedLines(1),
    ESCPOS.align(1),
    qrBytes(SAMPLE_QR_PAYLOAD),
    [LF],
    gb18030('扫码查询办理进度 <A&B>'),
    [LF],
    ESCPOS.feedLines(3),
    ESCPOS.fullCut,
  );
}
