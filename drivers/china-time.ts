// Wall-clock time in China (Asia/Shanghai is UTC+8 and has had no daylight saving time since 1991), for what
// villagers read (receipts, forms) and what follows the local calendar (ID card expiry).

/** The same instant as a Date whose UTC fields are China's wall clock. */
export function chinaClock(date: Date): Date {
  return new Date(date.getTime() + 8 * 3600_000);
}

/** YYYY-MM-DD in China. */
export function chinaDay(date: Date): string {
  return chinaClock(date).toISOString().slice(0, 10);
}
