// Sends one step to a running printer simulator over its control socket and returns its answer.
import { sendControlStep, type ControlAnswer } from '../../simulators/control-socket.ts';
import type { PrinterSimulatorStatus, PrinterStep } from './control.ts';

export type PrinterControlAnswer = ControlAnswer<PrinterSimulatorStatus>;

export function sendPrinterStep(
  socketPath: string,
  step: PrinterStep,
  timeoutMs = 5000,
): Promise<PrinterControlAnswer> {
  return sendControlStep<PrinterSimulatorStatus>(socketPath, step, timeoutMs);
}
