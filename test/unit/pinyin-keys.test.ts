import { describe, expect, it } from 'vitest';
import { pinyinKeys, pinyinKeysOf, pinyinQuery } from '../../core/catalogue/pinyin-keys.ts';

describe('pinyin search keys', () => {
  it('gives full pinyin (v and u for ü) and initials', () => {
    expect(pinyinKeys('法律援助')).toBe('falvyuanzhu faluyuanzhu flyz');
    expect(pinyinKeys('人民调解')).toBe('renmintiaojie rmtj');
  });

  it('reads polyphonic characters from their context', () => {
    expect(pinyinKeys('行政复议').split(' ')[0]).toBe('xingzhengfuyi');
    expect(pinyinKeys('银行卡').split(' ')[0]).toBe('yinhangka');
  });

  it('keeps Latin letters and digits out of the initials noise, and ignores punctuation', () => {
    expect(pinyinKeys('12348热线')).toBe('rexian rx');
    expect(pinyinKeys('（）——')).toBe('');
    expect(pinyinKeysOf(['讨薪', '', '欠工资'])).toBe('taoxin tx qiangongzi qgz');
  });

  it('treats only Latin letters as a pinyin query', () => {
    expect(pinyinQuery(" Fa Lv'Yuan ")).toBe('falvyuan');
    expect(pinyinQuery('法律')).toBeNull();
    expect(pinyinQuery('12348')).toBeNull();
  });
});
