// The rules of a staff session, apart from storage and HTTP: its lifetimes, the cookie that carries it, the
// CSRF check of state-changing requests and the sign-in throttle's limits.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CSRF_HEADER } from '../../core/protocol/staff.ts';

export { CSRF_HEADER };

export const SESSION_COOKIE = 'hub_staff_session';
/** A session unused this long ends. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session ends this long after sign-in, however busy. */
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** Sign-in failures counted over this window. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_MAX_PER_NAME = 5;
export const THROTTLE_MAX_PER_ADDRESS = 20;

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Why a session (created at, last used at) is no longer valid at `now`, or null when it is. */
export function sessionExpiry(createdAt: string, lastSeenAt: string, now: Date): 'idle' | 'absolute' | null {
  const at = now.getTime();
  if (at - Date.parse(createdAt) >= SESSION_ABSOLUTE_MS) return 'absolute';
  if (at - Date.parse(lastSeenAt) >= SESSION_IDLE_MS) return 'idle';
  return null;
}

/** The Set-Cookie value for a session token; an empty token with maxAge 0 clears it. */
export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = SESSION_ABSOLUTE_MS / 1000): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The session token from a Cookie header, or null. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const split = part.indexOf('=');
    if (split < 0) continue;
    if (part.slice(0, split).trim() === SESSION_COOKIE) {
      const value = part.slice(split + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * Whether a state-changing request may proceed: the header carries the session's CSRF token (a page of another
 * site cannot read it) and the Origin, when the browser sends one, is the hub's own.
 */
export function csrfProblem(
  headers: { origin?: string | undefined; csrf?: string | undefined },
  sessionCsrf: string,
  allowedOrigins: readonly string[],
): string | null {
  if (headers.origin !== undefined && !allowedOrigins.includes(headers.origin)) {
    return `requests from ${headers.origin} are not accepted`;
  }
  const given = Buffer.from(headers.csrf ?? '', 'utf8');
  const expected = Buffer.from(sessionCsrf, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return `the ${CSRF_HEADER} header must carry this session's token`;
  }
  return null;
}
