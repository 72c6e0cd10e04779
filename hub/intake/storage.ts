// Where the hub keeps enrolled kiosks and what they submit. The interface is asynchronous so PostgreSQL can
// stand in for SQLite (issue 9); the rules (signatures, validation, de-duplication) live in service.ts.
import type { CaseStatus, StatusUpdate } from '../../core/protocol/submissions.ts';
import { openHubDatabase, type HubDb } from '../db/database.ts';

export interface KioskRecord {
  code: string;
  region: string;
  publicKey: string;
  revokedAt: string | null;
}

export interface StoredSubmission {
  id: string;
  caseId: string;
  kioskCode: string;
  region: string;
  acceptanceNumber: string;
  serviceId: string;
  kind: string;
  createdAt: string;
  contentSha256: string;
  submission: string;
  applicantKey: string | null;
}

export interface RatingRecord {
  submissionId: string;
  ratedAcceptanceNumber: string | null;
  levelGbt: number;
  comment: string;
  anonymous: boolean;
  channel: string;
}

export interface CaseRow {
  id: string;
  caseId: string;
  acceptanceNumber: string;
  serviceId: string;
  kioskCode: string;
  region: string;
  createdAt: string;
  receivedAt: string;
  status: CaseStatus;
  reason: string | null;
  missing: string[];
}

export interface SubmissionStorage {
  kiosk(code: string): Promise<KioskRecord | null>;
  /** Enrols or re-keys a kiosk; false when it is revoked (a revoked code stays revoked). */
  putKiosk(kiosk: Omit<KioskRecord, 'revokedAt'>, at: string): Promise<boolean>;
  revokeKiosk(code: string, at: string): Promise<boolean>;
  /** Records a nonce; false when the kiosk used it already. Forgets nonces older than `forgetBefore`. */
  useNonce(kioskCode: string, nonce: string, at: string, forgetBefore: string): Promise<boolean>;
  /**
   * Stores what is new of a batch in one transaction: `decide` sees the first stored copy of each id (or null)
   * and returns the record to store, or nothing.
   */
  storeBatch<T>(ids: readonly string[], decide: (existing: Map<string, StoredSubmission>) => T): Promise<T>;
  insertSubmission(submission: Omit<StoredSubmission, 'caseId'>, receivedAt: string): string;
  insertRating(rating: RatingRecord, at: string): void;
  recordConflict(id: string, kioskCode: string, contentSha256: string, at: string): void;
  setStatus(
    caseId: string,
    change: { status: CaseStatus; reason: string | null; missing: string[] },
    at: string,
  ): Promise<boolean>;
  statusFeed(kioskCode: string, after: number, limit: number): Promise<{ updates: StatusUpdate[]; cursor: number }>;
  byApplicant(applicantKey: string, regionPrefix: string, limit: number): Promise<CaseRow[]>;
  cases(filter: { status?: string; region?: string; limit: number }): Promise<CaseRow[]>;
  /** Inserts 基本满意 for submissions older than `before` with no rating of them; returns how many. */
  defaultRatings(before: string, at: string): Promise<number>;
  upload(sha256: string): Promise<{ size: number; received: number; complete: boolean } | null>;
  putUpload(sha256: string, size: number, received: number, complete: boolean): Promise<void>;
  close(): Promise<void>;
}

interface CaseDbRow {
  id: string;
  case_id: string;
  acceptance_number: string;
  service_id: string;
  kiosk_code: string;
  region: string;
  created_at: string;
  received_at: string;
  status: CaseStatus;
  status_reason: string | null;
  status_missing: string;
}

const toCase = (row: CaseDbRow): CaseRow => ({
  id: row.id,
  caseId: row.case_id,
  acceptanceNumber: row.acceptance_number,
  serviceId: row.service_id,
  kioskCode: row.kiosk_code,
  region: row.region,
  createdAt: row.created_at,
  receivedAt: row.received_at,
  status: row.status,
  reason: row.status_reason,
  missing: JSON.parse(row.status_missing) as string[],
});

const CASE_COLUMNS = `id, case_id, acceptance_number, service_id, kiosk_code, region, created_at, received_at, status,
  status_reason, status_missing`;

export class SqliteSubmissionStorage implements SubmissionStorage {
  private readonly db: HubDb;

