import { describe, expect, it } from 'vitest';
import { parseCardText, PHOTO_BYTES, type IdCardRecord } from '../../drivers/idcard/card-text.ts';
import {
  foreignCardText,
  oldForeignCardText,
  residencePermitText,
  residentCardText,
  writeCardText,
} from '../../drivers/idcard/card-text-writer.ts';
import { checkCharacter } from '../../drivers/idcard/citizen-id.ts';
import { NATIONS, nationName } from '../../drivers/idcard/nations.ts';

const NOW = new Date('2026-11-22T04:00:00Z');
const PHOTO = Buffer.alloc(PHOTO_BYTES, 0x57);
const withCheck = (first17: string) => first17 + checkCharacter(first17);

const resident = {
  name: '张三',
  sex: '1',
  nation: '01',
  birth: '19491231',
  address: '广东省徐闻县下桥镇示范村委会上村10号',
  id: '11010519491231002X',
  authority: '徐闻县公安局',
  from: '20200101',
  to: '长期',
} as const;

function parsed(text: Buffer): IdCardRecord {
  const result = parseCardText(text, PHOTO, NOW);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.record;
}

describe('card text', () => {
  it('parses a resident ID card', () => {
    expect(parsed(residentCardText(resident))).toEqual({
      cardType: 'resident',
      chineseName: '张三',
      englishName: null,
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      nationality: null,
      birthDate: '1949-12-31',
      address: '广东省徐闻县下桥镇示范村委会上村10号',
      documentNumber: '11010519491231002X',
      passNumber: null,
      issueCount: null,
      issuingAuthority: '徐闻县公安局',
      validFrom: '2020-01-01',
      validTo: null,
      expired: false,
      photo: PHOTO,
    });
  });

  it('accepts NUL padding as some readers send it', () => {
    const nulPadded = Buffer.from(residentCardText(resident).toString('utf16le').replaceAll(' ', '\u0000'), 'utf16le');
    expect(parsed(nulPadded)).toMatchObject({
      cardType: 'resident',
      chineseName: '张三',
      issuingAuthority: '徐闻县公安局',
    });
  });

  it('parses a Hong Kong / Macau / Taiwan residence permit (J)', () => {
    const record = parsed(
      residencePermitText({
        ...resident,
        name: '陈大文',
        id: withCheck('81000019800101001'),
        to: '20300101',
        pass: 'H12345678',
        issueCount: '02',
      }),
    );
    expect(record).toMatchObject({
      cardType: 'hkMacauTaiwanResidence',
      chineseName: '陈大文',
      nationCode: null,
      passNumber: 'H12345678',
      issueCount: 2,
      validTo: '2030-01-01',
      expired: false,
    });
  });

  it('parses both foreign permanent resident cards (I and Y)', () => {
    const foreign = {
      chineseName: '安娜',
      englishName: 'SMITH, ANNA MARIE ELIZABETH JOHNSON-WILLIAMS',
      sex: '2',
      birth: '19850315',
      nationality: 'GBR',
      from: '20230101',
      to: '20330101',
    } as const;
    expect(parsed(oldForeignCardText({ ...foreign, id: 'GBR440085031502', authorityCode: '1500' }))).toMatchObject({
      cardType: 'foreignPermanentOld',
      chineseName: '安娜',
      englishName: foreign.englishName,
      sex: 'female',
      nationality: 'GBR',
      documentNumber: 'GBR440085031502',
      birthDate: '1985-03-15',
      issuingAuthority: '1500',
    });
    // The 2023 card splits a long English name into two fields.
    expect(parsed(foreignCardText({ ...foreign, id: withCheck('93082619850315002'), renewals: '00' }))).toMatchObject({
      cardType: 'foreignPermanent',
      englishName: foreign.englishName,
      nationality: 'GBR',
      validTo: '2033-01-01',
      issuingAuthority: null,
    });
  });

  it('flags an expired card and rejects a wrong check digit', () => {
    expect(parsed(residentCardText({ ...resident, from: '20060101', to: '20260101' })).expired).toBe(true);
    expect(parsed(residentCardText({ ...resident, to: '20261122' })).expired).toBe(false);
    const wrong = parseCardText(residentCardText({ ...resident, id: '110105194912310021' }), PHOTO, NOW);
    expect(wrong).toEqual({
      ok: false,
      code: 'IDCARD_ID_NUMBER_INVALID',
      message: 'ID number failed the GB 11643 checkDigit check',
    });
  });

  it('rejects malformed text clearly', () => {
    const bad = (text: Buffer) => parseCardText(text, PHOTO, NOW);
    expect(bad(Buffer.alloc(10))).toMatchObject({ code: 'IDCARD_TEXT_MALFORMED' });
    expect(bad(residentCardText({ ...resident, birth: '1949123A' }))).toMatchObject({
      code: 'IDCARD_TEXT_MALFORMED',
      message: 'birth date is not a YYYYMMDD date',
    });
    expect(bad(residentCardText({ ...resident, nation: '77' }))).toMatchObject({ code: 'IDCARD_TEXT_MALFORMED' });
    const nameless = {
      chineseName: '',
      englishName: '',
      sex: '1',
      birth: '19850315',
      nationality: 'GBR',
      from: '20230101',
      to: '20330101',
    } as const;
    expect(bad(oldForeignCardText({ ...nameless, id: 'GBR440085031502', authorityCode: '1500' }))).toMatchObject({
      message: 'the card carries no name',
    });
    expect(bad(residentCardText({ ...resident, name: '' }))).toMatchObject({ message: 'the card carries no name' });
    expect(
      bad(
        writeCardText([
          ['', 124],
          ['Q', 1],
          ['', 3],
        ]),
      ),
    ).toMatchObject({ message: 'unknown card type "Q"' });
  });
});

describe('nation codes (GB 3304)', () => {
  it('names all 56 nationalities and the two extra codes', () => {
    expect(Object.keys(NATIONS)).toHaveLength(58);
    expect(nationName('01')).toBe('汉');
    expect(nationName('08')).toBe('壮');
    expect(nationName('22')).toBe('畲');
    expect(nationName('56')).toBe('基诺');
    expect(nationName('98')).toBe('外国血统');
    expect(nationName('57')).toBeNull();
  });
});
