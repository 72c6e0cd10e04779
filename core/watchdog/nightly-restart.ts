// Whether it is time for the nightly fresh start: inside the hour after the configured quiet time (kiosk time,
// China Standard Time), not yet done tonight, and nobody has used the kiosk for the last few minutes, so no
// villager is ever cut off.
const KIOSK_TIME_ZONE = 'Asia/Shanghai';
const WINDOW_MINUTES = 60;
export const QUIET_BEFORE_RESTART_MS = 5 * 60_000;

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: KIOSK_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Minutes since midnight, in kiosk time. */
function kioskMinutes(at: Date): number {
  const parts = Object.fromEntries(partsFormat.formatToParts(at).map((part) => [part.type, part.value]));
  return Number(parts.hour) * 60 + Number(parts.minute);
}

export interface NightlyRestartInput {
  now: Date;
  /** "03:30"; null: no nightly restart. */
  quietTime: string | null;
  /** The last KioskApi call (ms since the epoch); null: none since start. */
  lastCallAt: number | null;
  /** The last planned restart (ISO time); null: never. */
  plannedAt: string | null;
}

export function nightlyRestartDue({ now, quietTime, lastCallAt, plannedAt }: NightlyRestartInput): boolean {
  if (quietTime === null) return false;
  const [hours, minutes] = quietTime.split(':').map(Number) as [number, number];
  const start = hours * 60 + minutes;
  // The window may run past midnight (23:30 → 00:30): measure from the start, wrapping round the day.
  const intoWindow = (kioskMinutes(now) - start + 24 * 60) % (24 * 60);
  if (intoWindow >= WINDOW_MINUTES) return false;
  // Once a night: a restart earlier in this window (or just before it) was tonight's.
  if (plannedAt !== null && now.getTime() - Date.parse(plannedAt) < 2 * WINDOW_MINUTES * 60_000) return false;
  return lastCallAt === null || now.getTime() - lastCallAt >= QUIET_BEFORE_RESTART_MS;
}