  constructor(file: string) {
    this.db = openHubDatabase(file);
  }

  async kiosk(code: string): Promise<KioskRecord | null> {
    const row = this.db.prepare('SELECT code, region, public_key, revoked_at FROM kiosks WHERE code = ?').get(code) as
      { code: string; region: string; public_key: string; revoked_at: string | null } | undefined;
    return row ? { code: row.code, region: row.region, publicKey: row.public_key, revokedAt: row.revoked_at } : null;
  }

  async putKiosk(kiosk: Omit<KioskRecord, 'revokedAt'>, at: string): Promise<boolean> {
    const existing = await this.kiosk(kiosk.code);
    if (existing?.revokedAt) return false;
    this.db
      .prepare(
        `INSERT INTO kiosks (code, region, public_key, enrolled_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET region = excluded.region, public_key = excluded.public_key`,
      )
      .run(kiosk.code, kiosk.region, kiosk.publicKey, at);
    return true;
  }

  async revokeKiosk(code: string, at: string): Promise<boolean> {
    return (
      this.db.prepare('UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?) WHERE code = ?').run(at, code).changes > 0
    );
  }

  async useNonce(kioskCode: string, nonce: string, at: string, forgetBefore: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM kiosk_nonces WHERE seen_at < ?').run(forgetBefore);
      return (
        this.db
          .prepare('INSERT OR IGNORE INTO kiosk_nonces (kiosk_code, nonce, seen_at) VALUES (?, ?, ?)')
          .run(kioskCode, nonce, at).changes === 1
      );
    })();
  }

  async storeBatch<T>(ids: readonly string[], decide: (existing: Map<string, StoredSubmission>) => T): Promise<T> {
    const select = this.db.prepare(
      `SELECT id, case_id, kiosk_code, region, acceptance_number, service_id, kind, created_at, content_sha256,
              submission, applicant_key FROM submissions WHERE id = ?`,
    );
    return this.db.transaction(() => {
      const existing = new Map<string, StoredSubmission>();
      for (const id of ids) {
        const row = select.get(id) as Record<string, string | null> | undefined;
        if (row) {
          existing.set(id, {
            id,
            caseId: row.case_id!,
            kioskCode: row.kiosk_code!,
            region: row.region!,
            acceptanceNumber: row.acceptance_number!,
            serviceId: row.service_id!,
            kind: row.kind!,
            createdAt: row.created_at!,
            contentSha256: row.content_sha256!,
            submission: row.submission!,
            applicantKey: row.applicant_key ?? null,
          });
        }
      }
      return decide(existing);
    })();
  }

  insertSubmission(submission: Omit<StoredSubmission, 'caseId'>, receivedAt: string): string {
    const day = receivedAt.slice(0, 10).replaceAll('-', '');
    this.db
      .prepare('INSERT INTO case_sequences (day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1')
      .run(day);
    const { last } = this.db.prepare('SELECT last FROM case_sequences WHERE day = ?').get(day) as { last: number };
    const caseId = `GD${day}${String(last).padStart(6, '0')}`;
    this.db
      .prepare(
        `INSERT INTO submissions (id, case_id, kiosk_code, region, acceptance_number, service_id, kind, created_at,
           received_at, content_sha256, submission, applicant_key, status, status_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)`,
      )
      .run(
        submission.id,
        caseId,
        submission.kioskCode,
        submission.region,
        submission.acceptanceNumber,
        submission.serviceId,
        submission.kind,
        submission.createdAt,
        receivedAt,
        submission.contentSha256,
        submission.submission,
        submission.applicantKey,
        receivedAt,
      );
    this.db
      .prepare(`INSERT INTO status_events (submission_id, kiosk_code, status, at) VALUES (?, ?, 'submitted', ?)`)
      .run(submission.id, submission.kioskCode, receivedAt);
    return caseId;
  }

  insertRating(rating: RatingRecord, at: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO ratings (submission_id, rated_acceptance_number, level_gbt, level_provincial, comment,
           anonymous, channel, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        rating.submissionId,
        rating.ratedAcceptanceNumber,
        rating.levelGbt,
        6 - rating.levelGbt,
        rating.comment,
        rating.anonymous ? 1 : 0,
        rating.channel,
        at,
      );
  }

  recordConflict(id: string, kioskCode: string, contentSha256: string, at: string): void {
    this.db
      .prepare('INSERT INTO submission_conflicts (submission_id, kiosk_code, content_sha256, at) VALUES (?, ?, ?, ?)')
      .run(id, kioskCode, contentSha256, at);
  }

  async setStatus(
    caseId: string,
    change: { status: CaseStatus; reason: string | null; missing: string[] },
    at: string,
  ): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT id, kiosk_code FROM submissions WHERE case_id = ?').get(caseId) as
        { id: string; kiosk_code: string } | undefined;
      if (!row) return false;
      const missing = JSON.stringify(change.missing);
      this.db
        .prepare('UPDATE submissions SET status = ?, status_reason = ?, status_missing = ?, status_at = ? WHERE id = ?')
        .run(change.status, change.reason, missing, at, row.id);
      this.db
        .prepare(
          'INSERT INTO status_events (submission_id, kiosk_code, status, reason, missing, at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(row.id, row.kiosk_code, change.status, change.reason, missing, at);
      return true;
    })();
  }

  async statusFeed(
    kioskCode: string,
    after: number,
    limit: number,
  ): Promise<{ updates: StatusUpdate[]; cursor: number }> {
    const rows = this.db
      .prepare(
        `SELECT e.seq, e.submission_id, s.case_id, e.status, e.reason, e.missing, e.at FROM status_events e
         JOIN submissions s ON s.id = e.submission_id
         WHERE e.kiosk_code = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
      )
      .all(kioskCode, after, limit) as {
      seq: number;
      submission_id: string;
      case_id: string;
      status: CaseStatus;
      reason: string | null;
      missing: string;
      at: string;
    }[];
    return {
      updates: rows.map((row) => ({
        submissionId: row.submission_id,
        caseId: row.case_id,
        status: row.status,
        reason: row.reason,
        missing: JSON.parse(row.missing) as string[],
        at: row.at,
      })),
      cursor: rows.at(-1)?.seq ?? after,
    };
  }

  async byApplicant(applicantKey: string, regionPrefix: string, limit: number): Promise<CaseRow[]> {
    return (
      this.db
        .prepare(
          `SELECT ${CASE_COLUMNS} FROM submissions WHERE applicant_key = ? AND kind = 'application'
           AND substr(region, 1, length(?)) = ? ORDER BY created_at DESC LIMIT ?`,
        )
        .all(applicantKey, regionPrefix, regionPrefix, limit) as CaseDbRow[]
    ).map(toCase);
  }

  async cases(filter: { status?: string; region?: string; limit: number }): Promise<CaseRow[]> {
    return (
      this.db
        .prepare(
          `SELECT ${CASE_COLUMNS} FROM submissions WHERE kind = 'application'
           AND (@status IS NULL OR status = @status) AND (@region IS NULL OR substr(region, 1, length(@region)) = @region)
           ORDER BY received_at DESC, rowid DESC LIMIT @limit`,
        )
        .all({ status: filter.status ?? null, region: filter.region ?? null, limit: filter.limit }) as CaseDbRow[]
    ).map(toCase);
  }

  async defaultRatings(before: string, at: string): Promise<number> {
    return this.db
      .prepare(
        `INSERT INTO ratings (submission_id, rated_acceptance_number, level_gbt, level_provincial, comment, anonymous,
           channel, rated_at)
         SELECT s.id, s.acceptance_number, 3, 3, '', 0, 'default (no rating in 7 days)', ?
         FROM submissions s WHERE s.kind = 'application' AND s.received_at < ?
           AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.submission_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.rated_acceptance_number = s.acceptance_number)`,
      )
      .run(at, before).changes;
  }

  async upload(sha256: string): Promise<{ size: number; received: number; complete: boolean } | null> {
    const row = this.db.prepare('SELECT size, received, complete FROM uploads WHERE sha256 = ?').get(sha256) as
      { size: number; received: number; complete: number } | undefined;
    return row ? { size: row.size, received: row.received, complete: row.complete === 1 } : null;
  }

  async putUpload(sha256: string, size: number, received: number, complete: boolean): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO uploads (sha256, size, received, complete) VALUES (?, ?, ?, ?)')
      .run(sha256, size, received, complete ? 1 : 0);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
