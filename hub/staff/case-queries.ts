// What the staff console reads about submissions: the inbox with its filters and paging, one case with its
// history, the rows of a CSV export, and 好差评 ratings that need follow-up. Read-only SQL over the intake
// tables (hub/intake/storage.ts writes them); status changes go through the intake service, never here.
// Portable SQL: LIKE on a digits-only prefix, ISO text times compared as text, parameters only.
import type { CaseStatus, Submission } from '../../core/protocol/submissions.ts';
import { openHubDatabase, type HubDb } from '../db/database.ts';

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
  private readonly db: HubDb;

  constructor(file: string) {
    this.db = openHubDatabase(file);
  }

  /** Applications matching the filter, newest received first, one page, with the total that match. */
  async inbox(filter: InboxFilter, limit: number, offset: number): Promise<{ rows: InboxRow[]; total: number }> {
    const where = inboxWhere(filter);
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM submissions WHERE ${where.sql}`).get(...where.params) as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT ${INBOX_COLUMNS} FROM submissions WHERE ${where.sql} ORDER BY received_at DESC, case_id DESC LIMIT ? OFFSET ?`,
      )
      .all(...where.params, limit, offset) as InboxDbRow[];
    return { rows: rows.map(toInboxRow), total };
  }

  /** Every matching application with its submission, for export (at most `limit`). */
  async exportRows(filter: InboxFilter, limit: number): Promise<{ row: InboxRow; submission: Submission }[]> {
    const where = inboxWhere(filter);
    const rows = this.db
      .prepare(
        `SELECT ${INBOX_COLUMNS}, submission FROM submissions WHERE ${where.sql} ORDER BY received_at DESC, case_id DESC LIMIT ?`,
      )
      .all(...where.params, limit) as (InboxDbRow & { submission: string })[];
    return rows.map((row) => ({ row: toInboxRow(row), submission: JSON.parse(row.submission) as Submission }));
  }

  async caseDetail(caseId: string): Promise<CaseDetail | null> {
    const row = this.db
      .prepare(`SELECT ${INBOX_COLUMNS}, status_missing, submission FROM submissions WHERE case_id = ?`)
      .get(caseId) as (InboxDbRow & { status_missing: string; submission: string }) | undefined;
    if (!row) return null;
    const history = this.db
      .prepare('SELECT status, reason, missing, at FROM status_events WHERE submission_id = ? ORDER BY seq')
      .all(row.id) as { status: CaseStatus; reason: string | null; missing: string; at: string }[];
    return {
      ...toInboxRow(row),
      statusMissing: JSON.parse(row.status_missing) as string[],
      submission: JSON.parse(row.submission) as Submission,
      history: history.map((event) => ({ ...event, missing: JSON.parse(event.missing) as string[] })),
    };
  }

  /** Ratings at 不满意 or worse, newest first; `open` keeps those no follow-up note has resolved. */
  async badReviews(filter: { region?: string; open: boolean }, limit: number): Promise<BadReviewRow[]> {
    const params: (string | number)[] = [BAD_REVIEW_LEVEL];
    let condition = 'r.level_gbt >= ?';
    if (filter.region !== undefined) {
      condition += ' AND s.region LIKE ?';
      params.push(`${filter.region}%`);
    }
    if (filter.open) {
      condition +=
        ' AND NOT EXISTS (SELECT 1 FROM review_followups f WHERE f.submission_id = r.submission_id AND f.resolved = 1)';
    }
    const rows = this.db
      .prepare(
        `SELECT r.submission_id, s.kiosk_code, s.region, s.service_id, r.rated_acceptance_number, r.level_gbt,
                r.comment, r.rated_at
         FROM ratings r JOIN submissions s ON s.id = r.submission_id
         WHERE ${condition} ORDER BY r.rated_at DESC, r.submission_id LIMIT ?`,
      )
      .all(...params, limit) as {
      submission_id: string;
      kiosk_code: string;
      region: string;
      service_id: string;
      rated_acceptance_number: string | null;
      level_gbt: number;
      comment: string;
      rated_at: string;
    }[];
    const notes = this.db.prepare(
      'SELECT account, note, resolved, at FROM review_followups WHERE submission_id = ? ORDER BY id',
    );
    return rows.map((row) => {
      const followUps = (
        notes.all(row.submission_id) as { account: string; note: string; resolved: number; at: string }[]
      ).map((note) => ({ account: note.account, note: note.note, resolved: note.resolved === 1, at: note.at }));
      return {
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
      };
    });
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
