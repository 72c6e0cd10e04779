// What the staff console reads about submissions: the inbox with its filters and paging, one case with its
// history, the rows of a CSV export, and 好差评 ratings that need follow-up. Read-only SQL over the intake
// tables (hub/intake/storage.ts writes them); status changes go through the intake service, never here.
// Portable SQL on the hub's database (hub/db/sql.ts): LIKE on a digits-only prefix, ISO text times compared as
// text, parameters only.
import type { CaseStatus, Submission } from '../../core/protocol/submissions.ts';
import type { SqlDatabase, SqlValue } from '../db/sql.ts';

export interface InboxFilter {
  /** A region code or its leading digits. */
  region?: string;
  serviceId?: string;
  status?: CaseStatus;
  /** Received at or after (ISO). */
  from?: string;
  /** Received before (ISO). */
  to?: string;
}

export interface InboxRow {
  submissionId: string;
  caseId: string;
  acceptanceNumber: string;
  serviceId: string;
  kioskCode: string;
  region: string;
  createdAt: string;
  receivedAt: string;
  status: CaseStatus;
  statusReason: string | null;
  statusAt: string;
}

export interface StatusEventRow {
  status: CaseStatus;
  reason: string | null;
  missing: string[];
  at: string;
}

export interface CaseDetail extends InboxRow {
  statusMissing: string[];
  submission: Submission;
  history: StatusEventRow[];
}

export interface ReviewFollowUp {
  account: string;
  note: string;
  resolved: boolean;
  at: string;
}

export interface BadReviewRow {
  submissionId: string;
  kioskCode: string;
  region: string;
  serviceId: string;
  ratedAcceptanceNumber: string | null;
  /** GB/T 39046: 4 不满意, 5 非常不满意. */
  level: number;
  comment: string;
  ratedAt: string;
  resolved: boolean;
  followUps: ReviewFollowUp[];
}

/** GB/T 39046 levels from which a rating needs follow-up (不满意, 非常不满意). */
export const BAD_REVIEW_LEVEL = 4;

const INBOX_COLUMNS = `id, case_id, acceptance_number, service_id, kiosk_code, region, created_at, received_at, status,
  status_reason, status_at`;

interface InboxDbRow {
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
  status_at: string;
}

const toInboxRow = (row: InboxDbRow): InboxRow => ({
  submissionId: row.id,
  caseId: row.case_id,
  acceptanceNumber: row.acceptance_number,
  serviceId: row.service_id,
  kioskCode: row.kiosk_code,
  region: row.region,
  createdAt: row.created_at,
  receivedAt: row.received_at,
  status: row.status,
  statusReason: row.status_reason,
  statusAt: row.status_at,
});

function inboxWhere(filter: InboxFilter): { sql: string; params: string[] } {
  const clauses = ["kind = 'application'"];
  const params: string[] = [];
  if (filter.region !== undefined) {
    // Region codes are digits only, so the prefix needs no LIKE escaping.
    clauses.push('region LIKE ?');
    params.push(`${filter.region}%`);
  }
  for (const [column, value, op] of [
    ['service_id', filter.serviceId, '='],
    ['status', filter.status, '='],
    ['received_at', filter.from, '>='],
    ['received_at', filter.to, '<'],
  ] as const) {
    if (value === undefined) continue;
    clauses.push(`${column} ${op} ?`);
    params.push(value);
  }
  return { sql: clauses.join(' AND '), params };
}

export class CaseQueries {
  constructor(private readonly db: SqlDatabase) {}

