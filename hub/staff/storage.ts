// Where the staff console keeps its own records: accounts, sessions, sign-in failures, the audit log, follow-up
// notes on bad reviews, and the enrolment-token list the console shows. SQLite on hub.sqlite like the other
// storages; every method is asynchronous and the SQL is portable (no SQLite-only functions, ISO text times,
// parameters only), so a PostgreSQL class can stand in for this one.
import { openHubDatabase, type HubDb } from '../db/database.ts';
import type { StaffRole } from './roles.ts';

export interface StaffAccount {
  name: string;
  passwordHash: string;
  roles: StaffRole[];
  createdAt: string;
  passwordChangedAt: string;
  disabledAt: string | null;
}

export interface StaffSession {
  tokenSha256: string;
  account: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  address: string;
}

export interface AuditEntry {
  at: string;
  account: string;
  action: string;
  caseId?: string | null;
  kioskCode?: string | null;
  catalogueVersion?: number | null;
  address: string;
  detail?: Record<string, unknown>;
}

export interface AuditRow extends Required<Omit<AuditEntry, 'detail'>> {
  id: number;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  account?: string;
  action?: string;
  caseId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface EnrolmentTokenRow {
  tokenSha256: string;
  region: string;
  rekeyKioskCode: string | null;
  issuedAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedByKiosk: string | null;
  revokedAt: string | null;
}

interface AccountDbRow {
  name: string;
  password_hash: string;
  roles: string;
  created_at: string;
  password_changed_at: string;
  disabled_at: string | null;
}

const toAccount = (row: AccountDbRow): StaffAccount => ({
  name: row.name,
  passwordHash: row.password_hash,
  roles: row.roles.split(',').filter((role) => role !== '') as StaffRole[],
  createdAt: row.created_at,
  passwordChangedAt: row.password_changed_at,
  disabledAt: row.disabled_at,
});

export class StaffStorage {
  private readonly db: HubDb;

  constructor(file: string) {
    this.db = openHubDatabase(file);
  }

  async account(name: string): Promise<StaffAccount | null> {
    const row = this.db.prepare('SELECT * FROM staff_accounts WHERE name = ?').get(name) as AccountDbRow | undefined;
    return row ? toAccount(row) : null;
  }

  async accounts(): Promise<StaffAccount[]> {
    return (this.db.prepare('SELECT * FROM staff_accounts ORDER BY name').all() as AccountDbRow[]).map(toAccount);
  }

  /** False (nothing written) when the name is taken. */
  async addAccount(name: string, passwordHash: string, roles: readonly StaffRole[], at: string): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO staff_accounts (name, password_hash, roles, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(name, passwordHash, roles.join(','), at, at);
    return result.changes === 1;
  }

