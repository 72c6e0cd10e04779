// Bookable appointment slots from a service's schedule (catalogue appointmentSlots), in China days, and the
// free will notarisation for people aged 70 or more (DOMAIN.md §5). Pure functions for unit tests.
import type { AppointmentSlots } from '../../../core/catalogue/schema.ts';
import { chinaDay } from '../../../drivers/china-time.ts';

export interface Slot {
  /** YYYY-MM-DD (China). */
  day: string;
  /** HH:MM-HH:MM */
  time: string;
  /** What is sent and shown: "2026-11-24 09:00-10:00". */
  value: string;
}

const DAY_MS = 86_400_000;

/** The slots from tomorrow to `daysAhead` days ahead on the schedule's weekdays, skipping closed days. */
export function bookableSlots(schedule: AppointmentSlots, now: Date): Slot[] {
  const slots: Slot[] = [];
  for (let ahead = 1; ahead <= schedule.daysAhead; ahead++) {
    const day = chinaDay(new Date(now.getTime() + ahead * DAY_MS));
    // The weekday of a China day: its date at noon UTC is the same calendar day.
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
    if (!schedule.weekdays.includes(weekday) || schedule.closedDates.includes(day)) continue;
    for (const time of schedule.times) slots.push({ day, time, value: `${day} ${time}` });
  }
  return slots;
}

/** Full years of age on a China day, from a YYYY-MM-DD birth date; null when it cannot be read. */
export function ageOn(birthDate: string, day: string): number | null {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const today = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!birth || !today) return null;
  const age = Number(today[1]) - Number(birth[1]);
  const hadBirthday = today[2]! > birth[2]! || (today[2] === birth[2] && today[3]! >= birth[3]!);
  return hadBirthday ? age : age - 1;
}

/** Will notarisation is free for applicants aged 70 or more (广东省 公证费减免: 70 周岁以上老人办理遗嘱公证). */
export const FREE_WILL_AGE = 70;
