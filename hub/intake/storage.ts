// Where the hub keeps enrolled kiosks and what they submit, on the hub's database (SQLite or PostgreSQL,
// hub/db/sql.ts). Every method is a unit of work (one transaction where it writes more than a row). Storage only
// stores and finds: signatures, validation and what to answer live in service.ts and signed-request.ts.
import type { CaseStatus, StatusUpdate } from '../../core/protocol/submissions.ts';
import type { SqlDatabase, SqlExecutor, SqlValue } from '../db/sql.ts';

export interface KioskRecord {
  code: string;
  /** The 12-digit village code it was enrolled for. */
  region: string;
  /** SPKI PEM of its Ed25519 device key. */
  publicKey: string;
  enrolledAt: string;
  revokedAt: string | null;
}

/** What enrolling a code did: a new kiosk, a new key (and region) for a known one, or nothing (revoked). */
export type EnrolOutcome = 'enrolled' | 'rekeyed' | 'revoked';

/** A rating carried by a 'rating' submission, in the GB/T 39046 coding (1 非常满意 … 5 非常不满意). */
export interface NewRating {
  ratedAcceptanceNumber: string | null;
  level: number;
  comment: string;
  anonymous: boolean;
  indicators: { efficiency?: number; skill?: number; attitude?: number };
  /** 评价渠道. */
  channel: string;
}

/** A checked submission, ready to be stored once. */
export interface NewSubmission {
  id: string;
  kioskCode: string;
  region: string;
  acceptanceNumber: string;
  serviceId: string;
  kind: 'application' | 'rating';
  /** Kiosk clock, UTC ISO. */
  createdAt: string;
  /** sha256 of the submission's canonical JSON: what "the same content" means. */
  contentSha256: string;
  /** The submission as received (parsed), JSON. */
  submission: string;
  /** sha256 hex of the applicant's ID number, for the citizen's lookup; null for a rating. */
  applicantKey: string | null;
  rating: NewRating | null;
}

/** What became of one submission of a batch. */
export type StoreOutcome =
  | { kind: 'stored'; caseId: string }
  /** Stored before by the same kiosk with the same content: its first case id. */
  | { kind: 'duplicate'; caseId: string }
  /** The id is taken by other content (or another kiosk's submission); recorded for staff, nothing stored. */
  | { kind: 'conflict' };

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

export interface StatusRecord {
  status: Exclude<CaseStatus, 'submitted'>;
  reason: string | null;
  missing: string[];
}

/** An attachment upload in progress or done, as the hub recorded it (the bytes are on disk). */
export interface UploadRecord {
  sha256: string;
  /** The total size the kiosk declared. */
  size: number;
  /** Bytes held when last written (the part file on disk is what counts). */
  received: number;
  complete: boolean;
}

