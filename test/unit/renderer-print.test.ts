// Printing from the screens (renderer/src/print/print-job.ts): following one job's events, the words of every
// status line for every printer state and reason, and the applicant as the A4 form prints them.
import { describe, expect, it } from 'vitest';
import type { ReceiptPrinterState } from '../../core/api/contract.ts';
import { ERROR_CODES } from '../../core/api/errors.ts';
import type { PrinterErrorCode } from '../../drivers/printer/errors.ts';
import type { PrinterCondition } from '../../drivers/printer/printer-status.ts';
import {
  followJob,
  IDLE_PRINT,
  isPrinting,
  jobAccepted,
  printedApplicant,
  printerProblemNotice,
  printerProblemOf,
  printLine,
  receiptPrinterProblem,
  PRINTER_PROBLEMS,
  type PrintJobEvent,
  type PrintView,
} from '../../renderer/src/print/print-job.ts';
import { errorMessage } from '../../renderer/src/i18n.ts';

const event = (state: PrintJobEvent['state'], reason?: string, jobId = 'job-1'): PrintJobEvent => ({
  type: 'printer.job',
  jobId,
  kind: 'receipt',
  state,
  ...(reason === undefined ? {} : { reason }),
});

const job = (state: PrintJobEvent['state'], reason: string | null = null): PrintView => ({
  phase: 'job',
  jobId: 'job-1',
  state,
  reason,
});

describe('following a print job', () => {
  it('applies only its own events, in order, and nothing after it finished', () => {
    let view = jobAccepted('job-1', []);
    expect(view).toEqual(job('queued'));
    view = followJob(view, event('printing'));
    view = followJob(view, event('done', undefined, 'someone-else'));
    expect(view).toEqual(job('printing'));
    view = followJob(view, event('held', 'paperOut'));
    expect(view).toEqual(job('held', 'paperOut'));
    view = followJob(view, event('printing', 'ready'));
    view = followJob(view, event('done'));
    expect(view).toEqual(job('done'));
    expect(followJob(view, event('failed', 'coverOpen'))).toBe(view);
    expect(followJob(IDLE_PRINT, event('printing'))).toBe(IDLE_PRINT);
  });

  it('catches up with events that came before the call answered', () => {
    const early = [event('queued', undefined, 'other'), event('queued'), event('printing'), event('held', 'coverOpen')];
    expect(jobAccepted('job-1', early)).toEqual(job('held', 'coverOpen'));
    expect(jobAccepted('job-1', [event('queued'), event('printing'), event('done')])).toEqual(job('done'));
  });

  it('is busy from the tap until the job is done or failed', () => {
    expect(isPrinting(IDLE_PRINT)).toBe(false);
    expect(isPrinting({ phase: 'starting' })).toBe(true);
    for (const state of ['queued', 'printing', 'held'] as const) expect(isPrinting(job(state))).toBe(true);
    expect(isPrinting(job('done'))).toBe(false);
    expect(isPrinting(job('failed', 'paperOut'))).toBe(false);
    expect(isPrinting({ phase: 'callFailed', code: 'PRINTER_UNAVAILABLE' })).toBe(false);
  });
});

describe('what a printer state or reason means', () => {
  it('names every printer condition and every printer error code, and nothing else', () => {
    const conditions: Record<Exclude<PrinterCondition, 'ready'>, string> = {
      offline: 'offline',
      coverOpen: 'coverOpen',
      paperOut: 'paperOut',
      error: 'error',
      notResponding: 'notResponding',
      disconnected: 'disconnected',
    };
    for (const [condition, problem] of Object.entries(conditions)) expect(printerProblemOf(condition)).toBe(problem);
    const codes: Record<PrinterErrorCode, string> = {
      PRINTER_QR_TOO_LARGE: 'unknown',
      PRINTER_INVALID_DOCUMENT: 'unknown',
      PRINTER_OFFLINE: 'offline',
      PRINTER_COVER_OPEN: 'coverOpen',
      PRINTER_PAPER_OUT: 'paperOut',
      PRINTER_ERROR: 'error',
      PRINTER_NOT_RESPONDING: 'notResponding',
      PRINTER_DISCONNECTED: 'disconnected',
      PRINTER_QUEUE_MISSING: 'unknown',
      PRINTER_QUEUE_STOPPED: 'offline',
      PRINTER_SPOOL_FAILED: 'unknown',
      PRINTER_PDF_FAILED: 'unknown',
    };
    for (const [code, problem] of Object.entries(codes)) expect(printerProblemOf(code)).toBe(problem);
    for (const reason of [undefined, null, '', 'jammed', 'constructor', 'toString', '__proto__']) {
      expect(printerProblemOf(reason)).toBe('unknown');
    }
  });

  it('lets the receipt printer print when ready or nearly out of paper, and names every other state', () => {
    const states: Record<ReceiptPrinterState, string | null> = {
      ready: null,
      paperNearEnd: null,
      none: null,
      offline: 'offline',
      coverOpen: 'coverOpen',
      paperOut: 'paperOut',
      error: 'error',
      notResponding: 'notResponding',
      disconnected: 'disconnected',
    };
    for (const [state, problem] of Object.entries(states)) {
      expect(receiptPrinterProblem(state as ReceiptPrinterState)).toBe(problem);
    }
  });
});

