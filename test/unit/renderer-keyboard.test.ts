// The forms' on-screen keyboard, its pure parts: the ID-number pad's rules, the edits keys make, a whole name
// and address typed through the pinyin input (letters → candidates → pick → the rest of the letters), and the
// letters-and-digits keyboard of the technician's fields (its keys, ⇧, what each kind of field takes).
import { describe, expect, it } from 'vitest';
import { pinyinCandidates } from '../../core/input/pinyin-input.ts';
import { provisionInputSchema } from '../../core/api/contract.ts';
import { backspaced, typed, typedIdNumber } from '../../renderer/src/input/field-text.ts';
import {
  keyText,
  latinRows,
  pressedShift,
  shiftAfterKey,
  typedLatin,
  type LatinVariant,
  type Shift,
  type SymbolLayer,
} from '../../renderer/src/input/latin-keys.ts';

/** Types `keys` on the ID-number pad from an empty field. */
const idNumberAfter = (keys: string) => [...keys].reduce(typedIdNumber, '');

/**
 * What the pinyin pad writes for one run of letters when the villager picks `picks` in turn: each pick takes the
 * first syllable and the rest stays typed, as on the pad.
 */
function typeWithPinyin(letters: string, picks: string): string {
  let written = '';
  let rest = letters;
  for (const character of picks) {
    const lookup = pinyinCandidates(rest);
    expect(lookup.candidates, `${character} for "${rest}"`).toContain(character);
    written = typed(written, character);
    rest = lookup.rest;
  }
  expect(rest).toBe('');
  return written;
}

describe('ID-number pad', () => {
  it('takes 17 digits and then a digit or X, and nothing more', () => {
    expect(idNumberAfter('11010519491231002X')).toBe('11010519491231002X');
    expect(idNumberAfter('440825194803150020')).toBe('440825194803150020');
    expect(idNumberAfter('4408251948031500201')).toBe('440825194803150020');
    expect(idNumberAfter('11010519491231002X1')).toBe('11010519491231002X');
  });

  it('ignores an X anywhere but last, and keys that are not on the pad', () => {
    expect(idNumberAfter('X110')).toBe('110');
    expect(idNumberAfter('1101X05')).toBe('110105');
    expect(typedIdNumber('1101', '-')).toBe('1101');
    expect(typedIdNumber('1101', 'x')).toBe('1101');
  });

  it('deletes one character at a time, a hanzi in one press', () => {
    expect(backspaced('11010519491231002X')).toBe('11010519491231002');
    expect(backspaced('陈秀英')).toBe('陈秀');
    expect(backspaced('')).toBe('');
  });
});

describe('pinyin pad', () => {
  it('splits a run of letters greedily, one syllable per pick', () => {
    expect(typeWithPinyin('chenxiuying', '陈秀英')).toBe('陈秀英');
    expect(typeWithPinyin('wangjianguo', '王建国')).toBe('王建国');
    // The longest syllable first ("xian" is 县, not 西 + 安), unless it leaves letters that are no pinyin.
    expect(pinyinCandidates('xiancun')).toMatchObject({ syllable: 'xian', rest: 'cun' });
    expect(pinyinCandidates('jianguo')).toMatchObject({ syllable: 'jian', rest: 'guo' });
    expect(pinyinCandidates('jiangu')).toMatchObject({ syllable: 'jian', rest: 'gu' });
    expect(pinyinCandidates('jiang')).toMatchObject({ syllable: 'jiang', rest: '' });
    expect(pinyinCandidates('xinan')).toMatchObject({ syllable: 'xin', rest: 'an' });
  });

  it('puts surnames and address characters first', () => {
    const first = (letters: string) => pinyinCandidates(letters).candidates[0];
    expect(first('chen')).toBe('陈');
    expect(first('wang')).toBe('王');
    expect(first('cun')).toBe('村');
    expect(first('zhen')).toBe('镇');
    // Surnames come before address characters: 郝, then 号.
    expect(pinyinCandidates('hao').candidates.slice(0, 2)).toEqual(['郝', '号']);
    expect(first('lou')).toBe('楼');
    expect(typeWithPinyin('xuwenxiannanshanzhendongcunhao', '徐闻县南山镇东村号')).toBe('徐闻县南山镇东村号');
  });

  it('offers enough candidates to page through, none twice', () => {
    const { candidates } = pinyinCandidates('zhen');
    expect(candidates.length).toBeGreaterThan(6);
    expect(new Set(candidates).size).toBe(candidates.length);
  });
});

/** Every key of a kind of field, on both symbol layers. */
const keysOf = (variant: LatinVariant) =>
  new Set((['common', 'more'] as SymbolLayer[]).flatMap((layer) => latinRows(variant, layer).flat()));

/**
 * Types `text` on the letters-and-digits keyboard as a technician would: ⇧ once before a lone capital, twice for
 * a run of them, once more to leave caps; "://" as its one key where there is one. Returns the value and the taps.
 */
