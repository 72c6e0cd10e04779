// kioskctl printer status | test | a4-test: check the receipt printer over serial or TCP, print its test page,
// and print an A4 test page through a CUPS queue.
import { parseArgs } from 'node:util';
import { queueState, spoolPdf, waitForJob } from '../../drivers/printer/a4/cups.ts';
import { htmlToPdf } from '../../drivers/printer/a4/html-to-pdf.ts';
import { testPageReceipt } from '../../drivers/printer/acceptance-receipt.ts';
import { PrinterError } from '../../drivers/printer/errors.ts';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import type { PrinterStatus } from '../../drivers/printer/printer-status.ts';
import { PrintJobAborted, ReceiptPrinter } from '../../drivers/printer/receipt-printer.ts';
import { openDeviceFile } from '../../drivers/transport/device-file.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import { openTcp } from '../../drivers/transport/tcp.ts';
import type { ByteTransport } from '../../drivers/transport/transport.ts';
import { a4TestPageHtml } from '../documents/a4-test-page.ts';
import { CHROMIUM } from '../host/chromium.ts';
import { CliError, EXIT, positiveInteger, printJson, printLines } from './output.ts';

const OPTIONS = {
  port: { type: 'string' },
  baud: { type: 'string' },
  device: { type: 'string' },
  tcp: { type: 'string' },
  timeout: { type: 'string' },
  paper: { type: 'string' },
  queue: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const PLAIN: Record<PrinterStatus['condition'], string> = {
  ready: 'ready',
  offline: 'offline',
  coverOpen: 'cover open',
  paperOut: 'paper out',
  error: 'error (cutter jam, overheating or another fault)',
  notResponding: 'not responding to status queries',
  disconnected: 'disconnected',
};

async function openPrinter(values: { port?: string; baud?: string; device?: string; tcp?: string; timeout?: string }) {
  if ([values.port, values.device, values.tcp].filter(Boolean).length !== 1) {
    throw new CliError(
      EXIT.usage,
      'give the printer as --port PATH (serial), --device PATH (USB printer node, e.g. /dev/usb/lp0) or --tcp HOST:PORT (network)',
    );
  }
  let transport: ByteTransport;
  try {
    if (values.device) {
      transport = await openDeviceFile({ path: values.device });
    } else if (values.port) {
      transport = await openSerial({ path: values.port, baudRate: positiveInteger(values.baud, '--baud', 115200) });
    } else {
      const match = /^(.+):(\d+)$/.exec(values.tcp!);
      if (!match) throw new CliError(EXIT.usage, '--tcp must be HOST:PORT, e.g. 192.168.1.50:9100');
      transport = await openTcp({ host: match[1]!, port: Number(match[2]) });
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.noDevice, `cannot reach the printer: ${(error as Error).message}`, 'PRINTER_DISCONNECTED');
  }
  const statusTimeoutMs = positiveInteger(values.timeout, '--timeout', 1000);
  return new ReceiptPrinter(transport, { statusTimeoutMs });
}

function exitFor(status: PrinterStatus): number {
  if (status.condition === 'ready') return EXIT.ok;
  return status.condition === 'notResponding' || status.condition === 'disconnected' ? EXIT.noDevice : EXIT.deviceError;
}

export async function printerStatus(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  const printer = await openPrinter(values);
  const status = await printer.status().finally(() => printer.close());
  if (values.json) printJson(status);
  else printLines([`${PLAIN[status.condition]}${status.paperNearEnd ? ' · paper near end' : ''}`]);
  if (exitFor(status) !== EXIT.ok) {
    throw new CliError(exitFor(status), `the printer cannot print: ${PLAIN[status.condition]}`, status.condition);
  }
}

export async function printerTest(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  const paper = values.paper ?? '80mm';
  if (paper !== '58mm' && paper !== '80mm') throw new CliError(EXIT.usage, '--paper must be 58mm or 80mm');
  const { bytes, segments } = renderReceipt(testPageReceipt(paper));
  const printer = await openPrinter(values);
  try {
    // A technician is standing there: wait up to 30 s for them to load paper or close the cover.
    await printer.print(segments, {
      signal: AbortSignal.timeout(30_000),
      onStatus: (status) =>
        status.condition !== 'ready' && process.stderr.write(`waiting: ${PLAIN[status.condition]}\n`),
    });
  } catch (error) {
    if (error instanceof PrintJobAborted) {
      throw new CliError(
        exitFor(error.lastStatus),
        `the test page was not printed: ${PLAIN[error.lastStatus.condition]}`,
        error.lastStatus.condition,
      );
    }
    throw error;
  } finally {
    await printer.close();
  }
  if (values.json) printJson({ printed: true, bytes: bytes.length, paper });
  else printLines([`test page printed (${bytes.length} bytes, ${paper})`]);
}

export async function printerA4Test(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  if (!values.queue) throw new CliError(EXIT.usage, '--queue is required (the CUPS queue name, e.g. kiosk-a4)');
  try {
    const state = await queueState(values.queue);
    const pdf = await htmlToPdf(a4TestPageHtml(values.queue, new Date()), { chromium: CHROMIUM });
    const job = await spoolPdf(values.queue, pdf, 'kiosk-a4-test-page');
    const done = await waitForJob(job, positiveInteger(values.timeout, '--timeout', 60_000));
    if (values.json) printJson({ job, queue: values.queue, queueState: state, done });
    else printLines([`${job}: ${done ? 'printed' : 'still in the queue (check the printer)'}`]);
    if (!done) throw new CliError(EXIT.timeout, `job ${job} has not finished`, 'PRINTER_SPOOL_FAILED');
  } catch (error) {
    if (error instanceof PrinterError) {
      const exit = error.code === 'PRINTER_QUEUE_MISSING' ? EXIT.noDevice : EXIT.deviceError;
      throw new CliError(exit, error.message, error.code);
    }
    throw error;
  }
}
