// The durable outbox: what citizens submit waits here, sealed, until the hub has acknowledged it. A submission
// and its attachments are written in one transaction (WAL, synchronous=FULL) before the kiosk says "submitted";
// a full disk or any other write failure is an OUTBOX_UNAVAILABLE error and nothing is half-written.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chinaDay } from '../../drivers/china-time.ts';
import { KioskError } from '../api/errors.ts';
import type { Db } from '../db/database.ts';
import {
  submissionPayloadSchema,
  type CaseStatus,
  type StatusUpdate,
  type Submission,
  type SubmissionPayload,
  type SubmissionResult,
} from '../protocol/submissions.ts';
import { seal, unseal } from './seal.ts';

/** RFC 9562 UUIDv7: 48 bits of Unix milliseconds, then random bits; sorts by creation time. */
export function uuidv7(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface NewAttachment {
  kind: string;
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
  data: Buffer;
}

export interface NewSubmission {
  serviceId: string;
  payload: SubmissionPayload;
  /** File contents; their refs (hash, size) are added to the payload here. */
  attachments?: NewAttachment[];
  /**
   * The screen's id for this request and what it asked (canonical JSON): the same id again returns the first
   * receipt; the same id with other content is refused.
   */
  request?: { id: string; content: string };
}

export type OutboxState = 'pending' | 'sent' | 'acknowledged' | 'rejected';

/** A submission as the citizen or technician sees it: no payload. */
export interface OutboxEntry {
  id: string;
  acceptanceNumber: string;
  serviceId: string;
  kind: 'application' | 'rating';
  createdAt: string;
  state: OutboxState;
  caseId: string | null;
  caseStatus: CaseStatus;
  statusReason: string | null;
  statusMissing: string[];
  lastError: string | null;
}

export interface OutboxSummary {
  pending: number;
  sent: number;
  acknowledged: number;
  rejected: number;
  /** Creation time of the oldest submission not yet acknowledged. */
  oldestPendingAt: string | null;
}

interface SubmissionRow {
  id: string;
  acceptance_number: string;
  service_id: string;
  kind: 'application' | 'rating';
  created_at: string;
  state: OutboxState;
  case_id: string | null;
  case_status: CaseStatus;
  status_reason: string | null;
  status_missing: string;
  last_error: string | null;
  payload: Buffer | null;
}

function toEntry(row: SubmissionRow): OutboxEntry {
  return {
    id: row.id,
    acceptanceNumber: row.acceptance_number,
    serviceId: row.service_id,
    kind: row.kind,
    createdAt: row.created_at,
    state: row.state,
    caseId: row.case_id,
    caseStatus: row.case_status,
    statusReason: row.status_reason,
    statusMissing: JSON.parse(row.status_missing) as string[],
    lastError: row.last_error,
  };
}

const ENTRY_COLUMNS = `id, acceptance_number, service_id, kind, created_at, state, case_id, case_status, status_reason,
  status_missing, last_error`;

export interface OutboxOptions {
  db: Db;
  kioskCode: string;
  dataKey: Buffer;
  now?: () => Date;
}

export class Outbox {
  private readonly db: Db;
  private readonly now: () => Date;

  constructor(private readonly options: OutboxOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
  }

  get kioskCode(): string {
    return this.options.kioskCode;
  }

  /** A key for finding one citizen's submissions that reveals nothing without the device's data key. */
  applicantKey(idNumber: string): string {
    return createHmac('sha256', this.options.dataKey).update(idNumber.trim().toUpperCase()).digest('hex');
  }

  /**
   * Writes a submission and its attachments in one transaction and gives it an acceptance number: kiosk code,
   * China date and a sequence of the day (XW-DEMO-001-20261122-0007). Only after this returns may the screen
   * say "submitted".
   */
  submit(input: NewSubmission): { id: string; acceptanceNumber: string; createdAt: string } {
    const now = this.now();
    const id = uuidv7(now);
    const createdAt = now.toISOString();
    const attachments = (input.attachments ?? []).map((file) => ({
      ...file,
      sha256: createHash('sha256').update(file.data).digest('hex'),
    }));
    let payload = input.payload;
    if (payload.kind === 'application' && attachments.length > 0) {
      payload = {
        ...payload,
        attachments: [
          ...payload.attachments,
          ...attachments.map((file) => ({
            kind: file.kind,
            contentType: file.contentType,
            sha256: file.sha256,
            size: file.data.length,
          })),
        ],
      };
    }
    const parsed = submissionPayloadSchema.safeParse(payload);
    if (!parsed.success) {
      throw new KioskError('API_BAD_REQUEST', `submission: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const day = chinaDay(now);
    const key = this.options.dataKey;
    try {
      return this.db.transaction(() => {
        const requestDigest = input.request
          ? createHmac('sha256', key).update(input.request.content).digest('hex')
          : null;
        if (input.request) {
          const earlier = this.db
            .prepare('SELECT id, acceptance_number, created_at, request_digest FROM submissions WHERE request_id = ?')
            .get(input.request.id) as
            { id: string; acceptance_number: string; created_at: string; request_digest: string } | undefined;
          if (earlier) {
            if (earlier.request_digest !== requestDigest) {
              throw new KioskError('API_BAD_REQUEST', 'this request id was already used for another submission');
            }
            return { id: earlier.id, acceptanceNumber: earlier.acceptance_number, createdAt: earlier.created_at };
          }
        }
        this.db
          .prepare('INSERT INTO sequences (day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1')
          .run(day);
        const { last } = this.db.prepare('SELECT last FROM sequences WHERE day = ?').get(day) as { last: number };
        const acceptanceNumber = `${this.options.kioskCode}-${day.replaceAll('-', '')}-${String(last).padStart(4, '0')}`;
        const applicant = parsed.data.kind === 'application' ? this.applicantKey(parsed.data.applicant.idNumber) : null;
        this.db
          .prepare(
            `INSERT INTO submissions (id, acceptance_number, service_id, kind, created_at, state, applicant_key, payload,
               request_id, request_digest)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
          )
          .run(
            id,
            acceptanceNumber,
            input.serviceId,
            parsed.data.kind,
            createdAt,
            applicant,
            seal(key, Buffer.from(JSON.stringify(parsed.data)), id),
            input.request?.id ?? null,
            requestDigest,
          );
        const insertAttachment = this.db.prepare(
          `INSERT OR IGNORE INTO attachments (submission_id, sha256, kind, content_type, size, data)
           VALUES (?, ?, ?, ?, ?, ?)`,
        );
        for (const file of attachments) {
          insertAttachment.run(
            id,
            file.sha256,
            file.kind,
            file.contentType,
            file.data.length,
            seal(key, file.data, `${id}/${file.sha256}`),
          );
        }
        return { id, acceptanceNumber, createdAt };
      })();
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_')) {
        // SQLITE_FULL (disk full) and friends: the transaction rolled back; the citizen is told, nothing is lost.
        throw new KioskError('OUTBOX_UNAVAILABLE', `the submission could not be stored (${code})`);
      }
      throw error;
    }
  }

  /** The oldest submissions still to deliver (pending, or sent without an answer), oldest first. */
  due(limit: number): Submission[] {
    const rows = this.db
      .prepare(
        `SELECT id, acceptance_number, service_id, created_at, payload FROM submissions
         WHERE state IN ('pending', 'sent') AND payload IS NOT NULL ORDER BY created_at, rowid LIMIT ?`,
      )
      .all(limit) as {
      id: string;
      acceptance_number: string;
      service_id: string;
      created_at: string;
      payload: Buffer;
    }[];
    return rows.map((row) => ({
      id: row.id,
      acceptanceNumber: row.acceptance_number,
      serviceId: row.service_id,
      createdAt: row.created_at,
      payload: JSON.parse(unseal(this.options.dataKey, row.payload, row.id).toString('utf8')) as SubmissionPayload,
    }));
  }

  /** Attachments of these submissions that the hub does not have yet, decrypted for upload. */
  attachmentsToUpload(ids: readonly string[]): { submissionId: string; sha256: string; data: Buffer }[] {
    const select = this.db.prepare(
      'SELECT submission_id, sha256, data FROM attachments WHERE submission_id = ? AND uploaded = 0 AND data IS NOT NULL',
    );
    return ids.flatMap((id) =>
      (select.all(id) as { submission_id: string; sha256: string; data: Buffer }[]).map((row) => ({
        submissionId: row.submission_id,
        sha256: row.sha256,
        data: unseal(this.options.dataKey, row.data, `${row.submission_id}/${row.sha256}`),
      })),
    );
  }

  markUploaded(sha256: string): void {
    this.db.prepare('UPDATE attachments SET uploaded = 1 WHERE sha256 = ?').run(sha256);
  }

  /** Marks a batch as on its way, before it is sent: a crash after this resends it, and the hub de-duplicates. */
  markSent(ids: readonly string[]): void {
    const update = this.db.prepare(
      `UPDATE submissions SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ? AND state IN ('pending', 'sent')`,
    );
    const at = this.now().toISOString();
    this.db.transaction(() => ids.forEach((id) => update.run(at, id)))();
  }

  /** Records the hub's answers; returns how many were acknowledged and how many refused for good. */
  recordResults(results: readonly SubmissionResult[]): { acknowledged: number; rejected: number } {
    const acknowledge = this.db.prepare(
      `UPDATE submissions SET state = 'acknowledged', case_id = ?, acknowledged_at = ?, last_error = NULL
       WHERE id = ? AND state IN ('pending', 'sent')`,
    );
    const reject = this.db.prepare(`UPDATE submissions SET state = 'rejected', last_error = ? WHERE id = ?`);
    const retryLater = this.db.prepare(`UPDATE submissions SET state = 'pending', last_error = ? WHERE id = ?`);
    const at = this.now().toISOString();
    let acknowledged = 0;
    let rejected = 0;
    this.db.transaction(() => {
      for (const result of results) {
        if (result.outcome === 'accepted') {
          acknowledged += acknowledge.run(result.caseId, at, result.id).changes;
        } else if (result.retryable) {
          retryLater.run(`${result.code}: ${result.message}`, result.id);
        } else {
          rejected += reject.run(`${result.code}: ${result.message}`, result.id).changes;
        }
      }
    })();
    return { acknowledged, rejected };
  }

  /** Puts submissions that were marked sent back to pending with the reason (the batch did not get through). */
  recordFailure(ids: readonly string[], reason: string): void {
    const update = this.db.prepare(
      `UPDATE submissions SET state = 'pending', last_error = ? WHERE id = ? AND state = 'sent'`,
    );
    this.db.transaction(() => ids.forEach((id) => update.run(reason, id)))();
  }

  applyStatusUpdates(updates: readonly StatusUpdate[]): number {
    const update = this.db.prepare(
      `UPDATE submissions SET case_status = ?, status_reason = ?, status_missing = ?, status_at = ? WHERE id = ?
       AND (status_at IS NULL OR status_at <= ?)`,
    );
    let changed = 0;
    this.db.transaction(() => {
      for (const entry of updates) {
        changed += update.run(
          entry.status,
          entry.reason,
          JSON.stringify(entry.missing),
          entry.at,
          entry.submissionId,
          entry.at,
        ).changes;
      }
    })();
    return changed;
  }

  /** This kiosk's submissions of one citizen, newest first (what it holds locally, for offline). */
  forApplicant(idNumber: string): OutboxEntry[] {
    const rows = this.db
      .prepare(`SELECT ${ENTRY_COLUMNS} FROM submissions WHERE applicant_key = ? ORDER BY created_at DESC, rowid DESC`)
      .all(this.applicantKey(idNumber)) as SubmissionRow[];
    return rows.map(toEntry);
  }

  byAcceptanceNumber(acceptanceNumber: string): OutboxEntry | null {
    const row = this.db
      .prepare(`SELECT ${ENTRY_COLUMNS} FROM submissions WHERE acceptance_number = ?`)
      .get(acceptanceNumber) as SubmissionRow | undefined;
    return row ? toEntry(row) : null;
  }

  entry(id: string): OutboxEntry | null {
    const row = this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM submissions WHERE id = ?`).get(id) as
      SubmissionRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Refused submissions, for the technician (their acceptance numbers and reasons; no payload). */
  rejected(): OutboxEntry[] {
    return (
      this.db
        .prepare(`SELECT ${ENTRY_COLUMNS} FROM submissions WHERE state = 'rejected' ORDER BY created_at, rowid`)
        .all() as SubmissionRow[]
    ).map(toEntry);
  }

  summary(): OutboxSummary {
    const counts = new Map(
      (
        this.db.prepare('SELECT state, count(*) AS n FROM submissions GROUP BY state').all() as {
          state: OutboxState;
          n: number;
        }[]
      ).map((row) => [row.state, row.n]),
    );
    const oldest = this.db
      .prepare(`SELECT min(created_at) AS at FROM submissions WHERE state IN ('pending', 'sent')`)
      .get() as { at: string | null };
    return {
      pending: counts.get('pending') ?? 0,
      sent: counts.get('sent') ?? 0,
      acknowledged: counts.get('acknowledged') ?? 0,
      rejected: counts.get('rejected') ?? 0,
      oldestPendingAt: oldest.at,
    };
  }

  /**
   * Drops the sealed payload and attachments of submissions acknowledged more than `retentionDays` ago, keeping
   * the acceptance number and status. Returns how many were purged.
   */
  purgeDelivered(retentionDays: number): number {
    const cutoff = new Date(this.now().getTime() - retentionDays * 86_400_000).toISOString();
    return this.db.transaction(() => {
      const ids = (
        this.db
          .prepare(
            `SELECT id FROM submissions WHERE state = 'acknowledged' AND payload IS NOT NULL AND acknowledged_at < ?`,
          )
          .all(cutoff) as { id: string }[]
      ).map((row) => row.id);
      const purge = this.db.prepare('UPDATE submissions SET payload = NULL, purged_at = ? WHERE id = ?');
      const dropFiles = this.db.prepare('UPDATE attachments SET data = NULL WHERE submission_id = ?');
      const at = this.now().toISOString();
      for (const id of ids) {
        purge.run(at, id);
        dropFiles.run(id);
      }
      return ids.length;
    })();
  }

  getState(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setState(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)').run(key, value);
  }
}
