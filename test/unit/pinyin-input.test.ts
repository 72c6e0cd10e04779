// The on-screen keyboard's pinyin input (core/input/pinyin-input.ts): letters → the characters of their first
// syllable, names' and addresses' characters first.
import { describe, expect, it } from 'vitest';
import { pinyinCandidates } from '../../core/input/pinyin-input.ts';

describe('pinyin input', () => {
  it('offers common surnames and address characters first', () => {
    expect(pinyinCandidates('chen').candidates[0]).toBe('陈');
    expect(pinyinCandidates('wang').candidates[0]).toBe('王');
    expect(pinyinCandidates('zhang').candidates[0]).toBe('张');
    expect(pinyinCandidates('cun').candidates[0]).toBe('村');
    expect(pinyinCandidates('xian').candidates[0]).toBe('县');
    // ü typed as v, as on every Chinese keyboard.
    expect(pinyinCandidates('lv').candidates).toContain('吕');
    expect(pinyinCandidates('nv').candidates).toContain('女');
  });

  it('takes the longest syllable first and leaves the rest to type on', () => {
    expect(pinyinCandidates('chenxiuying')).toMatchObject({ syllable: 'chen', rest: 'xiuying' });
    expect(pinyinCandidates('xiuying')).toMatchObject({ syllable: 'xiu', rest: 'ying' });
    expect(pinyinCandidates('ying').candidates).toContain('英');
    // Every reading of a polyphonic character counts: 长 is chang and zhang.
    expect(pinyinCandidates('chang').candidates).toContain('长');
    expect(pinyinCandidates('zhang').candidates).toContain('长');
  });

  it('offers characters from the first letters of an unfinished syllable, and nothing for rubbish', () => {
    const initial = pinyinCandidates('zh');
    expect(initial.syllable).toBe('zh');
    expect(initial.candidates.slice(0, 3)).toEqual(['张', '赵', '周']);
    expect(pinyinCandidates('')).toEqual({ syllable: null, rest: '', candidates: [] });
    expect(pinyinCandidates('vvv').candidates).toEqual([]);
    expect(pinyinCandidates('chen', 5).candidates).toHaveLength(5);
  });
});
