// The checks on what a technician types in to provision a kiosk, shared by the screen and the back end.
import { describe, expect, it } from 'vitest';
import { provisionInputSchema } from '../../core/api/contract.ts';
import { isVillageCode } from '../../core/catalogue/region.ts';

const GOOD = {
  kioskCode: 'XW-0001',
  regionCode: '440825100201',
  siteName: '示范村服务点',
  hubUrl: 'https://hub.example.gov.cn',
  token: 'A'.repeat(43),
};

function problemFields(input: Record<string, unknown>): string[] {
  const parsed = provisionInputSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0]));
}

describe('village codes (DOMAIN.md §7)', () => {
  it('takes a county, a township 001–399 and a village 001–399', () => {
    expect(isVillageCode('440825100201')).toBe(true);
    expect(isVillageCode('440825001001')).toBe(true);
    expect(isVillageCode('440825399399')).toBe(true);
  });

  it('refuses areas, out-of-range parts and anything not 12 digits', () => {
    for (const code of ['440825000000', '440825100000', '440825000201', '440825400201', '440825100400']) {
      expect(isVillageCode(code), code).toBe(false);
    }
    for (const code of ['440825', '44082510020', '4408251002011', '44082510020a', '440000100201', '']) {
      expect(isVillageCode(code), code).toBe(false);
    }
  });
});

describe('the provisioning form', () => {
  it('accepts a complete form; the address may be left out', () => {
    expect(provisionInputSchema.parse(GOOD)).toEqual({ ...GOOD, siteAddress: '' });
  });

  it('names each field that is wrong', () => {
    expect(problemFields({ ...GOOD, kioskCode: 'xw-1' })).toEqual(['kioskCode']);
    expect(problemFields({ ...GOOD, regionCode: '440825000000' })).toEqual(['regionCode']);
    expect(problemFields({ ...GOOD, siteName: '   ' })).toEqual(['siteName']);
    expect(problemFields({ ...GOOD, hubUrl: 'ftp://hub' })).toEqual(['hubUrl']);
    expect(problemFields({ ...GOOD, token: 'short' })).toEqual(['token']);
    expect(problemFields({ ...GOOD, extra: 1 })).toHaveLength(1);
  });
});
