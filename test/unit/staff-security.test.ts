// The staff console's security rules on their own: password hashes, session lifetimes and cookies, the CSRF
// check, CSV escaping for Excel, and the fleet alert rules.
import { describe, expect, it } from 'vitest';
import { fleetAlerts } from '../../hub/staff/alerts.ts';
import { csvCell, toCsv } from '../../hub/staff/csv.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../hub/staff/passwords.ts';
import { parseRoles } from '../../hub/staff/roles.ts';
import {
  csrfProblem,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionCookie,
  sessionExpiry,
  sessionTokenFrom,
} from '../../hub/staff/session-rules.ts';

describe('staff password hashes', () => {
  it('verifies the right password, refuses others, and salts each hash', async () => {
    const hash = await hashPassword('村里的密码 correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('村里的密码 correct horse', hash)).toBe(true);
    expect(await verifyPassword('村里的密码 correct hors', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    const again = await hashPassword('村里的密码 correct horse');
    expect(again).not.toBe(hash);
    expect(again.split('$')[4]).not.toBe(hash.split('$')[4]);
  });

  it('verifies a hash made with another cost, so the cost can be raised later', async () => {
    const cheap = await hashPassword('another password', { N: 2 ** 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('another password', cheap)).toBe(true);
  });

  it('answers false, never throws, for a malformed or absurd stored hash; the dummy hash matches nothing', async () => {
    for (const stored of [
      '',
      'bcrypt$x',
      'scrypt$0$8$1$aa$bb',
      'scrypt$33554432$8$1$aa$bb',
      'scrypt$1024$8$1$aa$short',
    ]) {
      expect(await verifyPassword('whatever password', stored)).toBe(false);
    }
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
  });

  it('asks for at least 10 characters and at most 200', () => {
    expect(passwordProblem('123456789')).toContain('at least 10');
    expect(passwordProblem('1234567890')).toBeNull();
    expect(passwordProblem('x'.repeat(201))).toContain('at most 200');
  });

  it('knows the three roles and refuses others', () => {
    expect(parseRoles('case_worker, fleet_admin,case_worker')).toEqual(['case_worker', 'fleet_admin']);
    expect(() => parseRoles('case_worker,admin')).toThrow('unknown role "admin"');
  });
});

describe('staff sessions', () => {
  const created = '2026-12-07T00:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(created) + ms);

  it('ends after 30 minutes unused and 12 hours after sign-in however busy', () => {
    expect(sessionExpiry(created, created, at(SESSION_IDLE_MS - 1))).toBeNull();
    expect(sessionExpiry(created, created, at(SESSION_IDLE_MS))).toBe('idle');
    const busy = at(SESSION_ABSOLUTE_MS - 60_000).toISOString();
    expect(sessionExpiry(created, busy, at(SESSION_ABSOLUTE_MS - 1))).toBeNull();
    expect(sessionExpiry(created, busy, at(SESSION_ABSOLUTE_MS))).toBe('absolute');
  });

  it('sets an HttpOnly, SameSite=Strict cookie, Secure behind https, and reads only its own cookie', () => {
    const token = 'A'.repeat(43);
    expect(sessionCookie(token, false)).toBe(
      `hub_staff_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200`,
    );
    expect(sessionCookie(token, true)).toMatch(/; Secure$/);
    expect(sessionCookie('', true, 0)).toContain('Max-Age=0');
    expect(sessionTokenFrom(`other=1; hub_staff_session=${token}; x=y`)).toBe(token);
    expect(sessionTokenFrom('hub_staff_session=../../etc')).toBeNull();
    expect(sessionTokenFrom('hub_staff_sessionx=' + token)).toBeNull();
    expect(sessionTokenFrom(undefined)).toBeNull();
  });

  it('lets a state change through only with the session token in the header and from the hub’s origin', () => {
    const origins = ['http://127.0.0.1:8440'];
    const csrf = 'c'.repeat(43);
    expect(csrfProblem({ origin: 'http://127.0.0.1:8440', csrf }, csrf, origins)).toBeNull();
    // No Origin (some clients send none): the token alone decides.
    expect(csrfProblem({ csrf }, csrf, origins)).toBeNull();
    expect(csrfProblem({ origin: 'http://evil.example', csrf }, csrf, origins)).toContain('evil.example');
    expect(csrfProblem({ origin: 'http://127.0.0.1:8440' }, csrf, origins)).toContain('x-csrf-token');
    expect(csrfProblem({ csrf: 'd'.repeat(43) }, csrf, origins)).toContain('x-csrf-token');
    expect(csrfProblem({ csrf: csrf.slice(1) }, csrf, origins)).toContain('x-csrf-token');
  });
});

describe('CSV export', () => {
  it('starts with a BOM, ends rows with CRLF and quotes what needs quoting', () => {
    const csv = toCsv(
      ['受理编号', '申请人'],
      [
        ['XW-1', '林秀英'],
        ['XW-2', '陈 "阿强", 二哥\n村东'],
      ],
    );
    expect(csv.startsWith('\uFEFF受理编号,申请人\r\n')).toBe(true);
    expect(csv).toBe('\uFEFF受理编号,申请人\r\nXW-1,林秀英\r\nXW-2,"陈 ""阿强"", 二哥\n村东"\r\n');
  });

  it('disarms cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","点")')).toBe(`"'=HYPERLINK(""http://x"",""点"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
  });
});

describe('fleet alerts', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');
  const health = (over: { receiptPrinter?: string; pending?: number; age?: number | null; refused?: number }) => ({
    devices: { idcard: 'ready', receiptPrinter: over.receiptPrinter ?? 'ready', a4Printer: 'none' },
    outbox: { pending: over.pending ?? 0, oldestPendingAgeSeconds: over.age ?? null, refused: over.refused ?? 0 },
  });
  const seen = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();

  it('says nothing about a healthy kiosk heard from within the hour', () => {
    expect(fleetAlerts({ lastHeartbeatAt: seen(3_600_000), health: health({}), revoked: false }, now)).toEqual([]);
  });

  it('flags a kiosk silent for over an hour, and one never heard from', () => {
    expect(fleetAlerts({ lastHeartbeatAt: seen(3_600_001), health: health({}), revoked: false }, now)).toEqual([
      'offline',
    ]);
    expect(fleetAlerts({ lastHeartbeatAt: null, health: null, revoked: false }, now)).toEqual(['never-heard']);
  });

  it('flags paper out, a sync backlog by count or by age, and refused submissions', () => {
    const alerts = (over: Parameters<typeof health>[0]) =>
      fleetAlerts({ lastHeartbeatAt: seen(60_000), health: health(over), revoked: false }, now);
    expect(alerts({ receiptPrinter: 'paperOut' })).toEqual(['paper-out']);
    expect(alerts({ pending: 19, age: 3_599 })).toEqual([]);
    expect(alerts({ pending: 20 })).toEqual(['sync-backlog']);
    expect(alerts({ pending: 1, age: 3_600 })).toEqual(['sync-backlog']);
    expect(alerts({ refused: 1 })).toEqual(['refused-submissions']);
  });

  it('raises nothing for a revoked kiosk', () => {
    expect(fleetAlerts({ lastHeartbeatAt: null, health: null, revoked: true }, now)).toEqual([]);
  });
});
