// What can be done to a running printer simulator over its control socket: change its state (paper out, cover
// open, a cutter jam, mute…) now or part-way through the next job, make the paper run out part-way, ask how it
// is, wait.
// One JSON object per step.
import { z } from 'zod';
import type { PaperWidth } from '../escpos-commands.ts';
import type { PrinterCounts, PrinterState, SimulatedPrinter } from './printer-model.ts';

const stateChangeSchema = z
  .object({
    online: z.boolean(),
    coverOpen: z.boolean(),
    paperNearEnd: z.boolean(),
    paperOut: z.boolean(),
    error: z.enum(['cutterJam', 'headOverheat', 'mechanical']).nullable(),
    mute: z.boolean(),
  })
  .partial()
  .strict();

export const printerStepSchema = z.union([
  z.object({ state: stateChangeSchema }).strict(),
  z.object({ paperRunsOutAfterLines: z.number().int().min(0).max(100_000).nullable() }).strict(),
  /** The state changes part-way through the next job, once this many more lines are printed. */
  z.object({ afterLines: z.number().int().min(0).max(100_000), state: stateChangeSchema }).strict(),
  z.object({ wait: z.number().int().min(0).max(600_000) }).strict(),
  z.object({ status: z.literal(true) }).strict(),
]);

export type PrinterStep = z.infer<typeof printerStepSchema>;

/** Where a simulator can be reached, and the printer behind it. */
export interface PrinterSimulatorTarget {
  printer: SimulatedPrinter;
  pty: string | null;
  tcp: { host: string; port: number } | null;
}

/** What every step answers: the printer's state and counts afterwards. */
export interface PrinterSimulatorStatus {
  paper: PaperWidth;
  pty: string | null;
  tcp: { host: string; port: number } | null;
  state: PrinterState;
  counts: PrinterCounts;
}

export function parsePrinterStep(value: unknown): { ok: true; step: PrinterStep } | { ok: false; message: string } {
  const parsed = printerStepSchema.safeParse(value);
  if (parsed.success) return { ok: true, step: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('; ') };
}

/** Runs one step and returns the simulator's status afterwards. */
export async function applyPrinterStep(
  target: PrinterSimulatorTarget,
  step: PrinterStep,
): Promise<PrinterSimulatorStatus> {
  const { printer } = target;
  if ('afterLines' in step) printer.changeStateAfterLines(step.afterLines, step.state);
  else if ('state' in step) printer.setState(step.state);
  else if ('paperRunsOutAfterLines' in step) printer.paperRunsOutAfterLines(step.paperRunsOutAfterLines);
  else if ('wait' in step) await new Promise((resolve) => setTimeout(resolve, step.wait));
  return { paper: printer.paper, pty: target.pty, tcp: target.tcp, state: printer.state, counts: printer.counts };
}