function tapLatin(variant: LatinVariant, text: string): { value: string; taps: number } {
  const keys = keysOf(variant);
  let value = '';
  let shift: Shift = 'off';
  let taps = 0;
  const pressShift = () => {
    shift = pressedShift(shift);
    taps += 1;
  };
  for (let at = 0; at < text.length;) {
    const quick = text.startsWith('://', at) && keys.has('://');
    const character = text[at]!;
    const key = quick ? '://' : character.toLowerCase();
    expect(keys, `a key for "${character}"`).toContain(key);
    if (variant !== 'code' && /[a-z]/i.test(character)) {
      const capital = character !== key;
      const run = capital && /[A-Z]/.test(text[at + 1] ?? '');
      while ((capital && shift === 'off') || (run && shift === 'once') || (!capital && shift !== 'off')) pressShift();
    }
    value = typedLatin(value, keyText(key, variant, shift), variant);
    shift = shiftAfterKey(shift);
    taps += 1;
    at += quick ? 3 : 1;
  }
  return { value, taps };
}

describe('letters-and-digits keyboard', () => {
  it('gives each kind of field the keys it needs, and no more', () => {
    const code = keysOf('code');
    expect([...code].filter((key) => !/^[a-z0-9]$/.test(key))).toEqual(['-']);
    expect([...keysOf('token')].filter((key) => !/^[a-z0-9]$/.test(key)).sort()).toEqual(['-', '_']);
    for (const symbol of [':', '/', '.', '-', '_', '~', '?', '=', '&', '%', '@', '+', '://']) {
      expect(keysOf('url')).toContain(symbol);
    }
    // Ten keys a row at most, so no key shrinks below 72 px on a portrait screen.
    for (const variant of ['code', 'url', 'token'] as const) {
      for (const layer of ['common', 'more'] as const) {
        for (const row of latinRows(variant, layer)) expect(row.length).toBeLessThanOrEqual(10);
      }
    }
  });

  it('⇧ goes once → caps → off; once lasts one key, caps until ⇧ again', () => {
    expect(pressedShift('off')).toBe('once');
    expect(pressedShift('once')).toBe('caps');
    expect(pressedShift('caps')).toBe('off');
    expect(shiftAfterKey('once')).toBe('off');
    expect(shiftAfterKey('caps')).toBe('caps');
    expect(shiftAfterKey('off')).toBe('off');
    expect(keyText('a', 'token', 'off')).toBe('a');
    expect(keyText('a', 'token', 'once')).toBe('A');
    expect(keyText('a', 'url', 'caps')).toBe('A');
    expect(keyText('7', 'token', 'caps')).toBe('7');
  });

  it('types kiosk codes in capitals whatever ⇧ says, and refuses what a code cannot hold', () => {
    expect(keyText('x', 'code', 'off')).toBe('X');
    expect(typedLatin('', 'x', 'code')).toBe('X');
    expect(typedLatin('XW', '-', 'code')).toBe('XW-');
    expect(typedLatin('XW-', '_', 'code')).toBe('XW-');
    expect(typedLatin('XW-', ':', 'code')).toBe('XW-');
    expect(typedLatin('XW-', ' ', 'code')).toBe('XW-');
    expect(tapLatin('code', 'XW-0001').value).toBe('XW-0001');
  });

  it('refuses in a token what base64url has not, and takes what an address needs', () => {
    expect(typedLatin('abc', '.', 'token')).toBe('abc');
    expect(typedLatin('abc', '://', 'token')).toBe('abc');
    expect(typedLatin('abc', '_', 'token')).toBe('abc_');
    expect(typedLatin('https', '://', 'url')).toBe('https://');
    expect(typedLatin('https://hub', ' ', 'url')).toBe('https://hub');
  });

  it('types a hub address and a 43-character token that the provisioning check accepts', () => {
    const url = tapLatin('url', 'https://hub.example.gd.cn:8443');
    expect(url.value).toBe('https://hub.example.gd.cn:8443');
    // "://" is one tap, not three.
    expect(url.taps).toBe('https://hub.example.gd.cn:8443'.length - 2);
    expect(tapLatin('url', 'http://10.0.0.5:8440/a?b=1&c=%20+d@e~f').value).toBe(
      'http://10.0.0.5:8440/a?b=1&c=%20+d@e~f',
    );

    const token = 'Xk3_9Qz-AbCDef0123456789ghIJKLmnOPqrstuVWxy';
    expect(token).toHaveLength(43);
    expect(tapLatin('token', token).value).toBe(token);

    const code = tapLatin('code', 'XW-0001').value;
    const parsed = provisionInputSchema.safeParse({
      kioskCode: code,
      regionCode: '440825100201',
      siteName: '南山村',
      siteAddress: '',
      hubUrl: url.value,
      token: tapLatin('token', token).value,
    });
    expect(parsed.success).toBe(true);
  });
});
