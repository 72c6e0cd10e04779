// The printers' self-tests. Receipt printer: its status, then the test receipt (the same one `kioskctl printer
// test` prints). A4: the CUPS queue exists and accepts jobs, then the A4 test page goes through it.
import { queueState } from '../../drivers/printer/a4/cups.ts';
import { testPageReceipt } from '../../drivers/printer/acceptance-receipt.ts';
import { PrinterError } from '../../drivers/printer/errors.ts';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import type { PrinterCondition } from '../../drivers/printer/printer-status.ts';
import type { PaperWidth } from '../../drivers/printer/receipt.ts';
import { PrintJobAborted } from '../../drivers/printer/receipt-printer.ts';
import type { PrinterService } from '../devices/printer-service.ts';
import { a4TestPageHtml } from '../documents/a4-test-page.ts';
import type { PlainText, SelfTestResult } from '../protocol/diagnostics.ts';
import { fail, pass, skipped } from './result.ts';

const CONDITIONS: Record<Exclude<PrinterCondition, 'ready'>, { code: string; reason: PlainText; fix: PlainText }> = {
  paperOut: {
    code: 'PRINTER_PAPER_OUT',
    reason: { zh: '小票打印机缺纸', en: 'The receipt printer is out of paper' },
    fix: { zh: '装入新的热敏纸卷，合上盖子', en: 'Load a new thermal paper roll and close the cover' },
  },
  coverOpen: {
    code: 'PRINTER_COVER_OPEN',
    reason: { zh: '小票打印机的盖子开着', en: 'The receipt printer’s cover is open' },
    fix: { zh: '把盖子按到“咔”一声合上', en: 'Press the cover shut until it clicks' },
  },
  offline: {
    code: 'PRINTER_OFFLINE',
    reason: { zh: '小票打印机处于离线状态', en: 'The receipt printer is offline' },
    fix: {
      zh: '检查打印机面板的指示灯，按一下进纸键或重启打印机',
      en: 'Check its panel lights; press feed or restart it',
    },
  },
  error: {
    code: 'PRINTER_ERROR',
    reason: {
      zh: '小票打印机报告故障（切刀卡纸或过热）',
      en: 'The receipt printer reports a fault (cutter jam or overheating)',
    },
    fix: { zh: '关掉电源，清除卡纸，冷却后再开机', en: 'Switch it off, clear the jam, let it cool, switch it on' },
  },
  notResponding: {
    code: 'PRINTER_NOT_RESPONDING',
    reason: { zh: '小票打印机没有响应', en: 'The receipt printer does not respond' },
    fix: {
      zh: '检查打印机电源和数据线，确认配置的端口正确',
      en: 'Check the printer’s power and cable and that the configured port is right',
    },
  },
  disconnected: {
    code: 'PRINTER_DISCONNECTED',
    reason: { zh: '找不到小票打印机', en: 'The receipt printer cannot be reached' },
    fix: {
      zh: '插好打印机的数据线（网络打印机检查网线和地址）',
      en: 'Plug the printer’s cable in (for a network printer, check the cable and address)',
    },
  },
};

function conditionFailure(condition: Exclude<PrinterCondition, 'ready'>, details: SelfTestResult['details'] = {}) {
  const { code, reason, fix } = CONDITIONS[condition];
  return fail('receiptPrinter', code, reason, fix, { condition, ...details });
}

export async function receiptPrinterSelfTest(
  printers: PrinterService,
  paper: PaperWidth,
  options: { printTimeoutMs?: number } = {},
): Promise<SelfTestResult> {
  if (printers.receiptPrinterState === 'none') {
    return skipped('receiptPrinter', { zh: '本机未配置小票打印机', en: 'This kiosk has no receipt printer' });
  }
  const status = await printers.statusNow();
  if (status.condition !== 'ready') return conditionFailure(status.condition);
  try {
    await printers.printReceiptNow(renderReceipt(testPageReceipt(paper)).segments, options.printTimeoutMs ?? 30_000);
  } catch (error) {
    if (error instanceof PrintJobAborted && error.lastStatus.condition !== 'ready') {
      return conditionFailure(error.lastStatus.condition, { during: 'test receipt' });
    }
    return conditionFailure('notResponding', { during: 'test receipt', detail: (error as Error).message });
  }
  return pass(
    'receiptPrinter',
    status.paperNearEnd
      ? { zh: '测试小票已打印；纸卷快用完了', en: 'Test receipt printed; the paper roll is nearly used up' }
      : { zh: '测试小票已打印', en: 'Test receipt printed' },
    { paper, paperNearEnd: status.paperNearEnd },
  );
}

const QUEUE_FAILURES: Record<string, { reason: (queue: string) => PlainText; fix: PlainText }> = {
  PRINTER_QUEUE_MISSING: {
    reason: (queue) => ({ zh: `没有名为 ${queue} 的打印队列`, en: `There is no print queue named ${queue}` }),
    fix: {
      zh: '运行 scripts/setup-system.sh 创建队列，或在配置中改正 devices.a4Printer.queue',
      en: 'Run scripts/setup-system.sh to create the queue, or correct devices.a4Printer.queue in the config',
    },
  },
  PRINTER_QUEUE_STOPPED: {
    reason: (queue) => ({ zh: `打印队列 ${queue} 已停用`, en: `The print queue ${queue} is stopped` }),
    fix: {
      zh: '排除打印机故障后运行 cupsenable {queue} 重新启用',
      en: 'Clear the printer fault, then re-enable the queue: cupsenable {queue}',
    },
  },
};

export async function a4PrinterSelfTest(printers: PrinterService, queue: string | null): Promise<SelfTestResult> {
  if (queue === null) return skipped('a4Printer', { zh: '本机未配置A4打印机', en: 'This kiosk has no A4 printer' });
  try {
    // Fail fast on the queue before rendering the page.
    const state = printers.a4ViaCups ? await queueState(queue) : 'idle';
    if (state === 'missing') throw new PrinterError('PRINTER_QUEUE_MISSING', `no queue ${queue}`);
    if (state === 'stopped') throw new PrinterError('PRINTER_QUEUE_STOPPED', `queue ${queue} is stopped`);
    await printers.printA4Now(a4TestPageHtml(queue, new Date()), 'kiosk-a4-test-page');
    return pass('a4Printer', { zh: 'A4测试页已打印', en: 'A4 test page printed' }, { queue });
  } catch (error) {
    const code = error instanceof PrinterError ? error.code : 'PRINTER_SPOOL_FAILED';
    const known = QUEUE_FAILURES[code];
    if (known) {
      const fix = { zh: known.fix.zh.replace('{queue}', queue), en: known.fix.en.replace('{queue}', queue) };
      return fail('a4Printer', code, known.reason(queue), fix, { queue });
    }
    return fail(
      'a4Printer',
      code,
      { zh: 'A4测试页没有打印出来', en: 'The A4 test page did not print' },
      {
        zh: '检查A4打印机的电源、纸张和CUPS服务（lpstat -p）',
        en: 'Check the A4 printer’s power and paper and the CUPS service (lpstat -p)',
      },
      { queue, detail: (error as Error).message },
    );
  }
}