export interface SubmissionStorage {
  kiosk(code: string): Promise<KioskRecord | null>;
  /** Enrols a kiosk, or gives a known one a new key and region; a revoked code stays revoked. */
  putKiosk(kiosk: Pick<KioskRecord, 'code' | 'region' | 'publicKey'>, at: string): Promise<EnrolOutcome>;
  /** False when no kiosk has the code; revoking twice keeps the first date. */
  revokeKiosk(code: string, at: string): Promise<boolean>;
  /**
   * Records a nonce of a kiosk whose row still has this key and region and is not revoked; false when the kiosk
   * used the nonce already or its row changed. Forgets nonces seen before `forgetBefore`.
   */
  useNonce(
    kiosk: Pick<KioskRecord, 'code' | 'region' | 'publicKey'>,
    nonce: string,
    at: string,
    forgetBefore: string,
  ): Promise<boolean>;
  /**
   * Stores a batch in one transaction, in order: each id once (with a new case id, its 'submitted' status event
   * and, for a rating, the rating). An id stored before answers its first case id when the kiosk and content
   * hash match, and is recorded as a conflict otherwise.
   */
  storeBatch(entries: readonly NewSubmission[], receivedAt: string): Promise<StoreOutcome[]>;
  /** Sets a case's status and appends the event the kiosk's feed shows; false when there is no such case. */
  setStatus(caseId: string, change: StatusRecord, at: string): Promise<boolean>;
  /** Status events of a kiosk's submissions after the cursor, oldest first; the cursor of the last one. */
  statusFeed(kioskCode: string, after: number, limit: number): Promise<{ updates: StatusUpdate[]; cursor: number }>;
  /** Applications of one applicant received by kiosks whose region starts with `regionPrefix`, newest first. */
  byApplicant(applicantKey: string, regionPrefix: string, limit: number): Promise<CaseRow[]>;
  /** Applications, newest first. */
  cases(filter: { status?: CaseStatus; region?: string; limit: number }): Promise<CaseRow[]>;
  /** Gives 基本满意 to applications received before `before` that nothing rates; returns how many. */
  defaultRatings(before: string, at: string): Promise<number>;
  upload(sha256: string): Promise<UploadRecord | null>;
  putUpload(upload: UploadRecord): Promise<void>;
  deleteUpload(sha256: string): Promise<void>;
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

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of a UTC instant (no summer time there), as yyyymmdd: a case id's date. */
export function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The default rating's channel: 基本满意 given because nothing rated the service within 7 days. */
export const DEFAULT_RATING_CHANNEL = 'default';

const NONCE_PURGE_EVERY_MS = 60_000;
const UNIQUE_VIOLATION = '23505';

const INSERT_RATING = `INSERT INTO ratings (submission_id, rated_acceptance_number, level_gbt, level_provincial,
  comment, anonymous, channel, rated_at, indicators) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

/** INSERT_RATING's values. */
function ratingRow(submissionId: string, rating: NewRating, at: string): SqlValue[] {
  return [
    submissionId,
    rating.ratedAcceptanceNumber,
    rating.level,
    // The provincial interface counts the other way: 1 非常不满意 … 5 非常满意.
    6 - rating.level,
    rating.comment,
    rating.anonymous ? 1 : 0,
    rating.channel,
    at,
    JSON.stringify(rating.indicators),
  ];
}

const SUBMISSION_COLUMNS = `id, case_id, kiosk_code, region, acceptance_number, service_id, kind, created_at,
  received_at, content_sha256, submission, applicant_key, status, status_at`;

/** A new submission's values after id and case_id, in SUBMISSION_COLUMNS' order (status is the literal 'submitted'). */
function submissionValuesAfterCaseId(entry: NewSubmission, receivedAt: string): SqlValue[] {
  return [
    entry.kioskCode,
    entry.region,
    entry.acceptanceNumber,
    entry.serviceId,
    entry.kind,
    entry.createdAt,
    receivedAt,
    entry.contentSha256,
    entry.submission,
    entry.applicantKey,
    receivedAt,
  ];
}

/**
 * One new submission on PostgreSQL in one statement: the day's next case number (a row lock that queues
 * concurrent ones), the submission with its case id ("GD" + day + the number, at least 6 digits), and its
 * 'submitted' event. Constraints are checked at the end of the statement, so the event's reference holds.
 */
const STORE_PG = `WITH seq AS (
    INSERT INTO case_sequences (day, last) VALUES (?, 1)
    ON CONFLICT (day) DO UPDATE SET last = case_sequences.last + 1 RETURNING last
  ), sub AS (
    INSERT INTO submissions (${SUBMISSION_COLUMNS})
    VALUES (?, (SELECT CAST(? AS TEXT) || lpad(CAST(last AS TEXT), greatest(6, length(CAST(last AS TEXT))), '0')
      FROM seq), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)
    RETURNING case_id
  ), event AS (
    INSERT INTO status_events (submission_id, kiosk_code, status, at) VALUES (?, ?, 'submitted', ?)
  )`;
const STORE_ALONE_PG = `${STORE_PG} SELECT case_id FROM sub`;
const STORE_WITH_RATING_PG = `${STORE_PG}, rating AS (${INSERT_RATING}) SELECT case_id FROM sub`;

/** STORE_PG's values, in its order. */
function storeRow(entry: NewSubmission, receivedAt: string): SqlValue[] {
  const day = shanghaiDay(receivedAt);
  return [
    day,
    entry.id,
    `GD${day}`,
    ...submissionValuesAfterCaseId(entry, receivedAt),
    entry.id,
    entry.kioskCode,
    receivedAt,
  ];
}

export class SqlSubmissionStorage implements SubmissionStorage {
  constructor(private readonly db: SqlDatabase) {}

  async kiosk(code: string): Promise<KioskRecord | null> {
    const row = await this.db.get<{
      code: string;
      region: string;
      public_key: string;
      enrolled_at: string;
      revoked_at: string | null;
    }>('SELECT code, region, public_key, enrolled_at, revoked_at FROM kiosks WHERE code = ?', [code]);
    return row
      ? {
          code: row.code,
          region: row.region,
          publicKey: row.public_key,
          enrolledAt: row.enrolled_at,
          revokedAt: row.revoked_at,
        }
      : null;
  }

  async putKiosk(kiosk: Pick<KioskRecord, 'code' | 'region' | 'publicKey'>, at: string): Promise<EnrolOutcome> {
    return this.db.transaction(async (tx): Promise<EnrolOutcome> => {
      const existing = await tx.get<{ revoked_at: string | null }>('SELECT revoked_at FROM kiosks WHERE code = ?', [
        kiosk.code,
      ]);
      if (existing?.revoked_at) return 'revoked';
      if (existing) {
        await tx.run('UPDATE kiosks SET region = ?, public_key = ? WHERE code = ?', [
          kiosk.region,
          kiosk.publicKey,
          kiosk.code,
        ]);
        return 'rekeyed';
      }
      await tx.run('INSERT INTO kiosks (code, region, public_key, enrolled_at) VALUES (?, ?, ?, ?)', [
        kiosk.code,
        kiosk.region,
        kiosk.publicKey,
        at,
      ]);
      return 'enrolled';
    });
  }

  async revokeKiosk(code: string, at: string): Promise<boolean> {
    return (await this.db.run('UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?) WHERE code = ?', [at, code])) > 0;
  }

  private noncesPurgedAt = Number.NaN;

  async useNonce(
    kiosk: Pick<KioskRecord, 'code' | 'region' | 'publicKey'>,
    nonce: string,
    at: string,
    forgetBefore: string,
  ): Promise<boolean> {
    // Two statements, no transaction: the purge only forgets what is too old to replay, and the insert alone
    // decides whether the nonce is new (a transaction here would make every signed request contend on PostgreSQL).
    // The insert also checks the kiosk's row, so a caller may have read that row earlier (from a cache): a
    // revocation, a new key or a move made since, through any hub instance, spends no nonce.
    // Relaxed: a power cut loses at most the last moments' nonces, whose requests could then be replayed only
    // within the clock window. The purge runs at most once a minute: a request older than the clock window is
    // refused before its nonce is looked at, so an old nonce kept a little longer changes nothing.
    const now = Date.parse(at);
    if (!(Math.abs(now - this.noncesPurgedAt) < NONCE_PURGE_EVERY_MS)) {
      this.noncesPurgedAt = now;
      await this.db.runRelaxed('DELETE FROM kiosk_nonces WHERE seen_at < ?', [forgetBefore]);
    }
    return (
      (await this.db.runRelaxed(
        `INSERT INTO kiosk_nonces (kiosk_code, nonce, seen_at)
         SELECT code, ?, ? FROM kiosks WHERE code = ? AND public_key = ? AND region = ? AND revoked_at IS NULL
         ON CONFLICT DO NOTHING`,
        [nonce, at, kiosk.code, kiosk.publicKey, kiosk.region],
      )) === 1
    );
  }

  async storeBatch(entries: readonly NewSubmission[], receivedAt: string): Promise<StoreOutcome[]> {
    if (this.db.dialect === 'postgres') return this.storeEachInOneStatement(entries, receivedAt);
    // Every batch takes the day's next case numbers: on SQLite the one writer at a time keeps them in order.
    return this.db.transaction(async (tx) => {
      const outcomes: StoreOutcome[] = [];
      for (const entry of entries) {
        const before = await this.storedBefore(tx, entry, receivedAt);
        outcomes.push(before ?? { kind: 'stored', caseId: await this.insert(tx, entry, receivedAt) });
      }
      return outcomes;
    });
  }

  /**
   * PostgreSQL: each new submission in one statement (the day's case number, the submission, its 'submitted'
   * event and any rating together), with no transaction around the batch. A batch of one, which is what kiosks
   * send nearly always, costs one round trip instead of six, and statements queue on the day's counter row
   * instead of failing as SERIALIZABLE transactions would. Atomic per submission, which is all a batch promises:
   * a batch cut short is sent again, and what was stored answers as a duplicate. An id stored before fails the
   * statement on the primary key (the counter's increment goes with it, so no number is skipped) and is then
   * looked up as on SQLite.
   */
  private async storeEachInOneStatement(
    entries: readonly NewSubmission[],
    receivedAt: string,
  ): Promise<StoreOutcome[]> {
    const outcomes: StoreOutcome[] = [];
    for (const entry of entries) {
      try {
        const row = await this.db.get<{ case_id: string }>(entry.rating ? STORE_WITH_RATING_PG : STORE_ALONE_PG, [
          ...storeRow(entry, receivedAt),
          ...(entry.rating ? ratingRow(entry.id, entry.rating, receivedAt) : []),
        ]);
        outcomes.push({ kind: 'stored', caseId: row!.case_id });
      } catch (error) {
        const isDuplicateKey = (error as { code?: unknown }).code === UNIQUE_VIOLATION;
        const before = isDuplicateKey ? await this.storedBefore(this.db, entry, receivedAt) : null;
        if (!before) throw error;
        outcomes.push(before);
      }
    }
    return outcomes;
  }

  /**
   * A submission id stored before: a duplicate (same kiosk, same content: its first case id) or a conflict
   * (recorded for staff); null when the id is new.
   */
  private async storedBefore(tx: SqlExecutor, entry: NewSubmission, receivedAt: string): Promise<StoreOutcome | null> {
    const first = await tx.get<{ case_id: string; kiosk_code: string; content_sha256: string }>(
      'SELECT case_id, kiosk_code, content_sha256 FROM submissions WHERE id = ?',
      [entry.id],
    );
    if (!first) return null;
    if (first.content_sha256 === entry.contentSha256 && first.kiosk_code === entry.kioskCode) {
      return { kind: 'duplicate', caseId: first.case_id };
    }
    await tx.run(
      'INSERT INTO submission_conflicts (submission_id, kiosk_code, content_sha256, at) VALUES (?, ?, ?, ?)',
      [entry.id, entry.kioskCode, entry.contentSha256, receivedAt],
    );
    return { kind: 'conflict' };
  }

  /** Inside storeBatch's transaction (SQLite). */
  private async insert(tx: SqlExecutor, entry: NewSubmission, receivedAt: string): Promise<string> {
    const day = shanghaiDay(receivedAt);
    const { last } = (await tx.get<{ last: number }>(
      `INSERT INTO case_sequences (day, last) VALUES (?, 1)
       ON CONFLICT (day) DO UPDATE SET last = case_sequences.last + 1 RETURNING last`,
      [day],
    ))!;
    const caseId = `GD${day}${String(last).padStart(6, '0')}`;
    await tx.run(
      `INSERT INTO submissions (${SUBMISSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)`,
      [entry.id, caseId, ...submissionValuesAfterCaseId(entry, receivedAt)],
    );
    await tx.run(`INSERT INTO status_events (submission_id, kiosk_code, status, at) VALUES (?, ?, 'submitted', ?)`, [
      entry.id,
      entry.kioskCode,
      receivedAt,
    ]);
    if (entry.rating) await tx.run(INSERT_RATING, ratingRow(entry.id, entry.rating, receivedAt));
    return caseId;
  }

  async setStatus(caseId: string, change: StatusRecord, at: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ id: string; kiosk_code: string }>(
        'SELECT id, kiosk_code FROM submissions WHERE case_id = ?',
        [caseId],
      );
      if (!row) return false;
      const missing = JSON.stringify(change.missing);
      await tx.run(
        'UPDATE submissions SET status = ?, status_reason = ?, status_missing = ?, status_at = ? WHERE id = ?',
        [change.status, change.reason, missing, at, row.id],
      );
      await tx.run(
        'INSERT INTO status_events (submission_id, kiosk_code, status, reason, missing, at) VALUES (?, ?, ?, ?, ?, ?)',
        [row.id, row.kiosk_code, change.status, change.reason, missing, at],
      );
      return true;
    });
  }

  async statusFeed(
    kioskCode: string,
    after: number,
    limit: number,
  ): Promise<{ updates: StatusUpdate[]; cursor: number }> {
    const rows = await this.db.query<{
      seq: number;
      submission_id: string;
      case_id: string;
      status: CaseStatus;
      reason: string | null;
      missing: string;
      at: string;
    }>(
      `SELECT e.seq, e.submission_id, s.case_id, e.status, e.reason, e.missing, e.at FROM status_events e
       JOIN submissions s ON s.id = e.submission_id
       WHERE e.kiosk_code = ? AND e.seq > ? ORDER BY e.seq LIMIT ?`,
      [kioskCode, after, limit],
    );
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
    // rowid: SQLite's own; the PostgreSQL schema has an identity column of that name (migration 0002).
    const rows = await this.db.query<CaseDbRow>(
      `SELECT ${CASE_COLUMNS} FROM submissions WHERE applicant_key = ? AND kind = 'application'
       AND substr(region, 1, length(CAST(? AS TEXT))) = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      [applicantKey, regionPrefix, regionPrefix, limit],
    );
    return rows.map(toCase);
  }

  async cases(filter: { status?: CaseStatus; region?: string; limit: number }): Promise<CaseRow[]> {
    const where = ["kind = 'application'"];
    const params: (string | number)[] = [];
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.region !== undefined) {
      where.push('substr(region, 1, length(CAST(? AS TEXT))) = ?');
      params.push(filter.region, filter.region);
    }
    const rows = await this.db.query<CaseDbRow>(
      `SELECT ${CASE_COLUMNS} FROM submissions WHERE ${where.join(' AND ')}
       ORDER BY received_at DESC, rowid DESC LIMIT ?`,
      [...params, filter.limit],
    );
    return rows.map(toCase);
  }

  async defaultRatings(before: string, at: string): Promise<number> {
    return this.db.run(
      `INSERT INTO ratings (submission_id, rated_acceptance_number, level_gbt, level_provincial, comment, anonymous,
         channel, rated_at, indicators)
       SELECT s.id, s.acceptance_number, 3, 3, '', 0, CAST(? AS TEXT), CAST(? AS TEXT), '{}'
       FROM submissions s WHERE s.kind = 'application' AND s.received_at < ?
         AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.submission_id = s.id)
         AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.rated_acceptance_number = s.acceptance_number)`,
      [DEFAULT_RATING_CHANNEL, at, before],
    );
  }

  async upload(sha256: string): Promise<UploadRecord | null> {
    const row = await this.db.get<{ size: number; received: number; complete: number }>(
      'SELECT size, received, complete FROM uploads WHERE sha256 = ?',
      [sha256],
    );
    return row ? { sha256, size: row.size, received: row.received, complete: row.complete === 1 } : null;
  }

  async putUpload(upload: UploadRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO uploads (sha256, size, received, complete) VALUES (?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, received = excluded.received,
         complete = excluded.complete`,
      [upload.sha256, upload.size, upload.received, upload.complete ? 1 : 0],
    );
  }

  async deleteUpload(sha256: string): Promise<void> {
    await this.db.run('DELETE FROM uploads WHERE sha256 = ?', [sha256]);
  }

  /** The database is the hub's, shared by every storage: the hub closes it. */
  async close(): Promise<void> {}
}
