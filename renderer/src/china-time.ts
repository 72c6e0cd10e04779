// Times as the villager reads them: stored in UTC ISO 8601, shown in China time (Asia/Shanghai) in the screen's
// language. Plain functions, so unit tests can run them in Node.
import type { Language } from './i18n.ts';

const ZONE = 'Asia/Shanghai';
const LOCALES: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

const dayFormats = new Map<Language, Intl.DateTimeFormat>();
const timeFormats = new Map<Language, Intl.DateTimeFormat>();

function format(cache: Map<Language, Intl.DateTimeFormat>, language: Language, withTime: boolean) {
  let formatter = cache.get(language);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: ZONE,
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' as const } : {}),
    });
    cache.set(language, formatter);
  }
  return formatter;
}

/** 2026-11-22T10:48:21Z → 2026年11月22日 18:48 / 22 November 2026 at 18:48; anything unreadable as it is. */
export function chinaDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(timeFormats, language, true).format(date);
}

/** 2026-11-22T20:00:00Z → 2026年11月23日 (already the next day in China) / 23 November 2026. */
export function chinaDay(iso: string, language: Language): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format(dayFormats, language, false).format(date);
}
