// Technician access on a real SQLite file: the PIN is kept as an scrypt hash, wrong PINs lock sign-in for a
// growing delay that survives a restart, sessions end when idle, and the audit log records every attempt and
// action without the PIN or any personal data. The CLI sets the PIN from stdin and prints the audit log.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/database.ts';
import { FREE_TRIES, lockoutAfter, TechnicianAccess } from '../../core/technician/access.ts';
import { TECHNICIAN_MIGRATIONS } from '../../core/technician/migrations.ts';
import { hashPin, pinProblem, verifyPin } from '../../core/technician/pin.ts';
import { kioskctl } from '../helpers/kioskctl.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('technician-');
const PIN = '246810';

function openAccess(file: string, clock: { now: Date }) {
  const db = openDatabase(file, TECHNICIAN_MIGRATIONS);
  return { db, access: new TechnicianAccess({ db, sessionMinutes: 10, now: () => clock.now }) };
}

const later = (clock: { now: Date }, ms: number) => (clock.now = new Date(clock.now.getTime() + ms));

describe('technician PIN', () => {
  it('refuses short, repeated and sequential PINs, and hashes with a fresh salt', async () => {
    expect(pinProblem('12345')).toMatch(/6 to 12 digits/);
    expect(pinProblem('12a456')).toMatch(/6 to 12 digits/);
    expect(pinProblem('000000')).toMatch(/repeated/);
    expect(pinProblem('123456')).toMatch(/run of digits/);
    expect(pinProblem('987654')).toMatch(/run of digits/);
    expect(pinProblem(PIN)).toBeNull();
    const [first, second] = [await hashPin(PIN), await hashPin(PIN)];
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPin(PIN, first)).toBe(true);
    expect(await verifyPin('246811', first)).toBe(false);
    expect(await verifyPin(PIN, 'md5$whatever')).toBe(false);
  });

  it('locks sign-in after five wrong PINs for a delay that doubles, across a restart', async () => {
    expect([4, 5, 6, 7, 20].map(lockoutAfter)).toEqual([0, 30_000, 60_000, 120_000, 3_600_000]);
    const file = path.join(tempDir(), 'technician.sqlite');
    const clock = { now: new Date('2026-11-22T02:00:00Z') };
    let { db, access } = openAccess(file, clock);
    expect(await access.signIn(PIN)).toEqual({ outcome: 'no-pin' });
    await access.setPin(PIN, 'test');
    for (let left = FREE_TRIES - 1; left > 0; left--) {
      expect(await access.signIn('111111')).toEqual({ outcome: 'wrong-pin', triesLeft: left });
    }
    expect(await access.signIn('111111')).toEqual({ outcome: 'locked', retryAt: '2026-11-22T02:00:30.000Z' });
    // Even the right PIN waits out the lock, and switching the kiosk off and on does not lift it.
    db.close();
    ({ db, access } = openAccess(file, clock));
    expect(await access.signIn(PIN)).toEqual({ outcome: 'locked', retryAt: '2026-11-22T02:00:30.000Z' });
    later(clock, 30_001);
    // One more wrong PIN after the lock: twice as long.
    expect(await access.signIn('111111')).toEqual({ outcome: 'locked', retryAt: '2026-11-22T02:01:30.001Z' });
    later(clock, 60_000);
    const signedIn = await access.signIn(PIN);
    expect(signedIn).toMatchObject({ outcome: 'signed-in', expiresAt: '2026-11-22T02:11:30.001Z' });
    // A good PIN clears the count.
    expect(await access.signIn('111111')).toEqual({ outcome: 'wrong-pin', triesLeft: FREE_TRIES - 1 });
    db.close();
  });

  it('ends a session after ten idle minutes, keeps it while used, and records everything without the PIN', async () => {
    const file = path.join(tempDir(), 'technician.sqlite');
    const clock = { now: new Date('2026-11-22T02:00:00Z') };
    const { db, access } = openAccess(file, clock);
    await access.setPin(PIN, 'test');
    const result = await access.signIn(PIN);
    if (result.outcome !== 'signed-in') throw new Error(`not signed in: ${result.outcome}`);
    later(clock, 9 * 60_000);
    expect(access.require(result.session).expiresAt).toBe('2026-11-22T02:19:00.000Z');
    later(clock, 10 * 60_000 + 1);
    expect(() => access.require(result.session)).toThrow(
      expect.objectContaining({ code: 'TECHNICIAN_SIGN_IN_REQUIRED' }),
    );
    expect(() => access.require('not-a-session-at-all-xxxxx')).toThrow(
      expect.objectContaining({ code: 'TECHNICIAN_SIGN_IN_REQUIRED' }),
    );
    const again = await access.signIn(PIN);
    if (again.outcome !== 'signed-in') throw new Error('not signed in');
    access.signOut(again.session);
    expect(() => access.require(again.session)).toThrow(
      expect.objectContaining({ code: 'TECHNICIAN_SIGN_IN_REQUIRED' }),
    );
    await access.signIn('999999');
    expect(access.auditLog().map((entry) => `${entry.action} ${entry.outcome}`)).toEqual([
      'sign-in wrong-pin',
      'sign-out ok',
      'sign-in ok',
      'session timed-out',
      'sign-in ok',
      'pin-set ok',
    ]);
    db.close();
    // Closed: the write-ahead log is checkpointed into the file.
    const raw = readFileSync(file).toString('latin1');
    expect(raw).not.toContain(PIN);
    expect(raw).not.toContain('999999');
  });
});

describe('kioskctl technician', () => {
  it('sets the PIN from stdin, refuses a weak one plainly, and prints the audit log', async () => {
    const dataDir = tempDir();
    const site = path.join(dataDir, 'site.json');
    writeFileSync(site, JSON.stringify({ dataDir }));
    const weak = await kioskctl(['technician', 'set-pin', '--config', site], '123456\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/run of digits/);
    const set = await kioskctl(['technician', 'set-pin', '--config', site], `${PIN}\n`);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const clock = { now: new Date() };
    const { db, access } = openAccess(path.join(dataDir, 'technician.sqlite'), clock);
    expect(await access.signIn(PIN)).toMatchObject({ outcome: 'signed-in' });
    db.close();
    const audit = await kioskctl(['technician', 'audit', '--config', site, '--json']);
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toEqual([
      expect.objectContaining({ action: 'sign-in', outcome: 'ok' }),
      expect.objectContaining({ action: 'pin-set', outcome: 'ok', detail: 'kioskctl' }),
    ]);
    expect(audit.stdout).not.toContain(PIN);
  });
});
