// The case questions of the legal services, the bookable appointment slots and the legal-aid papers
// (renderer/src/apply/case-forms.ts, appointment.ts, legal-aid.ts): pure functions, run in Node.
import { describe, expect, it } from 'vitest';
import { ageOn, bookableSlots } from '../../renderer/src/apply/appointment.ts';
import {
  appliesAtKiosk,
  caseFormFor,
  checkCaseAnswers,
  submittedAnswers,
  type CaseField,
} from '../../renderer/src/apply/case-forms.ts';
import { declarationsFor, MEANS_TESTED, NO_MEANS_TEST } from '../../renderer/src/apply/legal-aid.ts';

describe('case forms', () => {
  it('gives each legal service its questions and none to the others', () => {
    expect(caseFormFor({ categoryId: 'falv-yuanzhu' })?.id).toBe('legalAid');
    expect(caseFormFor({ categoryId: 'renmin-tiaojie' })?.id).toBe('mediation');
    expect(caseFormFor({ categoryId: 'gongzheng' })?.fields.map((field) => field.kind)).toContain('slot');
    expect(caseFormFor({ categoryId: 'shipin-huijian' })?.fields.map((field) => field.id)).toEqual([
      'inmateName',
      'institution',
      'relationship',
      'slot',
    ]);
    expect(caseFormFor({ categoryId: 'xingzheng-fuyi' })?.id).toBe('reconsideration');
    expect(caseFormFor({ categoryId: 'falv-zixun' })?.id).toBe('consultation');
    expect(caseFormFor({ categoryId: 'shebao' })).toBeNull();
  });

  it('takes applications for legal and government services, not for look-ups, templates or 普法', () => {
    expect(appliesAtKiosk({ categoryId: 'falv-yuanzhu', kioskSupported: true })).toBe(true);
    expect(appliesAtKiosk({ categoryId: 'shebao', kioskSupported: true })).toBe(true);
    expect(appliesAtKiosk({ categoryId: 'huji', kioskSupported: false })).toBe(false);
    expect(appliesAtKiosk({ categoryId: 'jigou-chaxun', kioskSupported: true })).toBe(false);
    expect(appliesAtKiosk({ categoryId: 'pufa', kioskSupported: true })).toBe(false);
  });

  it('checks required answers, phones, numbers and past dates in plain problems', () => {
    const fields: CaseField[] = [
      { id: 'who', label: { zh: '对方', en: 'Other' }, kind: 'text', required: true },
      { id: 'phone', label: { zh: '电话', en: 'Phone' }, kind: 'phone', required: false },
      { id: 'people', label: { zh: '人数', en: 'People' }, kind: 'number', required: true },
      { id: 'decided', label: { zh: '日期', en: 'Date' }, kind: 'date', required: true, when: 'past' },
      {
        id: 'detail',
        label: { zh: '说明', en: 'Detail' },
        kind: 'text',
        required: true,
        showIf: { field: 'who', oneOf: ['单位'] },
      },
    ];
    const today = new Date('2026-11-22T04:00:00Z');
    expect(checkCaseAnswers(fields, {}, today)).toEqual({ who: 'required', people: 'required', decided: 'required' });
    expect(
      checkCaseAnswers(fields, { who: '张三', phone: '12345', people: '三', decided: '2026-02-30' }, today),
    ).toEqual({ phone: 'phoneInvalid', people: 'numberInvalid', decided: 'dateInvalid' });
    expect(checkCaseAnswers(fields, { who: '张三', people: '3', decided: '2026-12-01' }, today)).toEqual({
      decided: 'dateNotPast',
    });
    // A field shown only for some answers is checked only then, and sent only then.
    expect(checkCaseAnswers(fields, { who: '单位', people: '3', decided: '2026-11-01' }, today)).toEqual({
      detail: 'required',
    });
    expect(submittedAnswers(fields, { who: ' 张三 ', people: '3', detail: '隐藏的', phone: '' })).toEqual({
      who: '张三',
      people: '3',
    });
  });
});

describe('appointment slots', () => {
  const schedule = {
    weekdays: [1, 2, 3, 4, 5],
    times: ['09:00-10:00', '15:00-16:00'],
    daysAhead: 7,
    closedDates: ['2026-11-25'],
  };

  it('offers weekdays from tomorrow (China time), skipping closed days', () => {
    // Sunday 22 November 2026, 23:30 in China (15:30 UTC): tomorrow is Monday the 23rd.
    const slots = bookableSlots(schedule, new Date('2026-11-22T15:30:00Z'));
    expect([...new Set(slots.map((slot) => slot.day))]).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-26',
      '2026-11-27',
    ]);
    expect(slots[0]).toEqual({ day: '2026-11-23', time: '09:00-10:00', value: '2026-11-23 09:00-10:00' });
    // 16:30 UTC is already Monday in China: Monday is today, not bookable.
    expect(bookableSlots(schedule, new Date('2026-11-22T16:30:00Z'))[0]?.day).toBe('2026-11-24');
  });

  it('counts full years of age on a China day, for the free will at 70', () => {
    expect(ageOn('1956-11-23', '2026-11-22')).toBe(69);
    expect(ageOn('1956-11-22', '2026-11-22')).toBe(70);
    expect(ageOn('1948-03-15', '2026-11-22')).toBe(78);
    expect(ageOn('unknown', '2026-11-22')).toBeNull();
  });
});

describe('legal aid papers', () => {
  it('asks all three papers under the hardship test and two for a group with no means test', () => {
    expect(declarationsFor(true).map((declaration) => declaration.title.zh)).toEqual([
      '告知承诺书',
      '经济困难状况说明表',
      '核查授权书',
    ]);
    expect(declarationsFor(false).map((declaration) => declaration.title.zh)).toEqual(['告知承诺书', '核查授权书']);
    expect(NO_MEANS_TEST.map((group) => group.zh)).toContain('农民工讨要工资或工伤赔偿');
    expect(NO_MEANS_TEST).not.toContain(MEANS_TESTED);
  });
});
