// The application form's logic (renderer/src/apply/application.ts): filling from a card, checking typed details.
import { describe, expect, it } from 'vitest';
import type { CardHolder } from '../../core/api/contract.ts';
import {
  checkDraft,
  draftFromCard,
  factsFromIdNumber,
  formatBirthDate,
  isPhoneNumber,
  manualDraft,
  normaliseIdNumber,
  parseBirthDate,
} from '../../renderer/src/apply/application.ts';

const elder: CardHolder = {
  cardType: 'resident',
  chineseName: '陈阿婆',
  englishName: null,
  sex: 'female',
  nation: '汉',
  nationality: null,
  birthDate: '1948-03-15',
  address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
  documentNumber: '440825194803150020',
  issuingAuthority: '徐闻县公安局',
  validFrom: '2008-03-15',
  validTo: null,
  expired: false,
  photo: null,
};

const TODAY = new Date('2026-11-22T00:00:00Z');

describe('filling the form from a card', () => {
  it('takes every field the card carries and marks it as from the card; the phone is left to type', () => {
    const draft = draftFromCard(elder);
    expect(draft.details).toEqual({
      name: '陈阿婆',
      sex: 'female',
      birthDate: '1948-03-15',
      idNumber: '440825194803150020',
      address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
      phone: '',
    });
    expect([...draft.fromCard].sort()).toEqual(['address', 'birthDate', 'idNumber', 'name', 'sex']);
    expect(draft.photo).toBeNull();
  });

  it('uses the English name of a foreign card and leaves a missing address to type', () => {
    const draft = draftFromCard({
      ...elder,
      cardType: 'foreignPermanent',
      chineseName: '加西亚',
      englishName: 'GARCIA LOPEZ, MARIA',
      address: null,
      documentNumber: '933156197505200025',
    });
    expect(draft.details.name).toBe('GARCIA LOPEZ, MARIA');
    expect(draft.fromCard.has('address')).toBe(false);
  });

  it('only asks for the phone, and does not check card fields again (old foreign numbers have 15 characters)', () => {
    const draft = draftFromCard({ ...elder, cardType: 'foreignPermanentOld', documentNumber: 'USA440075010101' });
    expect(checkDraft(draft, TODAY)).toEqual({ phone: 'required' });
    expect(checkDraft({ ...draft, details: { ...draft.details, phone: '13800138000' } }, TODAY)).toEqual({});
  });
});

describe('checking typed details', () => {
  const typed = (details: Partial<ReturnType<typeof manualDraft>['details']>) => {
    const draft = manualDraft();
    return checkDraft({ ...draft, details: { ...draft.details, ...details } }, TODAY);
  };

  it('needs a name, a valid ID number and a phone', () => {
    expect(typed({})).toEqual({ name: 'required', idNumber: 'required', phone: 'required' });
    expect(typed({ name: '  ' }).name).toBe('required');
  });

  it('checks the ID number with the GB 11643 check character', () => {
    expect(typed({ idNumber: '440825194803150021' }).idNumber).toBe('idCheckDigit');
    expect(typed({ idNumber: '4408251948031500' }).idNumber).toBe('idFormat');
    expect(typed({ idNumber: '440825194802300020' }).idNumber).toBe('idBirthDate');
    expect(typed({ idNumber: '440825194803150020' }).idNumber).toBeUndefined();
    expect(typed({ idNumber: '11010519491231002X' }).idNumber).toBeUndefined();
  });

  it('accepts a mainland mobile or a landline with its area code, nothing else', () => {
    for (const phone of ['13800138000', '19912345678', '0759-4822148', '07594822148', '020-12345678', '0759 4822148'])
      expect(isPhoneNumber(phone), phone).toBe(true);
    for (const phone of ['12345678901', '1380013800', '4822148', '0759-482214', '138001380001', 'abc'])
      expect(isPhoneNumber(phone), phone).toBe(false);
    expect(typed({ phone: '4822148' }).phone).toBe('phoneInvalid');
  });

  it('reads birth dates written several ways and refuses impossible or future ones', () => {
    expect(parseBirthDate('1948-3-15', TODAY)).toBe('1948-03-15');
    expect(parseBirthDate('19480315', TODAY)).toBe('1948-03-15');
    expect(parseBirthDate('1948年3月15日', TODAY)).toBe('1948-03-15');
    expect(parseBirthDate('1948-02-30', TODAY)).toBeNull();
    expect(parseBirthDate('2030-01-01', TODAY)).toBeNull();
    expect(typed({ birthDate: '1948-13-01' }).birthDate).toBe('birthDateInvalid');
    expect(typed({ birthDate: '' }).birthDate).toBeUndefined();
  });

  it('reads the birth date and sex out of a valid number, and cleans up what was typed', () => {
    expect(factsFromIdNumber('440825194803150020')).toEqual({ birthDate: '1948-03-15', sex: 'female' });
    expect(factsFromIdNumber('440825198506200034')).toEqual({ birthDate: '1985-06-20', sex: 'male' });
    expect(factsFromIdNumber('440825194803150021')).toBeNull();
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('shows birth dates the way each language writes them', () => {
    expect(formatBirthDate('1948-03-15', 'zh-CN')).toBe('1948年3月15日');
    expect(formatBirthDate('1948-03-15', 'en')).toBe('15 March 1948');
    expect(formatBirthDate('not a date', 'en')).toBe('not a date');
  });
});
