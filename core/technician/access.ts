// Technician access: a PIN (scrypt hash in technician.sqlite) opens a session that ends after a few idle minutes
// or on sign-out. Wrong PINs are counted across restarts; from the fifth on, sign-in is refused for a delay that
// doubles with every further wrong PIN. Every attempt and every technician action goes into the audit log,
// which holds actions and outcomes only, never a villager's data.
import { randomBytes } from 'node:crypto';
import type { TechnicianAuditEntry, TechnicianSignIn } from '../api/contract.ts';
import { KioskError } from '../api/errors.ts';
import type { Db } from '../db/database.ts';
import { hashPin, pinProblem, verifyPin } from './pin.ts';

/** Wrong PINs allowed before the first lockout. */
export const FREE_TRIES = 5;
const FIRST_LOCK_MS = 30_000;
const LONGEST_LOCK_MS = 3_600_000;

/** How long sign-in is refused after the n-th wrong PIN in a row: nothing before the fifth, then 30 s, 60 s, … */
export function lockoutAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_TRIES), LONGEST_LOCK_MS);
}

export interface TechnicianAccessOptions {
  db: Db;
  /** Minutes without a technician call after which the session ends. */
  sessionMinutes: number;
  now?: () => Date;
}

interface Session {
  lastUsed: number;
}

export class TechnicianAccess {
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => Date;
  private readonly idleMs: number;

  constructor(private readonly options: TechnicianAccessOptions) {
    this.now = options.now ?? (() => new Date());
    this.idleMs = options.sessionMinutes * 60_000;
  }

  hasPin(): boolean {
    return this.options.db.prepare('SELECT 1 FROM pin WHERE id = 1').get() !== undefined;
  }

  /** Sets (or replaces) the PIN; `by` says where from, for the audit log. Clears any lockout. */
  async setPin(pin: string, by: string): Promise<void> {
    const problem = pinProblem(pin);
    if (problem) throw new KioskError('API_BAD_REQUEST', problem);
    const hash = await hashPin(pin);
    const { db } = this.options;
    db.transaction(() => {
      db.prepare(
        `INSERT INTO pin (id, hash, set_at) VALUES (1, @hash, @at)
         ON CONFLICT(id) DO UPDATE SET hash = @hash, set_at = @at`,
      ).run({ hash, at: this.now().toISOString() });
      db.prepare('DELETE FROM lockout').run();
    })();
    this.sessions.clear();
    this.audit('pin-set', 'ok', by);
  }

  async signIn(pin: string): Promise<TechnicianSignIn> {
    const { db } = this.options;
    const lock = db.prepare('SELECT failures, locked_until FROM lockout WHERE id = 1').get() as
      { failures: number; locked_until: string | null } | undefined;
    if (lock?.locked_until && Date.parse(lock.locked_until) > this.now().getTime()) {
      this.audit('sign-in', 'locked');
      return { outcome: 'locked', retryAt: lock.locked_until };
    }
    const stored = db.prepare('SELECT hash FROM pin WHERE id = 1').get() as { hash: string } | undefined;
    if (!stored) {
      this.audit('sign-in', 'no-pin');
      return { outcome: 'no-pin' };
    }
    if (await verifyPin(pin, stored.hash)) {
      db.prepare('DELETE FROM lockout').run();
      const session = randomBytes(32).toString('base64url');
      this.sessions.set(session, { lastUsed: this.now().getTime() });
      this.audit('sign-in', 'ok');
      return { outcome: 'signed-in', session, expiresAt: this.expiryOf(session) };
    }
    // Counted after the slow hash, in one statement, so two attempts at once both count.
    const { failures } = db
      .prepare(
        `INSERT INTO lockout (id, failures) VALUES (1, 1)
         ON CONFLICT(id) DO UPDATE SET failures = failures + 1 RETURNING failures`,
      )
      .get() as { failures: number };
    const lockMs = lockoutAfter(failures);
    this.audit('sign-in', 'wrong-pin', `wrong PIN ${failures} in a row`);
    if (lockMs === 0) return { outcome: 'wrong-pin', triesLeft: FREE_TRIES - failures };
    const retryAt = new Date(this.now().getTime() + lockMs).toISOString();
    db.prepare('UPDATE lockout SET locked_until = ? WHERE id = 1').run(retryAt);
    return { outcome: 'locked', retryAt };
  }

  /** Checks a session and counts the call as activity; a missing or idle session needs a new sign-in. */
  require(session: string): { expiresAt: string } {
    const found = this.sessions.get(session);
    const now = this.now().getTime();
    if (found && now - found.lastUsed <= this.idleMs) {
      found.lastUsed = now;
      return { expiresAt: this.expiryOf(session) };
    }
    if (found) {
      this.sessions.delete(session);
      this.audit('session', 'timed-out');
    }
    throw new KioskError('TECHNICIAN_SIGN_IN_REQUIRED', 'technician session missing or timed out');
  }

  signOut(session: string): void {
    if (this.sessions.delete(session)) this.audit('sign-out', 'ok');
  }

  /** Ends every session (the kiosk is closing, or the PIN changed). */
  signOutAll(): void {
    this.sessions.clear();
  }

  /** Records a technician action. `detail` is technical only: never a name, ID number or form content. */
  audit(action: string, outcome: string, detail = ''): void {
    this.options.db
      .prepare('INSERT INTO audit (at, action, outcome, detail) VALUES (?, ?, ?, ?)')
      .run(this.now().toISOString(), action, outcome, detail);
  }

  /** The newest audit entries first. */
  auditLog(limit = 100): TechnicianAuditEntry[] {
    return this.options.db
      .prepare('SELECT at, action, outcome, detail FROM audit ORDER BY id DESC LIMIT ?')
      .all(limit) as TechnicianAuditEntry[];
  }

  private expiryOf(session: string): string {
    const found = this.sessions.get(session);
    return new Date((found?.lastUsed ?? 0) + this.idleMs).toISOString();
  }
}
