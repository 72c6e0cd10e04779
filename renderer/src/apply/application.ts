// The applicant's details on the application form: filled from a card holder or typed in, and checked.
// Pure functions only (no React, no DOM), so unit tests can run them in Node.
import type { CardHolder } from '../../../core/api/contract.ts';
import { citizenIdProblem } from '../../../drivers/idcard/citizen-id.ts';

export type Sex = 'male' | 'female';

export interface ApplicantDetails {
  name: string;
  sex: Sex | '';
  /** YYYY-MM-DD, or whatever the villager typed until it is checked. */
  birthDate: string;
  /** The full number: kept in memory for a later submission, shown masked when it came from a card. */
  idNumber: string;
  address: string;
  phone: string;
}

export type DetailField = keyof ApplicantDetails;

export const DETAIL_FIELDS: readonly DetailField[] = ['name', 'sex', 'birthDate', 'idNumber', 'address', 'phone'];

/** Why a field is not accepted; each has a plain message in i18n.ts. */
export type FieldProblem =
  | 'required'
  | 'idFormat'
  | 'idBirthDate'
  | 'idCheckDigit'
  | 'birthDateInvalid'
  | 'phoneInvalid'
  // Case forms (case-forms.ts):
  | 'dateInvalid'
  | 'dateNotPast'
  | 'numberInvalid';

export type FieldProblems = Partial<Record<DetailField, FieldProblem>>;

export interface ApplicationDraft {
  details: ApplicantDetails;
  /** Fields that came from the card: shown read-only and trusted (the reader already checked the card). */
  fromCard: ReadonlySet<DetailField>;
  /** The card photo as a data: URL, when the kiosk can decode it. */
  photo: string | null;
}

export const EMPTY_DETAILS: ApplicantDetails = {
  name: '',
  sex: '',
  birthDate: '',
  idNumber: '',
  address: '',
  phone: '',
};

const FOREIGN_CARDS: readonly CardHolder['cardType'][] = ['foreignPermanent', 'foreignPermanentOld'];

/** The form as a card fills it: what the card carries is fixed, what it lacks (phone, maybe address) is typed. */
export function draftFromCard(holder: CardHolder): ApplicationDraft {
  const name = (FOREIGN_CARDS.includes(holder.cardType) && holder.englishName) || holder.chineseName;
  const details: ApplicantDetails = {
    name: name.trim(),
    sex: holder.sex === 'unknown' ? '' : holder.sex,
    birthDate: holder.birthDate,
    idNumber: holder.documentNumber,
    address: holder.address?.trim() ?? '',
    phone: '',
  };
  const fromCard = new Set<DetailField>(
    (['name', 'sex', 'birthDate', 'idNumber', 'address'] as const).filter((field) => details[field] !== ''),
  );
  return { details, fromCard, photo: holder.photo };
}

export function manualDraft(): ApplicationDraft {
  return { details: { ...EMPTY_DETAILS }, fromCard: new Set(), photo: null };
}

/** What the villager types into the ID number box: no spaces, an upper-case X. */
export function normaliseIdNumber(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase().slice(0, 18);
}

/** Phone numbers are kept as typed apart from spaces, so "0759-4822148" stays readable. */
export function normalisePhone(text: string): string {
  return text.replace(/[\s（）()]+/g, '').slice(0, 20);
}

/** 1948-3-15, 1948.03.15, 19480315 or 1948年3月15日 → 1948-03-15; null when it is not a real, past date. */
export function parseBirthDate(text: string, today = new Date()): string | null {
  const match = /^(\d{4})[-./年\s]?(\d{1,2})[-./月\s]?(\d{1,2})日?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1900 || date.getTime() > today.getTime()) return null;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A mainland mobile (1[3-9] + 9 digits) or a landline with its area code (020-12345678, 0759-4822148). */
export function isPhoneNumber(text: string): boolean {
  const phone = normalisePhone(text);
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2}-?\d{8}$/.test(phone) || /^0\d{3}-?\d{7,8}$/.test(phone);
}

export function idNumberProblem(idNumber: string): FieldProblem | null {
  if (idNumber === '') return 'required';
  switch (citizenIdProblem(idNumber)) {
    case 'format':
      return 'idFormat';
    case 'birthDate':
      return 'idBirthDate';
    case 'checkDigit':
      return 'idCheckDigit';
    default:
      return null;
  }
}

/** Birth date and sex written in a valid ID number, to save typing (digits 7–14 and the parity of digit 17). */
export function factsFromIdNumber(idNumber: string): { birthDate: string; sex: Sex } | null {
  if (idNumberProblem(idNumber) !== null) return null;
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return { birthDate, sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Every field problem of the draft; fields from the card are not checked again. */
export function checkDraft(draft: ApplicationDraft, today = new Date()): FieldProblems {
  const { details, fromCard } = draft;
  const problems: FieldProblems = {};
  const typed = (field: DetailField) => !fromCard.has(field);
  if (typed('name') && details.name.trim() === '') problems.name = 'required';
  if (typed('idNumber')) {
    const problem = idNumberProblem(details.idNumber);
    if (problem) problems.idNumber = problem;
  }
  if (typed('birthDate') && details.birthDate.trim() !== '' && parseBirthDate(details.birthDate, today) === null) {
    problems.birthDate = 'birthDateInvalid';
  }
  if (details.phone.trim() === '') problems.phone = 'required';
  else if (!isPhoneNumber(details.phone)) problems.phone = 'phoneInvalid';
  return problems;
}

const BIRTH_DATE_FORMATS = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', dateStyle: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' }),
};

/** 1948-03-15 → 1948年3月15日 / 15 March 1948; anything else is shown as it is. */
export function formatBirthDate(isoDate: string, language: keyof typeof BIRTH_DATE_FORMATS): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? isoDate : BIRTH_DATE_FORMATS[language].format(date);
}

export function hasProblems(problems: FieldProblems): boolean {
  return Object.keys(problems).length > 0;
}