  /** Applications matching the filter, newest received first, one page, with the total that match. */
  async inbox(filter: InboxFilter, limit: number, offset: number): Promise<{ rows: InboxRow[]; total: number }> {
    const where = inboxWhere(filter);
    const total = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM submissions WHERE ${where.sql}`,
      where.params,
    );
    const rows = await this.db.query<InboxDbRow>(
      `SELECT ${INBOX_COLUMNS} FROM submissions WHERE ${where.sql} ORDER BY received_at DESC, case_id DESC LIMIT ? OFFSET ?`,
      [...where.params, limit, offset],
    );
    return { rows: rows.map(toInboxRow), total: total?.n ?? 0 };
  }

  /** Every matching application with its submission, for export (at most `limit`). */
  async exportRows(filter: InboxFilter, limit: number): Promise<{ row: InboxRow; submission: Submission }[]> {
    const where = inboxWhere(filter);
    const rows = await this.db.query<InboxDbRow & { submission: string }>(
      `SELECT ${INBOX_COLUMNS}, submission FROM submissions WHERE ${where.sql} ORDER BY received_at DESC, case_id DESC LIMIT ?`,
      [...where.params, limit],
    );
    return rows.map((row) => ({ row: toInboxRow(row), submission: JSON.parse(row.submission) as Submission }));
  }

  async caseDetail(caseId: string): Promise<CaseDetail | null> {
    const row = await this.db.get<InboxDbRow & { status_missing: string; submission: string }>(
      `SELECT ${INBOX_COLUMNS}, status_missing, submission FROM submissions WHERE case_id = ?`,
      [caseId],
    );
    if (!row) return null;
    const history = await this.db.query<{ status: CaseStatus; reason: string | null; missing: string; at: string }>(
      'SELECT status, reason, missing, at FROM status_events WHERE submission_id = ? ORDER BY seq',
      [row.id],
    );
    return {
      ...toInboxRow(row),
      statusMissing: JSON.parse(row.status_missing) as string[],
      submission: JSON.parse(row.submission) as Submission,
      history: history.map((event) => ({ ...event, missing: JSON.parse(event.missing) as string[] })),
    };
  }

  /** Ratings at 不满意 or worse, newest first; `open` keeps those no follow-up note has resolved. */
  async badReviews(filter: { region?: string; open: boolean }, limit: number): Promise<BadReviewRow[]> {
    const params: SqlValue[] = [BAD_REVIEW_LEVEL];
    let condition = 'r.level_gbt >= ?';
    if (filter.region !== undefined) {
      condition += ' AND s.region LIKE ?';
      params.push(`${filter.region}%`);
    }
    if (filter.open) {
      condition +=
        ' AND NOT EXISTS (SELECT 1 FROM review_followups f WHERE f.submission_id = r.submission_id AND f.resolved = 1)';
    }
    const rows = await this.db.query<{
      submission_id: string;
      kiosk_code: string;
      region: string;
      service_id: string;
      rated_acceptance_number: string | null;
      level_gbt: number;
      comment: string;
      rated_at: string;
    }>(
      `SELECT r.submission_id, s.kiosk_code, s.region, s.service_id, r.rated_acceptance_number, r.level_gbt,
              r.comment, r.rated_at
       FROM ratings r JOIN submissions s ON s.id = r.submission_id
       WHERE ${condition} ORDER BY r.rated_at DESC, r.submission_id LIMIT ?`,
      [...params, limit],
    );
    const reviews: BadReviewRow[] = [];
    for (const row of rows) {
      const notes = await this.db.query<{ account: string; note: string; resolved: number; at: string }>(
        'SELECT account, note, resolved, at FROM review_followups WHERE submission_id = ? ORDER BY id',
        [row.submission_id],
      );
      const followUps = notes.map((note) => ({
        account: note.account,
        note: note.note,
        resolved: note.resolved === 1,
        at: note.at,
      }));
      reviews.push({
        submissionId: row.submission_id,
        kioskCode: row.kiosk_code,
        region: row.region,
        serviceId: row.service_id,
        ratedAcceptanceNumber: row.rated_acceptance_number,
        level: row.level_gbt,
        comment: row.comment,
        ratedAt: row.rated_at,
        resolved: followUps.some((note) => note.resolved),
        followUps,
      });
    }
    return reviews;
  }
}
