// The forms' on-screen keyboard, its pure parts: the ID-number pad's rules, the edits keys make, and a whole name
// and address typed through the pinyin input (letters → candidates → pick → the rest of the letters).
import { describe, expect, it } from 'vitest';
import { pinyinCandidates } from '../../core/input/pinyin-input.ts';
import { backspaced, typed, typedIdNumber } from '../../renderer/src/input/field-text.ts';

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
