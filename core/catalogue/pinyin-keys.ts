// Search keys a villager can type on a Latin keyboard for a Chinese phrase: the full pinyin without tones
// ("falvyuanzhu", also with u for ü: "faluyuanzhu") and the initials ("flyz"). pinyin-pro picks the reading
// of a polyphonic character from its context (行政 xingzheng, 银行 yinhang).
import { pinyin } from 'pinyin-pro';

/** Space-separated keys for one phrase, lower case; empty for a phrase with no letters or hanzi. */
export function pinyinKeys(phrase: string): string {
  const syllables = pinyin(phrase, { toneType: 'none', type: 'array', v: true, nonZh: 'consecutive' })
    .map((syllable) => syllable.toLowerCase().replace(/[^a-z]/g, ''))
    .filter((syllable) => syllable !== '');
  if (syllables.length === 0) return '';
  const full = syllables.join('');
  const keys = new Set([full, full.replaceAll('v', 'u'), syllables.map((syllable) => syllable[0]).join('')]);
  return [...keys].join(' ');
}

/** Keys for several phrases (synonyms), one group per phrase. */
export function pinyinKeysOf(phrases: readonly string[]): string {
  return phrases
    .map(pinyinKeys)
    .filter((keys) => keys !== '')
    .join(' ');
}

/** A query that should be matched against pinyin keys: Latin letters (spaces and apostrophes ignored). */
export function pinyinQuery(query: string): string | null {
  const letters = query.toLowerCase().replace(/[\s']/g, '');
  return /^[a-z]+$/.test(letters) ? letters : null;
}
