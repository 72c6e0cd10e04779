// Where the hub keeps fleet health: each kiosk's latest heartbeat, pending "collect logs" requests and the log
// bundles kiosks uploaded (files under logsDir, one row each), on the hub's database like the other storages.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlDatabase } from '../db/sql.ts';

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

export class SqlFleetStorage {
  constructor(
    private readonly db: SqlDatabase,
    private readonly logsDir: string,
  ) {}

  /**
   * Keeps the kiosk's latest heartbeat and answers what the kiosk should hear back, in one statement (one round
   * trip on PostgreSQL): whether staff asked for its logs, and the newest status change staff made to its
   * submissions ('submitted' the kiosk knows from the batch answer). A heartbeat lost to a power cut is replaced
   * by the next within 5 minutes: no wait for the disk.
   */
  async recordHeartbeat(
    kioskCode: string,
    receivedAt: string,
    report: unknown,
  ): Promise<{ collectLogs: boolean; statusCursor: string }> {
    const row = await this.db.getRelaxed<{ collect_logs: number; status_cursor: number | null }>(
      `INSERT INTO kiosk_heartbeats (kiosk_code, received_at, report) VALUES (?, ?, ?)
       ON CONFLICT (kiosk_code) DO UPDATE SET received_at = excluded.received_at, report = excluded.report
       RETURNING (SELECT count(*) FROM kiosk_log_requests WHERE kiosk_code = ?) AS collect_logs,
         (SELECT max(seq) FROM status_events WHERE kiosk_code = ? AND status <> 'submitted') AS status_cursor`,
      [kioskCode, receivedAt, JSON.stringify(report), kioskCode, kioskCode],
    );
    const cursor = row?.status_cursor ?? null;
    return { collectLogs: (row?.collect_logs ?? 0) > 0, statusCursor: cursor === null ? '' : String(cursor) };
  }

  /** Asks a kiosk for its logs at its next heartbeat; false when no such kiosk is enrolled. */
  async requestLogs(kioskCode: string, at: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 AS found FROM kiosks WHERE code = ?', [kioskCode]))) return false;
      await tx.run(
        `INSERT INTO kiosk_log_requests (kiosk_code, requested_at) VALUES (?, ?)
         ON CONFLICT (kiosk_code) DO UPDATE SET requested_at = excluded.requested_at`,
        [kioskCode, at],
      );
      return true;
    });
  }

  /** Keeps an uploaded bundle and answers the kiosk's pending request, in one step. */
  async storeLogBundle(kioskCode: string, receivedAt: string, data: Buffer): Promise<LogBundleRecord> {
    const dir = path.join(this.logsDir, kioskCode);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${receivedAt.replace(/[-:.]/g, '')}.jsonl.gz`);
    await writeFile(file, data, { mode: 0o600 });
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO kiosk_log_bundles (kiosk_code, received_at, file, bytes) VALUES (?, ?, ?, ?)', [
        kioskCode,
        receivedAt,
        file,
        data.length,
      ]);
      await tx.run('DELETE FROM kiosk_log_requests WHERE kiosk_code = ?', [kioskCode]);
    });
    return { kioskCode, receivedAt, file, bytes: data.length };
  }

  /** The newest bundle of a kiosk, with its bytes; null when it sent none. */
  async latestLogBundle(kioskCode: string): Promise<(LogBundleRecord & { data: Buffer }) | null> {
    const row = await this.db.get<{ kiosk_code: string; received_at: string; file: string; bytes: number }>(
      'SELECT kiosk_code, received_at, file, bytes FROM kiosk_log_bundles WHERE kiosk_code = ? ORDER BY id DESC LIMIT 1',
      [kioskCode],
    );
    if (!row) return null;
    return {
      kioskCode: row.kiosk_code,
      receivedAt: row.received_at,
      file: row.file,
      bytes: row.bytes,
      data: await readFile(row.file),
    };
  }

  /** Every enrolled kiosk with its latest heartbeat, most recently heard from first, then the silent ones. */
  async fleet(): Promise<FleetEntry[]> {
    const rows = await this.db.query<{
      code: string;
      region: string;
      revoked_at: string | null;
      received_at: string | null;
      report: string | null;
      requested_at: string | null;
      last_logs_at: string | null;
    }>(
      `SELECT k.code, k.region, k.revoked_at, h.received_at, h.report, r.requested_at,
              (SELECT MAX(b.received_at) FROM kiosk_log_bundles b WHERE b.kiosk_code = k.code) AS last_logs_at
       FROM kiosks k
       LEFT JOIN kiosk_heartbeats h ON h.kiosk_code = k.code
       LEFT JOIN kiosk_log_requests r ON r.kiosk_code = k.code
       ORDER BY h.received_at IS NULL, h.received_at DESC, k.code`,
    );
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
}
