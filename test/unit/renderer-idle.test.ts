// Idle timings of the villager's session (renderer/src/apply/idle.ts): a test may shorten them, nobody may lengthen.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_TIMINGS, idleTimingsFrom } from '../../renderer/src/apply/idle.ts';

const ATTRACT = { attractAfterMs: 60_000 };

describe('idle timings', () => {
  it('are 60 s to the prompt, 15 s to answer and 60 s to the attract loop unless the URL shortens them', () => {
    expect(DEFAULT_IDLE_TIMINGS).toEqual({ promptAfterMs: 60_000, answerWithinMs: 15_000, attractAfterMs: 60_000 });
    expect(idleTimingsFrom('')).toEqual(DEFAULT_IDLE_TIMINGS);
    expect(idleTimingsFrom('?idle=3000,2000')).toEqual({ promptAfterMs: 3000, answerWithinMs: 2000, ...ATTRACT });
    expect(idleTimingsFrom('?idle=4000')).toEqual({ promptAfterMs: 4000, answerWithinMs: 4000, ...ATTRACT });
    expect(idleTimingsFrom('?attract=2000')).toEqual({ ...DEFAULT_IDLE_TIMINGS, attractAfterMs: 2000 });
  });

  it('never lengthens the defaults, never goes below half a second, and ignores rubbish', () => {
    expect(idleTimingsFrom('?idle=999999999,999999999&attract=999999999')).toEqual(DEFAULT_IDLE_TIMINGS);
    expect(idleTimingsFrom('?idle=1,1&attract=1')).toEqual({
      promptAfterMs: 500,
      answerWithinMs: 500,
      attractAfterMs: 500,
    });
    expect(idleTimingsFrom('?idle=soon,-5&attract=later')).toEqual(DEFAULT_IDLE_TIMINGS);
  });
});
