// Staff sign-in and sessions for the console: passwords checked with scrypt, sign-in throttled per name and per
// address, sessions kept in the database by the hash of their cookie token, ended when idle or too old, and a
// CSRF check (session token in a header plus the Origin) on every request that changes anything.
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { HubHttpError } from '../http.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import type { StaffRole } from './roles.ts';
import {
  CSRF_HEADER,
  csrfProblem,
  newSecret,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionExpiry,
  sessionTokenFrom,
  sha256Hex,
  THROTTLE_MAX_PER_ADDRESS,
  THROTTLE_MAX_PER_NAME,
  THROTTLE_WINDOW_MS,
} from './session-rules.ts';
import type { AuditEntry, StaffStorage } from './storage.ts';

/** A signed-in staff member on one request. */
export interface StaffContext {
  account: string;
  roles: StaffRole[];
  csrfToken: string;
  /** The session's key (sha256 of its cookie token). */
  sessionKey: string;
  address: string;
}

export interface StaffAuthOptions {
  storage: StaffStorage;
  now: () => Date;
  /** Origins the console may be used from for this request (the hub's public URL, its listening address). */
  allowedOrigins: (req: IncomingMessage) => string[];
  log: Logger;
}

/** last_seen_at is written at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

/** The address a request came from. A proxy in front of the hub shows as itself: throttle there too. */
export function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

const unauthorized = (message = 'please sign in') => new HubHttpError(401, 'HUB_UNAUTHORIZED', message);

export class StaffAuth {
  constructor(private readonly options: StaffAuthOptions) {}

  audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    return this.options.storage.audit({ ...entry, at: this.options.now().toISOString() });
  }

  /** A new session for the name and password, or 401 (429 when throttled); every outcome is audited. */
  async signIn(
    req: IncomingMessage,
    name: string,
    password: string,
  ): Promise<{ token: string; context: StaffContext }> {
    const { storage } = this.options;
    const now = this.options.now();
    const address = addressOf(req);
    this.requireOrigin(req);
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
    const failures = await storage.signInFailures(name, address, since);
    if (failures.name >= THROTTLE_MAX_PER_NAME || failures.address >= THROTTLE_MAX_PER_ADDRESS) {
      await this.audit({ account: name, action: 'signin.throttled', address });
      throw new HubHttpError(429, 'HUB_RATE_LIMITED', 'too many failed sign-ins; try again in 15 minutes', {
        'Retry-After': String(THROTTLE_WINDOW_MS / 1000),
      });
    }
    const account = await storage.account(name);
    // A missing account costs the same scrypt work as a wrong password, so timing does not reveal names.
    const matches = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !matches || account.disabledAt !== null || account.roles.length === 0) {
      await storage.recordSignInFailure(name, address, now.toISOString());
      await this.audit({
        account: account ? name : '(unknown)',
        action: 'signin.failed',
        address,
        detail: { reason: !account || !matches ? 'password' : account.disabledAt ? 'disabled' : 'no-roles' },
      });
      throw unauthorized('the name or password is wrong, or the account is disabled');
    }
    await storage.clearSignInFailures(name, since);
    const token = newSecret();
    const csrfToken = newSecret();
    const at = now.toISOString();
    await storage.purgeSessions(
      new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
      new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString(),
    );
    await storage.createSession({
      tokenSha256: sha256Hex(token),
      account: name,
      csrfToken,
      createdAt: at,
      lastSeenAt: at,
      address,
    });
    await this.audit({ account: name, action: 'signin', address });
    return {
      token,
      context: { account: name, roles: account.roles, csrfToken, sessionKey: sha256Hex(token), address },
    };
  }

  /** The session the request's cookie names, or 401; state-changing methods must also pass the CSRF check. */
  async authenticate(req: IncomingMessage): Promise<StaffContext> {
    const { storage } = this.options;
    const token = sessionTokenFrom(req.headers.cookie);
    if (token === null) throw unauthorized();
    const sessionKey = sha256Hex(token);
    const session = await storage.session(sessionKey);
    if (!session) throw unauthorized();
    const now = this.options.now();
    if (sessionExpiry(session.createdAt, session.lastSeenAt, now) !== null) {
      await storage.deleteSession(sessionKey);
      throw unauthorized('the session has ended; please sign in again');
    }
    const account = await storage.account(session.account);
    if (!account || account.disabledAt !== null) {
      await storage.deleteSession(sessionKey);
      throw unauthorized();
    }
    const context: StaffContext = {
      account: account.name,
      roles: account.roles,
      csrfToken: session.csrfToken,
      sessionKey,
      address: addressOf(req),
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') this.requireCsrf(req, context);
    if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
      await storage.touchSession(sessionKey, now.toISOString());
    }
    return context;
  }

  requireRole(context: StaffContext, role: StaffRole): void {
    if (!context.roles.includes(role)) {
      throw new HubHttpError(403, 'HUB_FORBIDDEN', `this needs the ${role} role`);
    }
  }

  async signOut(context: StaffContext): Promise<void> {
    await this.options.storage.deleteSession(context.sessionKey);
    await this.audit({ account: context.account, action: 'signout', address: context.address });
  }

  private requireOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined && !this.options.allowedOrigins(req).includes(origin)) {
      throw new HubHttpError(403, 'HUB_CSRF', `requests from ${origin} are not accepted`);
    }
  }

  private requireCsrf(req: IncomingMessage, context: StaffContext): void {
    const header = req.headers[CSRF_HEADER];
    const problem = csrfProblem(
      { origin: req.headers.origin, csrf: typeof header === 'string' ? header : undefined },
      context.csrfToken,
      this.options.allowedOrigins(req),
    );
    if (problem !== null) throw new HubHttpError(403, 'HUB_CSRF', problem);
  }
}
