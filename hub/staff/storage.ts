// Where the staff console keeps its own records: accounts, sessions, sign-in failures, the audit log, follow-up
// notes on bad reviews, and the enrolment-token list the console shows. On the hub's database (SQLite or
// PostgreSQL, hub/db/sql.ts) like the other storages: ISO text times, 0/1 flags, parameters only.
import type { SqlDatabase, SqlValue } from '../db/sql.ts';
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
  constructor(private readonly db: SqlDatabase) {}

  async account(name: string): Promise<StaffAccount | null> {
    const row = await this.db.get<AccountDbRow>('SELECT * FROM staff_accounts WHERE name = ?', [name]);
    return row ? toAccount(row) : null;
  }

  async accounts(): Promise<StaffAccount[]> {
    return (await this.db.query<AccountDbRow>('SELECT * FROM staff_accounts ORDER BY name')).map(toAccount);
  }

  /** False (nothing written) when the name is taken. */
  async addAccount(name: string, passwordHash: string, roles: readonly StaffRole[], at: string): Promise<boolean> {
    const inserted = await this.db.run(
      `INSERT INTO staff_accounts (name, password_hash, roles, created_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      [name, passwordHash, roles.join(','), at, at],
    );
    return inserted === 1;
  }

  /** A new password ends every session of the account. */
  async setPassword(name: string, passwordHash: string, at: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        'UPDATE staff_accounts SET password_hash = ?, password_changed_at = ? WHERE name = ?',
        [passwordHash, at, name],
      );
      await tx.run('DELETE FROM staff_sessions WHERE account = ?', [name]);
      return changed === 1;
    });
  }

  /** Disabling ends every session of the account. */
  async setDisabled(name: string, disabledAt: string | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run('UPDATE staff_accounts SET disabled_at = ? WHERE name = ?', [disabledAt, name]);
      if (disabledAt !== null) await tx.run('DELETE FROM staff_sessions WHERE account = ?', [name]);
      return changed === 1;
    });
  }

  async setRoles(name: string, roles: readonly StaffRole[]): Promise<boolean> {
    return (await this.db.run('UPDATE staff_accounts SET roles = ? WHERE name = ?', [roles.join(','), name])) === 1;
  }

  async createSession(session: StaffSession): Promise<void> {
    await this.db.run(
      `INSERT INTO staff_sessions (token_sha256, account, csrf_token, created_at, last_seen_at, address)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [session.tokenSha256, session.account, session.csrfToken, session.createdAt, session.lastSeenAt, session.address],
    );
  }

  async session(tokenSha256: string): Promise<StaffSession | null> {
    const row = await this.db.get<{
      token_sha256: string;
      account: string;
      csrf_token: string;
      created_at: string;
      last_seen_at: string;
      address: string;
    }>('SELECT * FROM staff_sessions WHERE token_sha256 = ?', [tokenSha256]);
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
    await this.db.run('UPDATE staff_sessions SET last_seen_at = ? WHERE token_sha256 = ?', [at, tokenSha256]);
  }

  async deleteSession(tokenSha256: string): Promise<void> {
    await this.db.run('DELETE FROM staff_sessions WHERE token_sha256 = ?', [tokenSha256]);
  }

  /** Drops sessions idle since `idleBefore` or created before `createdBefore`. */
  async purgeSessions(idleBefore: string, createdBefore: string): Promise<number> {
    return this.db.run('DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?', [
      idleBefore,
      createdBefore,
    ]);
  }

  async recordSignInFailure(name: string, address: string, at: string): Promise<void> {
    await this.db.run('INSERT INTO staff_signin_failures (name, address, at) VALUES (?, ?, ?)', [name, address, at]);
  }

  /** Failures since `since` for the name and for the address. */
  async signInFailures(name: string, address: string, since: string): Promise<{ name: number; address: number }> {
    const count = async (column: 'name' | 'address', value: string) =>
      (
        await this.db.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM staff_signin_failures WHERE ${column} = ? AND at >= ?`,
          [value, since],
        )
      )?.n ?? 0;
    return { name: await count('name', name), address: await count('address', address) };
  }

  /** A successful sign-in clears the name's failures; failures older than `before` are forgotten. */
  async clearSignInFailures(name: string, before: string): Promise<void> {
    await this.db.run('DELETE FROM staff_signin_failures WHERE name = ? OR at < ?', [name, before]);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.db.run(
      `INSERT INTO staff_audit (at, account, action, case_id, kiosk_code, catalogue_version, address, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.at,
        entry.account,
        entry.action,
        entry.caseId ?? null,
        entry.kioskCode ?? null,
        entry.catalogueVersion ?? null,
        entry.address,
        JSON.stringify(entry.detail ?? {}),
      ],
    );
  }

  /** Audit rows, newest first, with the total that matches. */
  async auditLog(filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    const where: string[] = [];
    const params: SqlValue[] = [];
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
    const total = (await this.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM staff_audit ${condition}`, params))?.n;
    const rows = await this.db.query<{
      id: number;
      at: string;
      account: string;
      action: string;
      case_id: string | null;
      kiosk_code: string | null;
      catalogue_version: number | null;
      address: string;
      detail: string;
    }>(`SELECT * FROM staff_audit ${condition} ORDER BY id DESC LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      filter.offset,
    ]);
    return {
      total: total ?? 0,
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
    const rows = await this.db.query<{
      token_sha256: string;
      region: string;
      rekey_kiosk_code: string | null;
      issued_at: string;
      expires_at: string;
      used_at: string | null;
      used_by_kiosk: string | null;
      revoked_at: string | null;
    }>(
      `SELECT token_sha256, region, rekey_kiosk_code, issued_at, expires_at, used_at, used_by_kiosk, revoked_at
       FROM enrolment_tokens ORDER BY issued_at DESC, token_sha256 LIMIT ?`,
      [limit],
    );
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
    const changed = await this.db.run(
      `UPDATE enrolment_tokens SET revoked_at = ?, expires_at = CASE WHEN expires_at < ? THEN expires_at ELSE ? END
       WHERE token_sha256 = ? AND used_at IS NULL AND revoked_at IS NULL`,
      [at, at, at, tokenSha256],
    );
    return changed === 1;
  }

  /** False when the submission does not exist. */
  async addFollowUp(submissionId: string, account: string, note: string, resolved: boolean, at: string) {
    if (!(await this.db.get('SELECT 1 AS found FROM submissions WHERE id = ?', [submissionId]))) return false;
    await this.db.run(
      'INSERT INTO review_followups (submission_id, account, note, resolved, at) VALUES (?, ?, ?, ?, ?)',
      [submissionId, account, note, resolved ? 1 : 0, at],
    );
    return true;
  }
}
