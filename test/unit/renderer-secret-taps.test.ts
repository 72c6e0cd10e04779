import { describe, expect, it } from 'vitest';
import { addTap, SECRET_WINDOW_MS } from '../../renderer/src/technician/secret-taps.ts';

function tapAt(times: number[]): boolean[] {
  let taps: number[] = [];
  return times.map((at) => {
    const next = addTap(taps, at);
    taps = next.taps;
    return next.complete;
  });
}

describe('the hidden technician gesture', () => {
  it('opens on the fifth tap within three seconds, and starts over after', () => {
    expect(tapAt([0, 500, 1000, 1500, 2000])).toEqual([false, false, false, false, true]);
    expect(tapAt([0, 500, 1000, 1500, 2000, 2100, 2200, 2300, 2400])).toEqual([
      ...[false, false, false, false, true],
      ...[false, false, false, false],
    ]);
  });

  it('does not open for taps spread wider than the window', () => {
    const slow = [0, 800, 1600, 2400, SECRET_WINDOW_MS];
    expect(tapAt(slow).at(-1)).toBe(false);
    // The first tap has fallen out of the window; one more quick tap completes it.
    expect(tapAt([...slow, SECRET_WINDOW_MS + 100]).at(-1)).toBe(true);
  });
});