  /** A new password ends every session of the account. */
  async setPassword(name: string, passwordHash: string, at: string): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE staff_accounts SET password_hash = ?, password_changed_at = ? WHERE name = ?')
        .run(passwordHash, at, name).changes;
      this.db.prepare('DELETE FROM staff_sessions WHERE account = ?').run(name);
      return changed === 1;
    })();
  }

  /** Disabling ends every session of the account. */
  async setDisabled(name: string, disabledAt: string | null): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE staff_accounts SET disabled_at = ? WHERE name = ?')
        .run(disabledAt, name).changes;
      if (disabledAt !== null) this.db.prepare('DELETE FROM staff_sessions WHERE account = ?').run(name);
      return changed === 1;
    })();
  }

  async setRoles(name: string, roles: readonly StaffRole[]): Promise<boolean> {
    return (
      this.db.prepare('UPDATE staff_accounts SET roles = ? WHERE name = ?').run(roles.join(','), name).changes === 1
    );
  }

  async createSession(session: StaffSession): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO staff_sessions (token_sha256, account, csrf_token, created_at, last_seen_at, address)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        session.tokenSha256,
        session.account,
        session.csrfToken,
        session.createdAt,
        session.lastSeenAt,
        session.address,
      );
  }

  async session(tokenSha256: string): Promise<StaffSession | null> {
    const row = this.db.prepare('SELECT * FROM staff_sessions WHERE token_sha256 = ?').get(tokenSha256) as
      | {
          token_sha256: string;
          account: string;
          csrf_token: string;
          created_at: string;
          last_seen_at: string;
          address: string;
        }
      | undefined;
    return row
      ? {
          tokenSha256: row.token_sha256,
          account: row.account,
          csrfToken: row.csrf_token,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          address: row.address,
        }
      : null;
  }

  async touchSession(tokenSha256: string, at: string): Promise<void> {
    this.db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE token_sha256 = ?').run(at, tokenSha256);
  }

  async deleteSession(tokenSha256: string): Promise<void> {
    this.db.prepare('DELETE FROM staff_sessions WHERE token_sha256 = ?').run(tokenSha256);
  }

  /** Drops sessions idle since `idleBefore` or created before `createdBefore`. */
  async purgeSessions(idleBefore: string, createdBefore: string): Promise<number> {
    return this.db
      .prepare('DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?')
      .run(idleBefore, createdBefore).changes;
  }

  async recordSignInFailure(name: string, address: string, at: string): Promise<void> {
    this.db.prepare('INSERT INTO staff_signin_failures (name, address, at) VALUES (?, ?, ?)').run(name, address, at);
  }

  /** Failures since `since` for the name and for the address. */
  async signInFailures(name: string, address: string, since: string): Promise<{ name: number; address: number }> {
    const count = (column: 'name' | 'address', value: string) =>
      (
        this.db
          .prepare(`SELECT COUNT(*) AS n FROM staff_signin_failures WHERE ${column} = ? AND at >= ?`)
          .get(value, since) as { n: number }
      ).n;
    return { name: count('name', name), address: count('address', address) };
  }

  /** A successful sign-in clears the name's failures; failures older than `before` are forgotten. */
  async clearSignInFailures(name: string, before: string): Promise<void> {
    this.db.prepare('DELETE FROM staff_signin_failures WHERE name = ? OR at < ?').run(name, before);
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO staff_audit (at, account, action, case_id, kiosk_code, catalogue_version, address, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.at,
        entry.account,
        entry.action,
        entry.caseId ?? null,
        entry.kioskCode ?? null,
        entry.catalogueVersion ?? null,
        entry.address,
        JSON.stringify(entry.detail ?? {}),
      );
  }

  /** Audit rows, newest first, with the total that matches. */
  async auditLog(filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('account = ?', filter.account);
    add('action = ?', filter.action);
    add('case_id = ?', filter.caseId);
    add('at >= ?', filter.from);
    add('at < ?', filter.to);
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM staff_audit ${condition}`).get(...params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT * FROM staff_audit ${condition} ORDER BY id DESC LIMIT ? OFFSET ?`)
      .all(...params, filter.limit, filter.offset) as {
      id: number;
      at: string;
      account: string;
      action: string;
      case_id: string | null;
      kiosk_code: string | null;
      catalogue_version: number | null;
      address: string;
      detail: string;
    }[];
    return {
      total,
      rows: rows.map((row) => ({
        id: row.id,
        at: row.at,
        account: row.account,
        action: row.action,
        caseId: row.case_id,
        kioskCode: row.kiosk_code,
        catalogueVersion: row.catalogue_version,
        address: row.address,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      })),
    };
  }

  async enrolmentTokens(limit: number): Promise<EnrolmentTokenRow[]> {
    const rows = this.db
      .prepare(
        `SELECT token_sha256, region, rekey_kiosk_code, issued_at, expires_at, used_at, used_by_kiosk, revoked_at
         FROM enrolment_tokens ORDER BY issued_at DESC, token_sha256 LIMIT ?`,
      )
      .all(limit) as {
      token_sha256: string;
      region: string;
      rekey_kiosk_code: string | null;
      issued_at: string;
      expires_at: string;
      used_at: string | null;
      used_by_kiosk: string | null;
      revoked_at: string | null;
    }[];
    return rows.map((row) => ({
      tokenSha256: row.token_sha256,
      region: row.region,
      rekeyKioskCode: row.rekey_kiosk_code,
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
      usedByKiosk: row.used_by_kiosk,
      revokedAt: row.revoked_at,
    }));
  }

  /**
   * Revokes an unused token: it expires now (the enrolment rules already refuse an expired token) and carries
   * the revocation date. False when there is no such unused, unrevoked token.
   */
  async revokeEnrolmentToken(tokenSha256: string, at: string): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE enrolment_tokens SET revoked_at = ?, expires_at = CASE WHEN expires_at < ? THEN expires_at ELSE ? END
           WHERE token_sha256 = ? AND used_at IS NULL AND revoked_at IS NULL`,
        )
        .run(at, at, at, tokenSha256).changes === 1
    );
  }

  /** False when the submission does not exist. */
  async addFollowUp(submissionId: string, account: string, note: string, resolved: boolean, at: string) {
    if (!this.db.prepare('SELECT 1 FROM submissions WHERE id = ?').get(submissionId)) return false;
    this.db
      .prepare('INSERT INTO review_followups (submission_id, account, note, resolved, at) VALUES (?, ?, ?, ?, ?)')
      .run(submissionId, account, note, resolved ? 1 : 0, at);
    return true;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
