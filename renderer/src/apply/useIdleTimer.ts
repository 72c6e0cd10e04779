// Watches for touches and key presses while a screen holds personal data. After a quiet spell it asks whether
// the villager needs more time; unanswered, it calls onTimeout so the flow can go home and drop the data.
import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import type { IdleTimings } from './idle.ts';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input'] as const;

export interface IdleTimer {
  /** Seconds left to answer the "need more time?" prompt; null while nobody is being asked. */
  secondsLeft: number | null;
  /** The villager is still here: hide the prompt and start the quiet spell again. */
  keepGoing: () => void;
}

/**
 * `restartKey` restarts the quiet spell when it changes (a new step of the flow counts as activity); with
 * `enabled` false nothing is watched (a step without personal data on screen).
 */
export function useIdleTimer(
  timings: IdleTimings,
  onTimeout: () => void,
  restartKey: string,
  enabled = true,
): IdleTimer {
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const asking = secondsLeft !== null;
  const timeout = useEffectEvent(onTimeout);

  useEffect(() => {
    // While the prompt is up only its buttons answer, so a stray touch cannot press what lies beneath it.
    if (asking || !enabled) return;
    const ask = () => setSecondsLeft(Math.ceil(timings.answerWithinMs / 1000));
    let timer = setTimeout(ask, timings.promptAfterMs);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(ask, timings.promptAfterMs);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, restart, { capture: true });
    };
  }, [asking, enabled, timings.promptAfterMs, timings.answerWithinMs, restartKey]);

  useEffect(() => {
    if (!asking || !enabled) return;
    const deadline = Date.now() + timings.answerWithinMs;
    const tick = setInterval(
      () => setSecondsLeft(Math.max(0, Math.ceil((deadline - Date.now()) / 1000))),
      Math.min(1000, timings.answerWithinMs / 4),
    );
    const timer = setTimeout(() => timeout(), timings.answerWithinMs);
    return () => {
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, [asking, enabled, timings.answerWithinMs]);

  const keepGoing = useCallback(() => setSecondsLeft(null), []);
  return { secondsLeft: enabled ? secondsLeft : null, keepGoing };
}
