// kioskctl idcard read | sam: talk to an ID card reader on a serial port (or USB-CDC, or the simulator's PTY).
import { parseArgs } from 'node:util';
import type { IdCardRecord } from '../../drivers/idcard/card-text.ts';
import { hidReader, serialReader } from '../../drivers/idcard/connect.ts';
import { ReaderSession, type ReaderEvent } from '../../drivers/idcard/session.ts';
import { maskDocumentNumber } from '../api/masking.ts';
import { CliError, EXIT, positiveInteger, printJson, printLines } from './output.ts';

const READER_OPTIONS = {
  port: { type: 'string' },
  hid: { type: 'string' },
  baud: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean', default: false },
  reveal: { type: 'boolean', default: false },
  reset: { type: 'boolean', default: false },
} as const;

function readerArgs(args: string[]) {
  const { values } = parseArgs({ args, options: READER_OPTIONS, strict: true });
  if (!values.port === !values.hid) {
    throw new CliError(EXIT.usage, '--port is required (e.g. --port /dev/ttyUSB0), or --hid for a HID reader');
  }
  const baudRate = positiveInteger(values.baud, '--baud', 115200);
  const usb = values.hid?.match(/^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/);
  const connect = values.port
    ? serialReader(values.port, baudRate)
    : hidReader(usb ? { vendorId: usb[1]!.toLowerCase(), productId: usb[2]!.toLowerCase() } : { path: values.hid! });
  return {
    ...values,
    port: values.port ?? `HID ${values.hid}`,
    connect,
    timeoutMs: positiveInteger(values.timeout, '--timeout', 10_000),
  };
}

/** The record as printed: the typed record's fields, the photo as base64, identifiers masked unless revealed. */
export function printableRecord(record: IdCardRecord, reveal: boolean): Record<string, unknown> {
  return {
    ...record,
    documentNumber: reveal ? record.documentNumber : maskDocumentNumber(record.documentNumber),
    passNumber: record.passNumber === null || reveal ? record.passNumber : maskDocumentNumber(record.passNumber),
    photo: record.photo.toString('base64'),
  };
}

/** Starts the session and waits until `decide` returns a result for an event, or the deadline passes. */
function untilEvent<T>(
  session: ReaderSession,
  timeoutMs: number,
  decide: (event: ReaderEvent) => { value: T } | { error: CliError } | null,
  onTimeout: () => CliError,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    session.subscribe((event) => {
      const outcome = decide(event);
      if (!outcome) return;
      clearTimeout(timer);
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    });
    session.start();
  });
}

function noReader(event: ReaderEvent): { error: CliError } | null {
  if (event.type !== 'status' || event.status.state !== 'disconnected') return null;
  return { error: new CliError(EXIT.noDevice, `no ID card reader: ${event.status.message}`, event.status.code) };
}

function shown(key: string, value: unknown): string {
  if (key === 'validTo' && value === null) return '长期 (no expiry)';
  return value === null ? '—' : String(value);
}

export async function idcardRead(args: string[]): Promise<void> {
  const options = readerArgs(args);
  // One attempt to connect: a technician wants to hear at once that the port is wrong.
  const session = new ReaderSession({
    connect: options.connect,
    reconnectIntervalMs: 60_000,
  });
  if (!options.json)
    process.stderr.write(`Waiting up to ${options.timeoutMs / 1000} s for a card on ${options.port}…\n`);
  const record = await untilEvent<IdCardRecord>(
    session,
    options.timeoutMs,
    (event) => {
      if (event.type === 'card') return { value: event.record };
      if (event.type === 'cardError') {
        return { error: new CliError(EXIT.deviceError, `the card was not accepted: ${event.message}`, event.code) };
      }
      return noReader(event);
    },
    () => new CliError(EXIT.timeout, `no card was laid on the reader within ${options.timeoutMs} ms`, 'IDCARD_NO_CARD'),
  ).finally(() => session.stop());
  const printable = printableRecord(record, options.reveal);
  if (options.json) return printJson(printable);
  printLines(
    Object.entries(printable)
      .filter(([key]) => key !== 'photo')
      .map(([key, value]) => `${key.padEnd(18)} ${shown(key, value)}`)
      .concat(`${'photo'.padEnd(18)} ${record.photo.length} bytes WLT (no decoder installed)`),
  );
}

export async function idcardSam(args: string[]): Promise<void> {
  const options = readerArgs(args);
  const session = new ReaderSession({
    connect: options.connect,
    reconnectIntervalMs: 60_000,
  });
  let samId: string;
  try {
    await untilEvent<void>(
      session,
      options.timeoutMs,
      (event) => (event.type === 'status' && event.status.state === 'ready' ? { value: undefined } : noReader(event)),
      () => new CliError(EXIT.noDevice, `the reader on ${options.port} did not answer within ${options.timeoutMs} ms`),
    );
    if (options.reset) await session.resetSam();
    samId = await session.readSamId();
  } finally {
    await session.stop();
  }
  if (options.json) return printJson({ samId, port: options.port, reset: options.reset });
  printLines([options.reset ? `${samId} (SAM reset)` : samId]);
}
