// Every way printing can fail, as one error type with a stable code. The kiosk tells the villager in plain
// words (and still shows what the receipt carries); the message is for the log and the technician.

export type PrinterErrorCode =
  /** The QR payload does not fit the largest QR version the layout allows. */
  | 'PRINTER_QR_TOO_LARGE'
  /** A receipt document breaks the model's rules (size out of range, empty QR payload…): a bug, not a device fault. */
  | 'PRINTER_INVALID_DOCUMENT'
  | 'PRINTER_OFFLINE'
  | 'PRINTER_COVER_OPEN'
  | 'PRINTER_PAPER_OUT'
  /** Cutter jam, overheating or another fault the printer reports. */
  | 'PRINTER_ERROR'
  /** No sane answer to a status query in time. */
  | 'PRINTER_NOT_RESPONDING'
  | 'PRINTER_DISCONNECTED'
  /** No CUPS queue of that name. */
  | 'PRINTER_QUEUE_MISSING'
  /** The CUPS queue exists but is disabled. */
  | 'PRINTER_QUEUE_STOPPED'
  /** The spooler refused the job or is not running. */
  | 'PRINTER_SPOOL_FAILED'
  /** Chromium could not turn the document into a PDF. */
  | 'PRINTER_PDF_FAILED';

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrinterError';
  }
}
