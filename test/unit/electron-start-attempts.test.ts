// Rolling back an update that does not start: the decision from the start record, the record kept on disk across
// the very crashes it counts, and putting the last good version back on each platform (real files, a stand-in
// for spawning the Windows installer).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { preserveAppImage, rollBackTo, type RollbackEnvironment } from '../../electron/rollback.ts';
import {
  decideStart,
  markStarted,
  MAX_FAILED_STARTS,
  readStartRecord,
  StartAttempts,
  type StartRecord,
} from '../../electron/start-attempts.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('start-attempts-');
const EMPTY: StartRecord = { starting: null, lastGood: null, kept: {}, badVersions: [], rolledBack: null };
const goodOld: StartRecord = { ...EMPTY, lastGood: { version: '1.0.0', installer: '/kept/1.0.0/kiosk.AppImage' } };

describe('the start decision', () => {
  it('starts a new version, counting each start that never reached a working page', () => {
    const first = decideStart(goodOld, '1.1.0');
    expect(first).toMatchObject({
      action: 'start',
      attempt: 1,
      record: { starting: { version: '1.1.0', attempts: 1 } },
    });
    const second = decideStart(first.record, '1.1.0');
    expect(second).toMatchObject({ action: 'start', attempt: 2 });
    expect(MAX_FAILED_STARTS).toBe(2);
  });

  it('rolls back at the third start after two failed ones, and marks the version bad', () => {
    let record = goodOld;
    for (let start = 0; start < 2; start++) record = decideStart(record, '1.1.0').record;
    const third = decideStart(record, '1.1.0', new Date('2026-12-07T03:00:00Z'));
    expect(third).toEqual({
      action: 'roll-back',
      to: { version: '1.0.0', installer: '/kept/1.0.0/kiosk.AppImage' },
      record: {
        ...goodOld,
        starting: null,
        badVersions: ['1.1.0'],
        rolledBack: { from: '1.1.0', to: '1.0.0', at: '2026-12-07T03:00:00.000Z' },
      },
    });
  });

  it('does not roll back a version that started well, nor to nowhere', () => {
    // Started, marked good, then started again twice after crashes later in the day: good starts reset the count.
    let record = markStarted(decideStart(goodOld, '1.1.0').record, '1.1.0').record;
    record = decideStart(record, '1.1.0').record;
    expect(decideStart(record, '1.1.0')).toMatchObject({ action: 'start', attempt: 2 });

    let fresh = EMPTY;
    for (let start = 0; start < 2; start++) fresh = decideStart(fresh, '1.0.0').record;
    expect(decideStart(fresh, '1.0.0')).toMatchObject({
      action: 'start',
      attempt: 3,
      cannotRollBack: 'no version has started well yet',
    });
    const noInstaller: StartRecord = { ...EMPTY, lastGood: { version: '1.0.0', installer: null } };
    let record2 = noInstaller;
    for (let start = 0; start < 2; start++) record2 = decideStart(record2, '1.1.0').record;
    expect(decideStart(record2, '1.1.0')).toMatchObject({
      action: 'start',
      cannotRollBack: 'no installer of the last good version is kept',
    });
  });

  it('makes a version that starts well the last good one, with its kept installer, and drops older ones', () => {
    const record: StartRecord = {
      ...goodOld,
      starting: { version: '1.1.0', attempts: 1 },
      kept: { '1.0.0': '/kept/1.0.0/kiosk.AppImage', '1.1.0': '/kept/1.1.0/kiosk.AppImage', '1.2.0': '/kept/1.2.0/k' },
    };
    const { record: after, drop } = markStarted(record, '1.1.0');
    expect(after.starting).toBeNull();
    expect(after.lastGood).toEqual({ version: '1.1.0', installer: '/kept/1.1.0/kiosk.AppImage' });
    expect(after.kept).toEqual({ '1.1.0': '/kept/1.1.0/kiosk.AppImage', '1.2.0': '/kept/1.2.0/k' });
    expect(drop).toEqual(['/kept/1.0.0/kiosk.AppImage']);
    // After a rollback to 1.0.0, the given-up 1.1.0's installer goes too.
    const back = markStarted({ ...record, badVersions: ['1.1.0'] }, '1.0.0');
    expect(back.drop).toEqual(['/kept/1.1.0/kiosk.AppImage']);
    expect(Object.keys(back.record.kept)).toEqual(['1.0.0', '1.2.0']);
  });

  it('removes the dropped installers from disk when the version has started well', () => {
    const dir = tempDir();
    const file = path.join(dir, 'start-attempts.json');
    const old = path.join(dir, 'releases', '1.0.0', 'kiosk.AppImage');
    const current = path.join(dir, 'releases', '1.1.0', 'kiosk.AppImage');
    for (const each of [old, current]) {
      mkdirSync(path.dirname(each), { recursive: true });
      writeFileSync(each, 'x');
    }
    writeFileSync(file, JSON.stringify({ ...EMPTY, kept: { '1.0.0': old, '1.1.0': current } }));
    new StartAttempts(file, '1.1.0').started();
    expect(existsSync(path.dirname(old))).toBe(false);
    expect(existsSync(current)).toBe(true);
    expect(readStartRecord(file).lastGood).toEqual({ version: '1.1.0', installer: current });
  });
});

