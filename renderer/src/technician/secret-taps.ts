// The hidden way into the technician screen: five taps on the header clock within three seconds. Villagers do
// not tap a clock five times quickly by chance, and the clock is on every screen.

export const SECRET_TAPS = 5;
export const SECRET_WINDOW_MS = 3_000;

/** Adds a tap at `at` (ms) to the recent ones; `complete` once five fall within the window (then starts over). */
export function addTap(recent: readonly number[], at: number): { taps: number[]; complete: boolean } {
  const taps = [...recent.filter((time) => at - time < SECRET_WINDOW_MS), at];
  if (taps.length >= SECRET_TAPS) return { taps: [], complete: true };
  return { taps, complete: false };
}
