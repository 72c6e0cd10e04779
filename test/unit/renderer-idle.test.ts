// Idle timings of the application flow (renderer/src/apply/idle.ts): a test may shorten them, nobody may lengthen.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_TIMINGS, idleTimingsFrom } from '../../renderer/src/apply/idle.ts';

describe('idle timings', () => {
  it('are 90 s to the prompt and 30 s to answer unless the URL shortens them', () => {
    expect(DEFAULT_IDLE_TIMINGS).toEqual({ promptAfterMs: 90_000, answerWithinMs: 30_000 });
    expect(idleTimingsFrom('')).toEqual(DEFAULT_IDLE_TIMINGS);
    expect(idleTimingsFrom('?idle=3000,2000')).toEqual({ promptAfterMs: 3000, answerWithinMs: 2000 });
    expect(idleTimingsFrom('?idle=4000')).toEqual({ promptAfterMs: 4000, answerWithinMs: 4000 });
  });

  it('never lengthens the defaults, never goes below half a second, and ignores rubbish', () => {
    expect(idleTimingsFrom('?idle=999999999,999999999')).toEqual(DEFAULT_IDLE_TIMINGS);
    expect(idleTimingsFrom('?idle=1,1')).toEqual({ promptAfterMs: 500, answerWithinMs: 500 });
    expect(idleTimingsFrom('?idle=soon,-5')).toEqual(DEFAULT_IDLE_TIMINGS);
  });
});