describe('the status line', () => {
  it('says printing, paused and why, and printed, in plain Chinese', () => {
    expect(printLine(IDLE_PRINT, 'receipt', 'zh-CN')).toBeNull();
    expect(printLine({ phase: 'starting' }, 'receipt', 'zh-CN')).toEqual({
      tone: 'working',
      text: '正在打印…',
      hint: null,
    });
    expect(printLine(job('queued'), 'a4', 'zh-CN')?.text).toBe('正在打印…');
    expect(printLine(job('printing', 'ready'), 'receipt', 'zh-CN')?.text).toBe('正在打印…');
    expect(printLine(job('held', 'paperOut'), 'receipt', 'zh-CN')).toEqual({
      tone: 'held',
      text: '打印机缺纸，已暂停，工作人员加纸后会继续打印',
      hint: null,
    });
    expect(printLine(job('held', 'coverOpen'), 'receipt', 'zh-CN')?.text).toBe(
      '打印机的盖子没有盖好，已暂停，工作人员盖好后会继续打印',
    );
    expect(printLine(job('held', 'somethingNew'), 'receipt', 'zh-CN')?.text).toBe(
      '打印机暂时有问题，已暂停，工作人员处理好后会继续打印',
    );
    expect(printLine(job('done'), 'receipt', 'zh-CN')?.text).toBe('已打印，请取走回执');
    expect(printLine(job('done'), 'a4', 'zh-CN')?.text).toBe('申请表已打印，请到打印机取件');
  });

  it('says a failure with what to do instead, and never shows a code', () => {
    expect(printLine(job('failed', 'paperOut'), 'receipt', 'zh-CN')).toEqual({
      tone: 'failed',
      text: '打印没有成功：打印机缺纸。',
      hint: '请记下屏幕上的信息或请工作人员帮助。',
    });
    expect(printLine(job('failed', 'PRINTER_SPOOL_FAILED'), 'a4', 'zh-CN')?.text).toBe(
      '打印没有成功：打印机暂时有问题。',
    );
    expect(printLine(job('failed'), 'a4', 'en')).toEqual({
      tone: 'failed',
      text: 'Printing did not work: the printer has a problem right now.',
      hint: 'Please note down the information on the screen, or ask a staff member for help.',
    });
    for (const code of ERROR_CODES) {
      const line = printLine({ phase: 'callFailed', code }, 'receipt', 'zh-CN');
      expect(line).toEqual({ tone: 'failed', text: errorMessage('zh-CN', code), hint: null });
    }
    expect(printLine({ phase: 'callFailed', code: 'PRINTER_UNAVAILABLE' }, 'receipt', 'zh-CN')?.text).toContain(
      '请记下屏幕上的信息',
    );
  });

  it('has words for every problem in both languages, without placeholders left over', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      for (const problem of PRINTER_PROBLEMS) {
        for (const view of [job('held', problem), job('failed', problem)]) {
          const line = printLine(view, 'receipt', language)!;
          expect(line.text).not.toMatch(/[{}]|print\./);
          expect(line.text.length).toBeGreaterThan(5);
        }
        expect(printerProblemNotice(problem, language)).not.toMatch(/[{}]/);
      }
    }
    expect(printerProblemNotice('paperOut', 'zh-CN')).toBe(
      '打印机缺纸。现在也可以点打印，要等工作人员处理好才会打印出来；您也可以记下屏幕上的信息。',
    );
  });
});

describe('the applicant on the A4 form', () => {
  it('is written as the Chinese screen shows it, with the full ID number', () => {
    expect(
      printedApplicant({
        name: ' 陈阿婆 ',
        sex: 'female',
        birthDate: '1948-03-15',
        idNumber: '440825194803150020',
        address: '广东省湛江市徐闻县下桥镇示范村委会东村12号 ',
        phone: '0759-4822148',
      }),
    ).toEqual({
      name: '陈阿婆',
      sex: '女',
      birthDate: '1948年3月15日',
      idNumber: '440825194803150020',
      address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
      phone: '0759-4822148',
    });
    expect(
      printedApplicant({ name: 'Li', sex: '', birthDate: '', idNumber: '', address: '', phone: '13800138000' }),
    ).toEqual({ name: 'Li', sex: '', birthDate: '', idNumber: '', address: '', phone: '13800138000' });
    expect(printedApplicant({ ...EMPTY, name: '林', sex: 'male' }).sex).toBe('男');
  });
});

const EMPTY = { name: '', sex: '' as const, birthDate: '', idNumber: '', address: '', phone: '' };
