import { describe, expect, it } from 'vitest';
import { regionCovers, regionPrefix } from '../../core/catalogue/region.ts';

describe('region codes', () => {
  it('reduces codes to the digits that name their area', () => {
    expect(regionPrefix('440000')).toBe('44');
    expect(regionPrefix('440800')).toBe('4408');
    expect(regionPrefix('440825')).toBe('440825');
    expect(regionPrefix('440825100000')).toBe('440825100');
    expect(regionPrefix('440825000000')).toBe('440825');
    expect(regionPrefix('440825100201')).toBe('440825100201');
  });

  it('says whether a village lies inside an area', () => {
    const village = '440825100201'; // a village of 徐闻县, 湛江
    expect(regionCovers('440000', village)).toBe(true);
    expect(regionCovers('440800', village)).toBe(true);
    expect(regionCovers('440825', village)).toBe(true);
    expect(regionCovers('440882', village)).toBe(false); // 雷州市
    expect(regionCovers('450000', village)).toBe(false); // 广西
    expect(regionCovers('440825100202', village)).toBe(false);
  });

  it('rejects what is not a region code', () => {
    expect(() => regionPrefix('4408')).toThrow('not a region code');
    expect(() => regionPrefix('44082510020A')).toThrow('not a region code');
  });
});
