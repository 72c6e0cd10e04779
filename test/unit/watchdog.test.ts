// The watchdog's decisions on their own: when the nightly restart is due (the quiet hour in China time, once a
// night, never while someone uses the kiosk), when a silent page is reported, and the restart record in the
// data folder (kept through a power cut mid-write, unreadable → starts again from nothing).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nightlyRestartDue } from '../../core/watchdog/nightly-restart.ts';
import { watchRenderer } from '../../core/watchdog/renderer-watch.ts';
import {
  notePlannedRestart,
  noteRestart,
  readRestartRecord,
  RESTART_RECORD_FILE,
} from '../../core/watchdog/restart-record.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('watchdog-unit-');
/** A moment in kiosk time (UTC+8). */
const cst = (time: string) => new Date(`${time}+08:00`);
const MINUTE = 60_000;

describe('the nightly restart', () => {
  const quiet = { quietTime: '03:30', plannedAt: null };

  it('is due in the hour after the quiet time when nobody has used the kiosk for five minutes', () => {
    const now = cst('2026-11-23T03:40:00');
    expect(nightlyRestartDue({ ...quiet, now, lastCallAt: null })).toBe(true);
    expect(nightlyRestartDue({ ...quiet, now, lastCallAt: now.getTime() - 6 * MINUTE })).toBe(true);
    // Someone tapped a minute ago: not now.
    expect(nightlyRestartDue({ ...quiet, now, lastCallAt: now.getTime() - MINUTE })).toBe(false);
  });

  it('is not due outside the window, when switched off, or a second time the same night', () => {
    expect(nightlyRestartDue({ ...quiet, now: cst('2026-11-23T03:29:00'), lastCallAt: null })).toBe(false);
    expect(nightlyRestartDue({ ...quiet, now: cst('2026-11-23T04:30:00'), lastCallAt: null })).toBe(false);
    expect(nightlyRestartDue({ ...quiet, now: cst('2026-11-23T15:40:00'), lastCallAt: null })).toBe(false);
    expect(
      nightlyRestartDue({ quietTime: null, plannedAt: null, now: cst('2026-11-23T03:40:00'), lastCallAt: null }),
    ).toBe(false);
    const plannedAt = cst('2026-11-23T03:31:00').toISOString();
    expect(nightlyRestartDue({ ...quiet, plannedAt, now: cst('2026-11-23T03:50:00'), lastCallAt: null })).toBe(false);
    // The next night it is due again.
    expect(nightlyRestartDue({ ...quiet, plannedAt, now: cst('2026-11-24T03:31:00'), lastCallAt: null })).toBe(true);
  });

  it('counts a window that runs past midnight in kiosk time, whatever the machine’s time zone', () => {
    const late = { quietTime: '23:30', plannedAt: null, lastCallAt: null };
    expect(nightlyRestartDue({ ...late, now: cst('2026-11-23T00:10:00') })).toBe(true);
    expect(nightlyRestartDue({ ...late, now: cst('2026-11-23T00:31:00') })).toBe(false);
    // 03:40 in Guangdong is 19:40 UTC the day before.
    expect(nightlyRestartDue({ ...quiet, now: new Date('2026-11-22T19:40:00Z'), lastCallAt: null })).toBe(true);
  });
});

describe('the watch on the page', () => {
  afterEach(() => vi.useRealTimers());

  function watch(windowShowing: boolean) {
    vi.useFakeTimers({ now: 0 });
    const activity = { rendererAliveAt: null as number | null, lastCallAt: null };
    let silences = 0;
    const stop = watchRenderer({
      activity: () => activity,
      silenceMs: 30_000,
      checkEveryMs: 1000,
      windowShowing,
      onSilent: () => silences++,
    });
    return { activity, silences: () => silences, stop };
  }

  it('reports a page silent past the limit once, then gives the new page the same time', () => {
    const page = watch(false);
    vi.advanceTimersByTime(120_000);
    expect(page.silences()).toBe(0);
    page.activity.rendererAliveAt = Date.now();
    vi.advanceTimersByTime(29_000);
    expect(page.silences()).toBe(0);
    vi.advanceTimersByTime(3_000);
    expect(page.silences()).toBe(1);
    vi.advanceTimersByTime(29_000);
    expect(page.silences()).toBe(1);
    vi.advanceTimersByTime(3_000);
    expect(page.silences()).toBe(2);
    page.activity.rendererAliveAt = Date.now();
    vi.advanceTimersByTime(20_000);
    expect(page.silences()).toBe(2);
    page.stop();
  });

  it('with a window showing, reports a page that never said it was alive', () => {
    const page = watch(true);
    vi.advanceTimersByTime(32_000);
    expect(page.silences()).toBe(1);
    page.stop();
  });
});

describe('the restart record', () => {
  it('counts restarts with their reason, keeps planned ones apart, and survives a torn write', () => {
    const dir = tempDir();
    expect(readRestartRecord(dir).backend.restarts).toBe(0);
    noteRestart(dir, 'backend', 'killed by SIGKILL', new Date('2026-11-22T10:00:00Z'));
    noteRestart(dir, 'renderer', 'page not answering');
    noteRestart(dir, 'renderer', 'browser exited with code 1', new Date('2026-11-22T11:00:00Z'));
    notePlannedRestart(dir, new Date('2026-11-22T19:31:00Z'));
    // A power cut while the next write was under way leaves its temp file; the record is the last whole one.
    writeFileSync(path.join(dir, `${RESTART_RECORD_FILE}.tmp`), '{"backend": {"rest');
    expect(readRestartRecord(dir)).toEqual({
      backend: { restarts: 1, lastReason: 'killed by SIGKILL', lastAt: '2026-11-22T10:00:00.000Z' },
      renderer: { restarts: 2, lastReason: 'browser exited with code 1', lastAt: '2026-11-22T11:00:00.000Z' },
      plannedAt: '2026-11-22T19:31:00.000Z',
    });
  });

  it('starts from nothing when the record is unreadable', () => {
    const dir = path.join(tempDir(), 'data');
    mkdirSync(dir);
    writeFileSync(path.join(dir, RESTART_RECORD_FILE), 'not json');
    expect(readRestartRecord(dir).renderer.restarts).toBe(0);
    expect(noteRestart(dir, 'renderer', 'page not answering').renderer.restarts).toBe(1);
  });
});
