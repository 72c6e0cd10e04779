// The watchdog's process keeper with real child processes: a crash is reported and the child started again, a
// planned exit is started again at once and not called a crash, a restart asked for is not reported at all, and
// stop() ends it for good.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keepAlive, type ChildExit } from '../../core/watchdog/keep-alive.ts';

/** A node child that exits with `code` after `afterMs`, or runs until killed when code is null. */
function child(code: number | null, afterMs = 50) {
  const script = code === null ? 'setInterval(() => {}, 1000)' : `setTimeout(() => process.exit(${code}), ${afterMs})`;
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
}

describe('the process keeper', () => {
  it('starts a crashed child again and a planned exit at once, telling which was which', async () => {
    const exits: ChildExit[] = [];
    const script = [3, 75, null];
    let starts = 0;
    const kept = keepAlive({
      start: () => child(script[Math.min(starts++, script.length - 1)] ?? null),
      plannedExitCode: 75,
      minDelayMs: 100,
      onExit: (exit) => exits.push(exit),
    });
    await expect.poll(() => starts).toBe(3);
    expect(exits).toEqual([
      { code: 3, signal: null, planned: false },
      { code: 75, signal: null, planned: true },
    ]);
    await kept.stop();
    expect(kept.child).toBeNull();
  });

  it('restarts a running child when asked, without calling it a crash, and stops for good', async () => {
    const exits: ChildExit[] = [];
    let starts = 0;
    const kept = keepAlive({
      start: () => {
        starts++;
        return child(null);
      },
      onExit: (exit) => exits.push(exit),
    });
    await expect.poll(() => kept.child?.pid).toBeDefined();
    const first = kept.child!.pid;
    kept.restart();
    await expect.poll(() => kept.child?.pid !== undefined && kept.child.pid !== first).toBe(true);
    expect(starts).toBe(2);
    const last = kept.child!;
    await kept.stop();
    expect(last.signalCode).toBe('SIGTERM');
    expect(exits).toEqual([]);
    expect(starts).toBe(2);
  });
});
