// Wire types of kiosk diagnostics, shared by the kiosk (KioskApi, kioskctl, heartbeat) and the hub: the health
// report and a self-test's result. Nothing here may carry personal data: figures, states and codes only.
import { z } from 'zod';

/** The back-end self-tests; the screen adds camera, speakers and touch, which only the renderer can run. */
export const SELF_TEST_IDS = ['idcard', 'receiptPrinter', 'a4Printer', 'network', 'disk'] as const;
export type SelfTestId = (typeof SELF_TEST_IDS)[number];

/** A sentence in Simplified Chinese with its English twin, made in core so the screen and kioskctl agree. */
export interface PlainText {
  zh: string;
  en: string;
}

export interface SelfTestResult {
  id: SelfTestId;
  status: 'pass' | 'fail' | 'skipped';
  /** Stable code of the outcome: 'OK', 'IDCARD_NO_CARD', 'PRINTER_PAPER_OUT', 'CLOCK_OFF', 'DISK_LOW', … */
  code: string;
  reason: PlainText;
  /** What the technician should do about a failure; null when there is nothing to do. */
  fix: PlainText | null;
  /** Technical figures (SAM id, queue state, offset in seconds); never personal data. */
  details: Record<string, string | number | boolean | null>;
}

const deviceState = z.string().regex(/^[A-Za-z-]{1,32}$/);
const isoTime = z.iso.datetime();
const count = z.number().int().min(0);

/** The health report: what the technician screen's 健康状况, `kioskctl health` and the heartbeat show. */
export const healthReportSchema = z
  .object({
    kioskCode: z.string().regex(/^[A-Z0-9-]{3,32}$/),
    appVersion: z.string().max(40),
    at: isoTime,
    /** Seconds since the back end started. */
    uptimeSeconds: count,
    systemUptimeSeconds: count,
    /** Unplanned back-end and renderer restarts the watchdog counted (data/watchdog.json). */
    restarts: count,
    devices: z
      .object({
        /** IdCardReaderState, or 'unknown' when the kiosk is not running (kioskctl health). */
        idcard: deviceState,
        receiptPrinter: deviceState,
        a4Printer: z.enum(['configured', 'none']),
      })
      .strict(),
    network: z
      .object({
        hub: z.enum(['configured', 'none']),
        lastSyncAt: isoTime.nullable(),
        lastSyncError: z.string().max(300).nullable(),
        /** What the hub's clock minus ours was last seen to be (learnt from signed requests). */
        clockOffsetMs: z.number().int(),
      })
      .strict(),
    catalogue: z.object({ version: count.nullable(), created: z.string().max(40).nullable() }).strict(),
    outbox: z
      .object({
        /** Submissions not yet acknowledged by the hub. */
        pending: count,
        oldestPendingAt: isoTime.nullable(),
        oldestPendingAgeSeconds: count.nullable(),
        refused: count,
      })
      .strict(),
    /** Free and total bytes on the data folder's filesystem; null when it cannot be read. */
    disk: z.object({ freeBytes: count, totalBytes: count }).strict().nullable(),
    memory: z
      .object({ rssBytes: count, heapUsedBytes: count, systemFreeBytes: count, systemTotalBytes: count })
      .strict(),
  })
  .strict();
export type HealthReport = z.infer<typeof healthReportSchema>;

export const HEARTBEAT_PATH = '/v1/heartbeat';
/**
 * The hub's answer to a heartbeat: collectLogs asks the kiosk to upload its redacted log bundle now;
 * statusCursor is the status feed's cursor after the newest status change staff made to this kiosk's
 * submissions ('' when there is none), so a kiosk whose own cursor is behind looks at its feed now instead of
 * polling it often.
 */
export const heartbeatAnswerSchema = z
  .object({
    ok: z.literal(true),
    collectLogs: z.boolean(),
    statusCursor: z
      .string()
      .regex(/^\d{0,15}$/)
      .optional(),
  })
  .strict();
export type HeartbeatAnswer = z.infer<typeof heartbeatAnswerSchema>;
/** The log bundle a kiosk uploads (PUT), gzip'd JSON lines, at most this many bytes. */
export const MAX_LOG_BUNDLE_BYTES = 16 * 1024 * 1024;
export function kioskLogsPath(kioskCode: string): string {
  return `/v1/kiosks/${kioskCode}/logs`;
}
