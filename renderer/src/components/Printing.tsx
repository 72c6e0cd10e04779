import type { ReactNode } from 'react';
import type { PrintJobKind } from '../../../core/api/contract.ts';
import { useI18n } from '../i18n.ts';
import {
  printerProblemNotice,
  printLine,
  type PrinterProblem,
  type PrintTone,
  type PrintView,
} from '../print/print-job.ts';

/** Drawn, not a font glyph, so every kiosk shows the same mark whatever fonts it has. */
function Icon({ name }: { name: PrintTone | 'printer' | 'notice' }) {
  const paths: Record<typeof name, ReactNode> = {
    printer: (
      <>
        <path d="M6 9V3h12v6" />
        <rect x="3" y="9" width="18" height="8" rx="2" />
        <path d="M7 14h10v7H7z" />
      </>
    ),
    // A clock: wait a moment.
    working: (
      <>
        <circle cx="12" cy="12" r="8" />
        <path d="M12 7.5V12l3 2.5" />
      </>
    ),
    // Pause bars: it stopped and will go on.
    held: <path d="M9 6.5v11M15 6.5v11" />,
    done: <path d="M5.5 12.5l4.5 4.5 8.5-9.5" />,
    failed: (
      <>
        <path d="M12 5.5v8.5" />
        <path d="M12 18.2v.3" />
      </>
    ),
    notice: (
      <>
        <path d="M12 5.5v8.5" />
        <path d="M12 18.2v.3" />
      </>
    ),
  };
  return (
    <svg
      className="print-icon-svg"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}

export interface PrintButtonProps {
  label: string;
  testId: string;
  /** A job is on its way or running: the tap does nothing (the button looks pressed, not broken). */
  busy: boolean;
  onPress: () => void;
  className?: string;
}

/** A large print button with a printer drawn beside its words. */
export function PrintButton({ label, testId, busy, onPress, className }: PrintButtonProps) {
  return (
    <button
      type="button"
      className={`button button-large button-print${className ? ` ${className}` : ''}`}
      data-testid={testId}
      aria-disabled={busy}
      onClick={() => {
        if (!busy) onPress();
      }}
    >
      <span className="print-button-icon">
        <Icon name="printer" />
      </span>
      {label}
    </button>
  );
}

export interface PrintStatusProps {
  view: PrintView;
  kind: PrintJobKind;
  testId: string;
}

/**
 * One plain line under a print button: printing, paused and why, printed and where to take it, or that it did
 * not work and what to do instead. A mark and words, never colour alone; nothing while nothing was asked.
 */
export function PrintStatus({ view, kind, testId }: PrintStatusProps) {
  const { language } = useI18n();
  const line = printLine(view, kind, language);
  if (line === null) return null;
  const state = view.phase === 'job' ? view.state : view.phase;
  const reason = view.phase === 'job' ? view.reason : view.phase === 'callFailed' ? view.code : null;
  return (
    <div
      className={`print-status print-status-${line.tone}`}
      data-testid={testId}
      data-state={state}
      data-reason={reason ?? undefined}
      role={line.tone === 'failed' ? 'alert' : 'status'}
    >
      <span className="print-mark">
        <Icon name={line.tone} />
      </span>
      <div className="print-status-body">
        <p className="print-status-text">{line.text}</p>
        {line.hint && <p className="print-status-hint">{line.hint}</p>}
      </div>
    </div>
  );
}

/** Said before printing when the printer cannot print now: the villager may still print, and the job waits. */
export function PrinterProblemNotice({ problem, testId }: { problem: PrinterProblem; testId: string }) {
  const { language } = useI18n();
  return (
    <div className="print-status print-status-held" data-testid={testId} data-problem={problem} role="status">
      <span className="print-mark">
        <Icon name="notice" />
      </span>
      <div className="print-status-body">
        <p className="print-status-text">{printerProblemNotice(problem, language)}</p>
      </div>
    </div>
  );
}
