// The letters-and-digits keyboard of technician fields, its pure parts: which keys each kind of field gets, the
// ⇧ key's states, and what a key writes. Pure, so it is tested without a browser.
import { DIGIT_ROW, LETTER_ROWS } from '../search/keyboard.ts';
import { typed } from './field-text.ts';

/** code: kiosk codes (XW-0001); url: hub addresses (https://hub.example.gd.cn:8443); token: base64url tokens. */
export type LatinVariant = 'code' | 'url' | 'token';

/** The hub address's symbols come in two layers, so each key stays large. */
export type SymbolLayer = 'common' | 'more';

/** off; once: the next key only (as on a phone); caps: every letter until ⇧ is pressed again. */
export type Shift = 'off' | 'once' | 'caps';

/** The characters each kind of field takes; the provisioning schema accepts nothing else. */
const ALLOWED: Record<LatinVariant, RegExp> = {
  code: /^[A-Z0-9-]$/,
  url: /^[A-Za-z0-9:/.\-_~?=&%@+]$/,
  token: /^[A-Za-z0-9_-]$/,
};

/** Symbols beside z x c v b n m: the ones each kind needs most, so most fields need no symbol row. */
const AFTER_LETTERS: Record<LatinVariant, readonly string[]> = { code: ['-'], url: ['.', '-'], token: ['-', '_'] };

/** The hub address's symbol row; "://" is one key because every address has it. */
const URL_SYMBOLS: Record<SymbolLayer, readonly string[]> = {
  common: ['://', ':', '/', '_', '~', '@'],
  more: ['?', '=', '&', '%', '+'],
};

/** The character keys of a kind of field, row by row, as they read with ⇧ off. */
export function latinRows(variant: LatinVariant, layer: SymbolLayer = 'common'): readonly (readonly string[])[] {
  const last = LETTER_ROWS.length - 1;
  const letters = LETTER_ROWS.map((row, index) => (index === last ? [...row, ...AFTER_LETTERS[variant]] : row));
  const rows = [DIGIT_ROW, ...letters];
  return variant === 'url' ? [...rows, URL_SYMBOLS[layer]] : rows;
}

/** Kiosk codes are capitals only, so their keyboard needs no ⇧. */
export const hasShift = (variant: LatinVariant): boolean => variant !== 'code';

/** Only the hub address has a second layer of symbols. */
export const hasSymbolLayers = (variant: LatinVariant): boolean => variant === 'url';

/** ⇧ pressed: off → once → caps → off. */
export function pressedShift(shift: Shift): Shift {
  return shift === 'off' ? 'once' : shift === 'once' ? 'caps' : 'off';
}

/** After a character key: a one-key ⇧ is used up, caps stays. */
export const shiftAfterKey = (shift: Shift): Shift => (shift === 'once' ? 'off' : shift);

/** What a key shows and writes: capitals for kiosk codes, otherwise as ⇧ says. */
export function keyText(key: string, variant: LatinVariant, shift: Shift): string {
  return variant === 'code' || shift !== 'off' ? key.toUpperCase() : key;
}

/**
 * The value after typing `text` into a field of this kind: a kiosk code's letters go in as capitals, and anything
 * the kind does not take is refused (the value stays as it was).
 */
export function typedLatin(value: string, text: string, variant: LatinVariant): string {
  const written = variant === 'code' ? text.toUpperCase() : text;
  return written !== '' && [...written].every((character) => ALLOWED[variant].test(character))
    ? typed(value, written)
    : value;
}
