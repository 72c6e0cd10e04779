// Printing from a screen, as plain functions: following one job through its printer.job events, what the
// printer's state or a job's reason means to the villager, the words of the status line, and the applicant as
// the A4 form prints them. No React and no DOM, so unit tests can run them in Node.
import type { KioskEvent, KioskInput, PrintJobKind, ReceiptPrinterState } from '../../../core/api/contract.ts';
import type { ErrorCode } from '../../../core/api/errors.ts';
import { formatBirthDate, type ApplicantDetails } from '../apply/application.ts';
import { errorMessage, translate, type Language } from '../i18n.ts';

export type PrintJobEvent = Extract<KioskEvent, { type: 'printer.job' }>;
export type PrintJobState = PrintJobEvent['state'];

/** Why a printer cannot print, as the villager is told it; 'unknown' covers every reason not named here. */
export type PrinterProblem =
  'paperOut' | 'coverOpen' | 'offline' | 'error' | 'notResponding' | 'disconnected' | 'unknown';

export const PRINTER_PROBLEMS: readonly PrinterProblem[] = [
  'paperOut',
  'coverOpen',
  'offline',
  'error',
  'notResponding',
  'disconnected',
  'unknown',
];

/**
 * A job's `reason` is a printer condition while it is held (paperOut, coverOpen…) and a condition or a printer
 * error code when it failed (drivers/printer/errors.ts). Codes that mean the same as a condition say the same.
 */
const REASONS = new Map<string, PrinterProblem>([
  ['paperOut', 'paperOut'],
  ['PRINTER_PAPER_OUT', 'paperOut'],
  ['coverOpen', 'coverOpen'],
  ['PRINTER_COVER_OPEN', 'coverOpen'],
  ['offline', 'offline'],
  ['PRINTER_OFFLINE', 'offline'],
  // The A4 queue is disabled: to the villager, the printer has stopped.
  ['PRINTER_QUEUE_STOPPED', 'offline'],
  ['error', 'error'],
  ['PRINTER_ERROR', 'error'],
  ['notResponding', 'notResponding'],
  ['PRINTER_NOT_RESPONDING', 'notResponding'],
  ['disconnected', 'disconnected'],
  ['PRINTER_DISCONNECTED', 'disconnected'],
]);

export function printerProblemOf(reason: string | null | undefined): PrinterProblem {
  return (reason !== null && reason !== undefined && REASONS.get(reason)) || 'unknown';
}

/** The receipt printer's problem before anything is printed; null when it can print (or there is none). */
export function receiptPrinterProblem(state: ReceiptPrinterState): PrinterProblem | null {
  switch (state) {
    case 'ready':
    case 'paperNearEnd': // still prints; the technician is the one to be told
    case 'none':
      return null;
    default:
      return printerProblemOf(state);
  }
}

/**
 * One print button's job as the screen follows it. starting: the print call is on its way · job: the back end
 * accepted it and its events are followed · callFailed: the call itself was refused (no printer, no back end).
 */
export type PrintView =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'job'; jobId: string; state: PrintJobState; reason: string | null }
  | { phase: 'callFailed'; code: ErrorCode };

export const IDLE_PRINT: PrintView = { phase: 'idle' };

export function isFinished(state: PrintJobState): boolean {
  return state === 'done' || state === 'failed';
}

/** While this is true another tap on the button does nothing. */
export function isPrinting(view: PrintView): boolean {
  return view.phase === 'starting' || (view.phase === 'job' && !isFinished(view.state));
}

/** The next view after an event: only this job's events count, and nothing changes a finished job. */
export function followJob(view: PrintView, event: PrintJobEvent): PrintView {
  if (view.phase !== 'job' || event.jobId !== view.jobId || isFinished(view.state)) return view;
  return { phase: 'job', jobId: view.jobId, state: event.state, reason: event.reason ?? null };
}

/**
 * The view once the call answered with the job id. The back end announces a job before its answer leaves, so
 * events that arrived while the call was on its way are applied in order.
 */
export function jobAccepted(jobId: string, earlier: readonly PrintJobEvent[]): PrintView {
  return earlier.reduce<PrintView>(followJob, { phase: 'job', jobId, state: 'queued', reason: null });
}

export type PrintTone = 'working' | 'held' | 'done' | 'failed';

export interface PrintLine {
  tone: PrintTone;
  text: string;
  /** A second line, for a failure: what to do instead. */
  hint: string | null;
}

/** The status line under a print button; null when nothing has been asked yet. */
export function printLine(view: PrintView, kind: PrintJobKind, language: Language): PrintLine | null {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(language, key, params);
  switch (view.phase) {
    case 'idle':
      return null;
    case 'starting':
      return { tone: 'working', text: t('print.working'), hint: null };
    case 'callFailed':
      // The plain message of the error code (PRINTER_UNAVAILABLE already says to note the information down).
      return { tone: 'failed', text: errorMessage(language, view.code), hint: null };
    case 'job':
      switch (view.state) {
        case 'queued':
        case 'printing':
          return { tone: 'working', text: t('print.working'), hint: null };
        case 'held':
          return { tone: 'held', text: t(`print.held.${printerProblemOf(view.reason)}`), hint: null };
        case 'done':
          return { tone: 'done', text: t(kind === 'a4' ? 'print.done.a4' : 'print.done.receipt'), hint: null };
        case 'failed':
          return {
            tone: 'failed',
            text: t('print.failed', { problem: t(`print.problem.${printerProblemOf(view.reason)}`) }),
            hint: t('print.failedHint'),
          };
      }
  }
}

/** What the printer's state means before printing: printing is still allowed, the job will wait. */
export function printerProblemNotice(problem: PrinterProblem, language: Language): string {
  return translate(language, 'print.before', { problem: translate(language, `print.problem.${problem}`) });
}

export type PrintedApplicant = KioskInput<'printApplicationForm'>['applicant'];

/**
 * The applicant as the A4 form prints them. The form is a Chinese document for the service window, so sex and
 * birth date are written as the Chinese screen shows them (女, 1948年3月15日) whatever language is on screen.
 * The ID number is in full: it is the villager's own form.
 */
export function printedApplicant(details: ApplicantDetails): PrintedApplicant {
  return {
    name: details.name.trim(),
    sex: details.sex === '' ? '' : translate('zh-CN', details.sex === 'male' ? 'form.sex.male' : 'form.sex.female'),
    birthDate: details.birthDate === '' ? '' : formatBirthDate(details.birthDate, 'zh-CN'),
    idNumber: details.idNumber,
    address: details.address.trim(),
    phone: details.phone,
  };
}
