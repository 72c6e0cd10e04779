// The on-screen pinyin keyboard: letters in QWERTY rows, plus space, backspace and clear. Pure, so it can be tested
// without a browser.

/** The most a search query may hold (the contract's limit). */
export const MAX_QUERY_LENGTH = 50;

export const LETTER_ROWS: readonly (readonly string[])[] = [[...'qwertyuiop'], [...'asdfghjkl'], [...'zxcvbnm']];

/** The digits row above the letters, as on a physical keyboard. */
export const DIGIT_ROW: readonly string[] = [...'1234567890'];

export type KeyPress =
  { kind: 'letter'; letter: string } | { kind: 'space' } | { kind: 'backspace' } | { kind: 'clear' };

/** The query after one key press on the on-screen keyboard; keys write at the end of the query. */
export function applyKey(query: string, key: KeyPress): string {
  switch (key.kind) {
    case 'letter':
      return appendWithin(query, key.letter.toLowerCase());
    case 'space':
      // One space between syllables is enough, and a leading space means nothing.
      return query === '' || query.endsWith(' ') ? query : appendWithin(query, ' ');
    case 'backspace':
      // Whole characters, so a hanzi typed with a physical keyboard's IME goes in one press.
      return Array.from(query).slice(0, -1).join('');
    case 'clear':
      return '';
  }
}

function appendWithin(query: string, text: string): string {
  const next = query + text;
  return next.length > MAX_QUERY_LENGTH ? query : next;
}

/** What is sent to the back end: trimmed, inner runs of spaces made one; empty means "nothing to search". */
export function normaliseQuery(query: string): string {
  return query.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
}
