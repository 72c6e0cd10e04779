// How long a screen holding personal data waits for a touch before asking "need more time?", and how long it
// then waits for an answer before going home and forgetting everything. One place, so tests can shorten it.

export interface IdleTimings {
  /** Without a touch or key press for this long, the screen asks whether the villager needs more time. */
  promptAfterMs: number;
  /** Unanswered for this long, the kiosk goes home and drops the session. */
  answerWithinMs: number;
  /** Untouched on the home screen for this long, the attract loop shows. */
  attractAfterMs: number;
}

export const DEFAULT_IDLE_TIMINGS: IdleTimings = {
  promptAfterMs: 60_000,
  answerWithinMs: 15_000,
  attractAfterMs: 60_000,
};

/** Below this a villager could not possibly answer; it only exists so tests do not wait minutes. */
const SHORTEST_MS = 500;

/**
 * Reads `?idle=<promptAfterMs>,<answerWithinMs>` and `?attract=<attractAfterMs>` from the page's query string
 * (read once at start). Values can only shorten the defaults, never lengthen them: a longer wait would leave
 * personal data on screen longer.
 */
export function idleTimingsFrom(search: string): IdleTimings {
  const params = new URLSearchParams(search);
  const value = params.get('idle');
  const attractAfterMs = shortened(params.get('attract') ?? undefined, DEFAULT_IDLE_TIMINGS.attractAfterMs);
  if (!value) return { ...DEFAULT_IDLE_TIMINGS, attractAfterMs };
  const [prompt, answer] = value.split(',');
  return {
    promptAfterMs: shortened(prompt, DEFAULT_IDLE_TIMINGS.promptAfterMs),
    answerWithinMs: shortened(answer ?? prompt, DEFAULT_IDLE_TIMINGS.answerWithinMs),
    attractAfterMs,
  };
}

function shortened(text: string | undefined, defaultMs: number): number {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return defaultMs;
  return Math.min(defaultMs, Math.max(SHORTEST_MS, Number(text)));
}