describe('the start record on disk', () => {
  it('survives between runs, keeps installers, and says which versions are bad', () => {
    const dir = tempDir();
    const file = path.join(dir, 'start-attempts.json');
    const oldInstaller = path.join(dir, 'releases', '1.0.0', 'kiosk.AppImage');
    new StartAttempts(file, '1.0.0').begin();
    const run = new StartAttempts(file, '1.0.0');
    expect(readStartRecord(file).starting).toEqual({ version: '1.0.0', attempts: 1 });
    run.started();
    // The running good version's AppImage, kept just before an update replaces it.
    run.keep('1.0.0', oldInstaller);
    expect(readStartRecord(file).lastGood).toEqual({ version: '1.0.0', installer: oldInstaller });

    const updated = new StartAttempts(file, '1.1.0');
    expect(updated.begin()).toMatchObject({ action: 'start', attempt: 1 });
    expect(new StartAttempts(file, '1.1.0').begin()).toMatchObject({ action: 'start', attempt: 2 });
    expect(new StartAttempts(file, '1.1.0').begin()).toMatchObject({ action: 'roll-back', to: { version: '1.0.0' } });
    expect(updated.isBad('1.1.0')).toBe(true);
    expect(updated.isBad('1.2.0')).toBe(false);
  });

  it('starts counting afresh from an unreadable record rather than failing the start', () => {
    const file = path.join(tempDir(), 'start-attempts.json');
    writeFileSync(file, '{"starting": {"version"');
    expect(new StartAttempts(file, '1.0.0').begin()).toMatchObject({ action: 'start', attempt: 1 });
  });
});

describe('putting the last good version back', () => {
  function environment(overrides: Partial<RollbackEnvironment>) {
    const unref = vi.fn();
    const env: RollbackEnvironment = {
      platform: 'linux',
      appImage: undefined,
      spawn: vi.fn(() => ({ unref })) as unknown as RollbackEnvironment['spawn'],
      relaunch: vi.fn(),
      quit: vi.fn(),
      ...overrides,
    };
    return { env, unref };
  }

  it('replaces the running AppImage with the kept one, executable, and restarts from it', () => {
    const dir = tempDir();
    const running = path.join(dir, 'Village-Kiosk.AppImage');
    const kept = path.join(dir, 'kept.AppImage');
    writeFileSync(running, 'new, broken');
    writeFileSync(kept, 'old, good');
    const { env } = environment({ appImage: running });
    expect(rollBackTo(kept, env)).toBe('relaunching');
    expect(readFileSync(running, 'utf8')).toBe('old, good');
    expect(existsSync(`${running}.rollback`)).toBe(false);
    expect(statSync(running).mode & 0o111).not.toBe(0);
    expect(env.relaunch).toHaveBeenCalledWith(running);
  });

  it('runs the kept NSIS installer silently on Windows, and gives up on a deb install (needs root)', () => {
    const { env, unref } = environment({ platform: 'win32' });
    expect(rollBackTo('C:\\kept\\Village Kiosk Setup 1.0.0.exe', env)).toBe('installer-started');
    expect(env.spawn).toHaveBeenCalledWith('C:\\kept\\Village Kiosk Setup 1.0.0.exe', ['/S', '--force-run'], {
      detached: true,
      stdio: 'ignore',
    });
    expect(unref).toHaveBeenCalled();
    expect(env.quit).toHaveBeenCalled();
    const deb = environment({ platform: 'linux', appImage: undefined });
    expect(rollBackTo('/kept/kiosk.deb', deb.env)).toBe('unsupported');
    expect(deb.env.relaunch).not.toHaveBeenCalled();
  });

  it('keeps a copy of the running AppImage before an update, and nothing when not an AppImage', () => {
    const dir = tempDir();
    const running = path.join(dir, 'Village-Kiosk.AppImage');
    writeFileSync(running, 'good');
    const kept = preserveAppImage(running, path.join(dir, 'releases'), '1.0.0');
    expect(kept).toBe(path.join(dir, 'releases', '1.0.0', 'Village-Kiosk.AppImage'));
    expect(readFileSync(kept!, 'utf8')).toBe('good');
    expect(preserveAppImage(undefined, path.join(dir, 'releases'), '1.0.0')).toBeNull();
  });
});
