// Where the hub keeps fleet health: each kiosk's latest heartbeat, pending "collect logs" requests and the log
// bundles kiosks uploaded (files under logsDir, one row each). SQLite on hub.sqlite, like the other storages.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openHubDatabase, type HubDb } from '../db/database.ts';

export interface FleetEntry {
  kioskCode: string;
  region: string;
  revoked: boolean;
  /** When the latest heartbeat arrived (hub clock); null: never. */
  lastHeartbeatAt: string | null;
  /** The kiosk's latest health report (core/protocol/diagnostics.ts), as it sent it. */
  health: unknown;
  collectLogsRequestedAt: string | null;
  lastLogsAt: string | null;
}

export interface LogBundleRecord {
  kioskCode: string;
  receivedAt: string;
  file: string;
  bytes: number;
}

export class SqliteFleetStorage {
  private readonly db: HubDb;

  /**
   * Heartbeats on a connection that does not wait for the disk at each commit (still atomic in WAL mode): a
   * heartbeat lost to a power cut is replaced by the next within 5 minutes, and 20,000 kiosks send 67 a second.
   */
  private readonly heartbeats: HubDb;

  constructor(
    file: string,
    private readonly logsDir: string,
  ) {
    this.db = openHubDatabase(file);
    this.heartbeats = file === ':memory:' ? this.db : openHubDatabase(file);
    this.heartbeats.pragma('synchronous = NORMAL');
  }

  recordHeartbeat(kioskCode: string, receivedAt: string, report: unknown): void {
    this.heartbeats
      .prepare(
        `INSERT INTO kiosk_heartbeats (kiosk_code, received_at, report) VALUES (?, ?, ?)
         ON CONFLICT (kiosk_code) DO UPDATE SET received_at = excluded.received_at, report = excluded.report`,
      )
      .run(kioskCode, receivedAt, JSON.stringify(report));
  }

  /** Asks a kiosk for its logs at its next heartbeat; false when no such kiosk is enrolled. */
  requestLogs(kioskCode: string, at: string): boolean {
    if (!this.db.prepare('SELECT 1 FROM kiosks WHERE code = ?').get(kioskCode)) return false;
    this.db
      .prepare('INSERT OR REPLACE INTO kiosk_log_requests (kiosk_code, requested_at) VALUES (?, ?)')
      .run(kioskCode, at);
    return true;
  }

  logsRequested(kioskCode: string): boolean {
    return this.db.prepare('SELECT 1 FROM kiosk_log_requests WHERE kiosk_code = ?').get(kioskCode) !== undefined;
  }

  /** Keeps an uploaded bundle and answers the kiosk's pending request, in one step. */
  storeLogBundle(kioskCode: string, receivedAt: string, data: Buffer): LogBundleRecord {
    const dir = path.join(this.logsDir, kioskCode);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${receivedAt.replace(/[-:.]/g, '')}.jsonl.gz`);
    writeFileSync(file, data, { mode: 0o600 });
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO kiosk_log_bundles (kiosk_code, received_at, file, bytes) VALUES (?, ?, ?, ?)')
        .run(kioskCode, receivedAt, file, data.length);
      this.db.prepare('DELETE FROM kiosk_log_requests WHERE kiosk_code = ?').run(kioskCode);
    })();
    return { kioskCode, receivedAt, file, bytes: data.length };
  }

  /** The newest bundle of a kiosk, with its bytes; null when it sent none. */
  latestLogBundle(kioskCode: string): (LogBundleRecord & { data: Buffer }) | null {
    const row = this.db
      .prepare(
        'SELECT kiosk_code, received_at, file, bytes FROM kiosk_log_bundles WHERE kiosk_code = ? ORDER BY id DESC LIMIT 1',
      )
      .get(kioskCode) as { kiosk_code: string; received_at: string; file: string; bytes: number } | undefined;
    if (!row) return null;
    return {
      kioskCode: row.kiosk_code,
      receivedAt: row.received_at,
      file: row.file,
      bytes: row.bytes,
      data: readFileSync(row.file),
    };
  }

  /** Every enrolled kiosk with its latest heartbeat, most recently heard from first, then the silent ones. */
  fleet(): FleetEntry[] {
    const rows = this.db
      .prepare(
        `SELECT k.code, k.region, k.revoked_at, h.received_at, h.report, r.requested_at,
                (SELECT MAX(b.received_at) FROM kiosk_log_bundles b WHERE b.kiosk_code = k.code) AS last_logs_at
         FROM kiosks k
         LEFT JOIN kiosk_heartbeats h ON h.kiosk_code = k.code
         LEFT JOIN kiosk_log_requests r ON r.kiosk_code = k.code
         ORDER BY h.received_at IS NULL, h.received_at DESC, k.code`,
      )
      .all() as {
      code: string;
      region: string;
      revoked_at: string | null;
      received_at: string | null;
      report: string | null;
      requested_at: string | null;
      last_logs_at: string | null;
    }[];
    return rows.map((row) => ({
      kioskCode: row.code,
      region: row.region,
      revoked: row.revoked_at !== null,
      lastHeartbeatAt: row.received_at,
      health: row.report === null ? null : (JSON.parse(row.report) as unknown),
      collectLogsRequestedAt: row.requested_at,
      lastLogsAt: row.last_logs_at,
    }));
  }

  close(): void {
    if (this.heartbeats !== this.db) this.heartbeats.close();
    this.db.close();
  }
}
