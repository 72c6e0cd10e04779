// The kiosk's heartbeat: every few minutes (diagnostics.heartbeatMinutes) it collects the health report,
// keeps it in data/health.json (what `kioskctl health` shows of the running kiosk) and, with a hub, sends it
// signed to POST /v1/heartbeat. When the hub's answer asks for the logs (staff pressed "collect logs"), the
// redacted log bundle goes up at once (PUT /v1/kiosks/<code>/logs); when it names a status cursor beyond the
// kiosk's, the outbox sync looks at the status feed. A failed beat is logged and retried at the next one;
// nothing here stops the kiosk.
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.ts';
import type { SignedHubClient } from '../outbox/hub-client.ts';
import { HEARTBEAT_PATH, heartbeatAnswerSchema, kioskLogsPath, type HealthReport } from '../protocol/diagnostics.ts';
import type { LogBundle } from './log-export.ts';

export const HEALTH_SNAPSHOT_FILE = 'health.json';

export interface HeartbeatOptions {
  kioskCode: string;
  collect: () => Promise<HealthReport>;
  /** Signed requests to the hub; null: the report is only kept on disk. */
  client: SignedHubClient | null;
  intervalMs: number;
  dataDir: string;
  logBundle: () => LogBundle;
  /** Told the hub's status cursor from each answer (the outbox sync looks at the feed when it is behind). */
  onStatusCursor?: (cursor: string) => void;
  log: Logger;
}

export interface HeartbeatOutcome {
  /** The hub took the heartbeat. */
  sent: boolean;
  /** The hub asked for the logs, and whether they went up. */
  collectLogs: boolean;
  logsUploaded: boolean;
  error: string | null;
}

export class HeartbeatWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<HeartbeatOutcome> | null = null;
  private last: { at: string; outcome: HeartbeatOutcome } | null = null;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    if (this.timer) return;
    const tick = () =>
      void this.beat().finally(() => this.timer && (this.timer = setTimeout(tick, this.options.intervalMs)));
    // The first beat soon after start, so the fleet view shows a restarted kiosk at once.
    this.timer = setTimeout(tick, Math.min(5_000, this.options.intervalMs));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** When the last beat was, and how it went. */
  get lastBeat(): { at: string; outcome: HeartbeatOutcome } | null {
    return this.last;
  }

  /** One beat now; concurrent callers share it. */
  beat(): Promise<HeartbeatOutcome> {
    this.running ??= this.once().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async once(): Promise<HeartbeatOutcome> {
    const { options } = this;
    const outcome: HeartbeatOutcome = { sent: false, collectLogs: false, logsUploaded: false, error: null };
    try {
      const report = await options.collect();
      this.keepSnapshot(report);
      if (options.client) {
        const answer = heartbeatAnswerSchema.parse(await options.client.json('POST', HEARTBEAT_PATH, report));
        outcome.sent = true;
        outcome.collectLogs = answer.collectLogs;
        if (answer.statusCursor !== undefined) options.onStatusCursor?.(answer.statusCursor);
        if (answer.collectLogs) {
          const bundle = options.logBundle();
          await options.client.send('PUT', kioskLogsPath(options.kioskCode), bundle.data, {
            'content-type': 'application/gzip',
          });
          outcome.logsUploaded = true;
          options.log.info({ lines: bundle.lines, bytes: bundle.data.length }, 'log bundle sent to the hub as asked');
        }
      }
    } catch (error) {
      // HubRefusal and HubError carry the hub's stable code: that is what a technician looks up.
      const code = (error as { code?: unknown }).code;
      outcome.error = `${typeof code === 'string' ? code : 'HEARTBEAT_FAILED'}: ${(error as Error).message ?? String(error)}`;
      options.log.warn({ detail: outcome.error }, 'heartbeat failed');
    }
    this.last = { at: new Date().toISOString(), outcome };
    return outcome;
  }

  /** health.json, replaced whole (written beside, then renamed) so a reader never sees half a report. */
  private keepSnapshot(report: HealthReport): void {
    const file = path.join(this.options.dataDir, HEALTH_SNAPSHOT_FILE);
    try {
      writeFileSync(`${file}.part`, JSON.stringify(report, null, 2));
      renameSync(`${file}.part`, file);
    } catch (error) {
      // A full disk: the beat to the hub still goes.
      this.options.log.warn({ detail: (error as Error).message }, 'health snapshot not written');
    }
  }
}
