// The receipt printer's real-time status (DLE EOT 1, 2 and 4; DOMAIN.md §3) as one typed condition.
import { STATUS_BITS } from './escpos-commands.ts';

/**
 * ready: can print · offline: offline for a reason the printer does not say · coverOpen · paperOut · error:
 * cutter jam, overheating or similar · notResponding: no (sane) answer to a status query in time — never
 * taken for fine · disconnected: the port is gone.
 */
export type PrinterCondition =
  'ready' | 'offline' | 'coverOpen' | 'paperOut' | 'error' | 'notResponding' | 'disconnected';

export interface PrinterStatus {
  condition: PrinterCondition;
  /** The roll is nearly used up: still prints, but a technician should bring paper. */
  paperNearEnd: boolean;
}

/** A byte that can be a DLE EOT answer: bits 1 and 4 set, bits 0 and 7 clear. */
export function isStatusByte(byte: number): boolean {
  return (byte & STATUS_BITS.fixedMask) === STATUS_BITS.fixedOn;
}

/** The three answers (to n = 1, 2, 4) as one condition, most specific cause first. */
export function interpretStatus(printer: number, offlineCause: number, paper: number): PrinterStatus {
  if (![printer, offlineCause, paper].every(isStatusByte)) return { condition: 'notResponding', paperNearEnd: false };
  const paperNearEnd = (paper & STATUS_BITS.paper.nearEnd) !== 0;
  let condition: PrinterCondition = 'ready';
  if ((paper & STATUS_BITS.paper.out) !== 0 || (offlineCause & STATUS_BITS.offlineCause.paperEndStop) !== 0) {
    condition = 'paperOut';
  } else if ((offlineCause & STATUS_BITS.offlineCause.coverOpen) !== 0) {
    condition = 'coverOpen';
  } else if ((offlineCause & STATUS_BITS.offlineCause.error) !== 0) {
    condition = 'error';
  } else if ((printer & STATUS_BITS.printer.offline) !== 0) {
    condition = 'offline';
  }
  return { condition, paperNearEnd };
}
