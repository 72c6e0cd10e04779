// JSON logs (pino) with personal data removed before anything is written (ARCHITECTURE.md, DOMAIN.md §8):
// fields that hold personal data are replaced whatever their value, and ID numbers or phone numbers that
// slip into any other string are masked.
import pino, { type DestinationStream } from 'pino';
import { rotatingLogFile } from './log-file.ts';

export type Logger = pino.Logger;

export const REDACTED = '[redacted]';

/** Field names whose values are personal data wherever they appear in a log object. */
const PERSONAL_FIELDS = new Set([
  'name',
  'chineseName',
  'englishName',
  'idNumber',
  'documentNumber',
  'phone',
  'mobile',
  'address',
  'photo',
  'image',
  'face',
  'signature',
  'fingerprint',
  'birthDate',
  'token',
  'authorization',
]);

// 18-character resident ID numbers (last character may be X) and mainland mobile numbers.
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Masks ID and mobile numbers in free text (log messages, lines read back for export). */
export function scrubString(text: string): string {
  return text.replace(ID_NUMBER, REDACTED).replace(MOBILE, REDACTED);
}

/** A copy of `value` with personal data removed. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      type: value.name,
      message: scrubString(value.message),
      ...(code === undefined ? {} : { code }),
      ...(value.stack === undefined ? {} : { stack: scrubString(value.stack) }),
    };
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = PERSONAL_FIELDS.has(key) ? REDACTED : redact(field, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
  /** Also append the (redacted) lines to logs/kiosk.log in this folder, size-capped (core/log-file.ts). */
  logsDir?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.KIOSK_LOG_LEVEL ?? 'info';
  const main = options.destination ?? pino.destination(2);
  const destination = options.logsDir
    ? pino.multistream([
        { stream: main, level: level as pino.Level },
        { stream: rotatingLogFile(options.logsDir), level: level as pino.Level },
      ])
    : main;
  return pino(
    {
      level,
      base: { app: 'kiosk' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (object) => redact(object) as Record<string, unknown>,
      },
      hooks: {
        // Messages are strings too: mask what slipped into them.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubString(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
