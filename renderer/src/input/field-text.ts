// Typing into a form field from the on-screen keyboard: the same path a physical keyboard takes (the native
// value setter and an input event), so React's onChange runs and every check sees the change.

import type { LatinVariant } from './latin-keys.ts';

/** latin-*: letters, digits and the symbols of kiosk codes, hub addresses or tokens (technician fields). */
export type LatinMode = `latin-${LatinVariant}`;

const KEYBOARD_MODES = ['pinyin', 'numeric', 'phone', 'id-number', 'latin-code', 'latin-url', 'latin-token'] as const;

/** The fields the on-screen keyboard serves, by their data-keyboard attribute. */
export type KeyboardMode = (typeof KEYBOARD_MODES)[number];

export type TextField = HTMLInputElement | HTMLTextAreaElement;

export function keyboardModeOf(element: Element | null): KeyboardMode | null {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) return null;
  const mode = element.dataset.keyboard;
  return KEYBOARD_MODES.find((known) => known === mode) ?? null;
}

/** The letters-and-digits keyboard's kind of field, for the latin-* modes. */
export function latinVariantOf(mode: KeyboardMode): LatinVariant | null {
  return mode.startsWith('latin-') ? (mode.slice('latin-'.length) as LatinVariant) : null;
}

/** Sets the field's value as typing would (respecting maxLength), so React notices. */
export function setFieldValue(field: TextField, value: string): void {
  const limited = field.maxLength > 0 ? Array.from(value).slice(0, field.maxLength).join('') : value;
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, limited);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** The value after typing `text` at the end (the keyboard writes at the end, as villagers expect). */
export const typed = (value: string, text: string): string => value + text;

/** The value after backspace: one whole character (a hanzi is one press). */
export const backspaced = (value: string): string => Array.from(value).slice(0, -1).join('');

const ID_NUMBER_LENGTH = 18;

/**
 * The value after a key of the ID-number pad: 17 digits, then a digit or X (the GB 11643 check character), and
 * nothing more. A key that would break that is ignored, so an early X or a 19th digit never lands.
 */
export function typedIdNumber(value: string, key: string): string {
  if (value.length >= ID_NUMBER_LENGTH) return value;
  if (key === 'X' && value.length !== ID_NUMBER_LENGTH - 1) return value;
  return /^[0-9X]$/.test(key) ? value + key : value;
}
