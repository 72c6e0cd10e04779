// Starts one print job from a button and follows its printer.job events until it is done or failed. A tap while
// a job is on its way or running does nothing, so an impatient second tap never prints twice.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type KioskClient } from '../api/client.ts';
import { useKiosk } from '../kiosk-context.ts';
import {
  followJob,
  IDLE_PRINT,
  isFinished,
  isPrinting,
  jobAccepted,
  type PrintJobEvent,
  type PrintView,
} from './print-job.ts';

export interface PrintJob {
  view: PrintView;
  /** A job is on its way or running: the button does nothing. */
  busy: boolean;
  /** Calls the print method (once at a time) and follows the job it returns. */
  start: (call: (client: KioskClient) => Promise<{ jobId: string }>) => void;
}

export function usePrintJob(): PrintJob {
  const { client } = useKiosk();
  const [view, setView] = useState<PrintView>(IDLE_PRINT);
  // Refs, not state: a second tap can come before React has rendered the first one's "printing".
  const busy = useRef(false);
  const jobId = useRef<string | null>(null);
  /** printer.job events that arrived while the call was on its way (the job id not known yet). */
  const early = useRef<PrintJobEvent[]>([]);
  const mounted = useRef(false);

  useEffect(() => {
    mounted.current = true;
    const stop = client.subscribe((event) => {
      if (event.type !== 'printer.job') return;
      if (jobId.current === null) {
        if (busy.current) early.current.push(event);
        return;
      }
      if (event.jobId !== jobId.current) return;
      if (isFinished(event.state)) busy.current = false;
      setView((current) => followJob(current, event));
    });
    return () => {
      mounted.current = false;
      stop();
    };
  }, [client]);

  const start = useCallback(
    (call: (client: KioskClient) => Promise<{ jobId: string }>) => {
      if (busy.current) return;
      busy.current = true;
      jobId.current = null;
      early.current = [];
      setView({ phase: 'starting' });
      call(client).then(
        (accepted) => {
          const next = jobAccepted(accepted.jobId, early.current);
          early.current = [];
          jobId.current = accepted.jobId;
          busy.current = isPrinting(next);
          if (mounted.current) setView(next);
        },
        (error: unknown) => {
          early.current = [];
          busy.current = false;
          const code = error instanceof ApiError ? error.code : 'INTERNAL';
          if (mounted.current) setView({ phase: 'callFailed', code });
        },
      );
    },
    [client],
  );

  return { view, busy: isPrinting(view), start };
}
