// What each kind of legal service asks about the case, beyond the applicant's details: the fields of the
// 法律援助, 人民调解, 公证预约, 远程视频会见预约, 行政复议 and 法律咨询 forms (DOMAIN.md §5), in plain words, Chinese
// first. Answers travel as the submission's `fields`, keyed by field id, with choices as their Chinese text so
// staff read them as they are. Pure data and functions, so unit tests run them in Node.
import type { ServiceItem } from '../../../core/api/contract.ts';
import { isPhoneNumber, parseBirthDate, type FieldProblem } from './application.ts';

/** Words on screen in both languages; the Chinese is also what staff receive. */
export interface Words {
  zh: string;
  en: string;
}

export type CaseFieldKind =
  /** One line of text (the on-screen pinyin keyboard). */
  | 'text'
  /** A few sentences: facts of the case. */
  | 'longText'
  /** One of a few large buttons. */
  | 'choice'
  /** A date typed as 2026-12-01 (past or future as `when` says). */
  | 'date'
  | 'phone'
  /** A whole number (yuan, people). */
  | 'number'
  /** An appointment slot from the service's schedule (appointment.ts). */
  | 'slot';

export interface CaseField {
  id: string;
  label: Words;
  kind: CaseFieldKind;
  required: boolean;
  hint?: Words;
  options?: readonly Words[];
  /** For dates: whether the date must be in the past (a decision made) or may be ahead (a preferred day). */
  when?: 'past' | 'future';
  /** Shown only when another field has one of these answers (Chinese text). */
  showIf?: { field: string; oneOf: readonly string[] };
}

export type CaseFormId = 'legalAid' | 'mediation' | 'notary' | 'visit' | 'reconsideration' | 'consultation';

export interface CaseForm {
  id: CaseFormId;
  title: Words;
  fields: readonly CaseField[];
}

const w = (zh: string, en: string): Words => ({ zh, en });

const DISPUTE_TYPES = [
  w('劳动争议（欠薪、工伤）', 'Work (unpaid wages, injury)'),
  w('婚姻家庭', 'Marriage and family'),
  w('赡养、抚养', 'Support of parents or children'),
  w('土地承包、宅基地', 'Land contract or homestead'),
  w('邻里纠纷', 'Neighbours'),
  w('借款、欠款', 'Loans and debts'),
  w('交通事故、人身损害', 'Traffic accident or injury'),
  w('其他', 'Other'),
] as const;

const FACTS = (hint: Words): CaseField => ({
  id: 'facts',
  label: w('事情经过', 'What happened'),
  kind: 'longText',
  required: true,
  hint,
});

/** The Guangdong hardship test's figures (粤府令第268号), asked only when no category exempts the applicant. */
export const MEANS_TEST_FIELDS: readonly CaseField[] = [
  {
    id: 'householdSize',
    label: w('家里一起生活的人数', 'People living in your household'),
    kind: 'number',
    required: true,
  },
  {
    id: 'householdIncome',
    label: w('全家近 6 个月平均每月收入（元）', 'Household income per month, last 6 months (yuan)'),
    kind: 'number',
    required: true,
    hint: w(
      '工资、务农、养老金、补贴都算上，大概数就可以。',
      'Wages, farming, pensions and allowances; a rough figure is fine.',
    ),
  },
  {
    id: 'valuableProperty',
    label: w('有没有汽车、商铺或第二套房子', 'Do you own a car, a shop or a second home?'),
    kind: 'choice',
    required: true,
    options: [w('没有', 'No'), w('有', 'Yes')],
  },
];

const FORMS: Record<CaseFormId, CaseForm> = {
  legalAid: {
    id: 'legalAid',
    title: w('案件情况', 'About the case'),
    fields: [
      {
        id: 'disputeType',
        label: w('纠纷类型', 'Kind of dispute'),
        kind: 'choice',
        required: true,
        options: DISPUTE_TYPES,
      },
      {
        id: 'role',
        label: w('您在这件事里是', 'In this case you are'),
        kind: 'choice',
        required: true,
        options: [
          w('要求对方赔偿或还钱的一方', 'The one claiming'),
          w('被对方起诉或要求的一方', 'The one being claimed against'),
          w('还不清楚', 'Not sure yet'),
        ],
      },
      {
        id: 'aidType',
        label: w('需要哪种帮助', 'Help you need'),
        kind: 'choice',
        required: true,
        options: [
          w('请律师打官司', 'A lawyer in court'),
          w('请律师帮忙调解、谈判', 'A lawyer to negotiate'),
          w('写文书（起诉状等）', 'Writing documents'),
          w('还不清楚', 'Not sure yet'),
        ],
      },
      {
        id: 'otherParty',
        label: w('对方是谁（人名或单位名）', 'The other party (person or company)'),
        kind: 'text',
        required: true,
      },
      FACTS(
        w('简单说清楚：什么时候、发生了什么、您想要什么结果。', 'In short: when, what happened, and what you want.'),
      ),
    ],
  },
  mediation: {
    id: 'mediation',
    title: w('纠纷情况', 'About the dispute'),
    fields: [
      {
        id: 'disputeType',
        label: w('纠纷类型', 'Kind of dispute'),
        kind: 'choice',
        required: true,
        options: DISPUTE_TYPES,
      },
      { id: 'otherParty', label: w('对方姓名', 'Name of the other party'), kind: 'text', required: true },
      {
        id: 'otherPartyPhone',
        label: w('对方电话（知道就填）', 'Their phone (if you know it)'),
        kind: 'phone',
        required: false,
      },
      FACTS(
        w(
          '简单说清楚：你们为什么事有矛盾，您希望怎样解决。',
          'In short: what the disagreement is about and how you would like it settled.',
        ),
      ),
      {
        id: 'preferredTime',
        label: w('方便调解的时间', 'When mediation suits you'),
        kind: 'choice',
        required: true,
        options: [
          w('工作日上午', 'Weekday mornings'),
          w('工作日下午', 'Weekday afternoons'),
          w('周末', 'Weekends'),
          w('都可以', 'Any time'),
        ],
      },
    ],
  },
  notary: {
    id: 'notary',
    title: w('预约公证', 'Notary appointment'),
    fields: [
      { id: 'slot', label: w('预约时间', 'Appointment'), kind: 'slot', required: true },
      {
        id: 'purpose',
        label: w('办理事项说明', 'What the notarisation is for'),
        kind: 'longText',
        required: false,
        hint: w(
          '例如：立遗嘱，房子留给儿子。不写也可以，到时当面说。',
          'For example: a will leaving the house to my son. You may leave this and explain in person.',
        ),
      },
    ],
  },
  visit: {
    id: 'visit',
    title: w('预约视频会见', 'Video visit booking'),
    fields: [
      { id: 'inmateName', label: w('被会见人姓名', 'Name of the person you visit'), kind: 'text', required: true },
      {
        id: 'institution',
        label: w('所在监狱或戒毒所', 'Prison or rehabilitation centre'),
        kind: 'text',
        required: true,
      },
      {
        id: 'relationship',
        label: w('您和他（她）的关系', 'Your relationship'),
        kind: 'choice',
        required: true,
        options: [
          w('父母', 'Parent'),
          w('配偶', 'Spouse'),
          w('子女', 'Child'),
          w('兄弟姐妹', 'Brother or sister'),
          w('其他亲属', 'Other relative'),
        ],
      },
      { id: 'slot', label: w('会见时间', 'Visit time'), kind: 'slot', required: true },
    ],
  },
  reconsideration: {
    id: 'reconsideration',
    title: w('复议请求', 'Your request'),
    fields: [
      {
        id: 'respondent',
        label: w('作出决定的政府部门', 'Government body that decided'),
        kind: 'text',
        required: true,
      },
      {
        id: 'decision',
        label: w('不服的决定（文书名称或内容）', 'The decision you dispute'),
        kind: 'text',
        required: true,
      },
      {
        id: 'decisionDate',
        label: w('知道这个决定的日期', 'When you learned of the decision'),
        kind: 'date',
        required: true,
        when: 'past',
        hint: w('一般要在知道决定之日起 60 日内申请。', 'You usually have 60 days from that day to apply.'),
      },
      {
        id: 'request',
        label: w('您的请求', 'What you ask for'),
        kind: 'choice',
        required: true,
        options: [
          w('撤销这个决定', 'Cancel the decision'),
          w('变更这个决定', 'Change the decision'),
          w('确认这个决定违法', 'Declare it unlawful'),
          w('要求政府部门履行职责', 'Make the body do its duty'),
        ],
      },
      FACTS(w('简单说清楚：决定是什么、您为什么不服。', 'In short: what was decided and why you disagree.')),
    ],
  },
  consultation: {
    id: 'consultation',
    title: w('请律师回电', 'A lawyer calls you back'),
    fields: [
      { id: 'question', label: w('您想问的问题', 'Your question'), kind: 'longText', required: true },
      {
        id: 'callbackTime',
        label: w('方便接电话的时间', 'When we may call'),
        kind: 'choice',
        required: true,
        options: [w('工作日上午', 'Weekday mornings'), w('工作日下午', 'Weekday afternoons'), w('都可以', 'Any time')],
      },
    ],
  },
};

const FORM_OF_CATEGORY: Record<string, CaseFormId> = {
  'falv-yuanzhu': 'legalAid',
  'renmin-tiaojie': 'mediation',
  gongzheng: 'notary',
  'shipin-huijian': 'visit',
  'xingzheng-fuyi': 'reconsideration',
  'falv-zixun': 'consultation',
};

/**
 * Categories whose kiosk-supported items are things to read, look up or print (机构查询, 法律文书模板, 普法), not
 * applications: their guides offer no 开始办理.
 */
const READ_ONLY_CATEGORIES = new Set(['jigou-chaxun', 'wenshu-muban', 'pufa']);

/** Whether the kiosk takes an application for this service. */
export function appliesAtKiosk(service: Pick<ServiceItem, 'categoryId' | 'kioskSupported'>): boolean {
  return service.kioskSupported && !READ_ONLY_CATEGORIES.has(service.categoryId);
}

/** The case form of a service, by its category; null for services that need only the applicant's details. */
export function caseFormFor(service: Pick<ServiceItem, 'categoryId'>): CaseForm | null {
  const id = FORM_OF_CATEGORY[service.categoryId];
  return id ? FORMS[id] : null;
}

export type CaseAnswers = Readonly<Record<string, string>>;

export type CaseProblem = Extract<
  FieldProblem,
  'required' | 'phoneInvalid' | 'dateInvalid' | 'dateNotPast' | 'numberInvalid'
>;

/** Whether a field applies, given the other answers (showIf). */
export function fieldShown(field: CaseField, answers: CaseAnswers): boolean {
  return !field.showIf || field.showIf.oneOf.includes(answers[field.showIf.field] ?? '');
}

/** The problem of each shown field, in words the screen maps to messages. */
export function checkCaseAnswers(
  fields: readonly CaseField[],
  answers: CaseAnswers,
  today = new Date(),
): Partial<Record<string, CaseProblem>> {
  const problems: Partial<Record<string, CaseProblem>> = {};
  for (const field of fields) {
    if (!fieldShown(field, answers)) continue;
    const value = (answers[field.id] ?? '').trim();
    if (value === '') {
      if (field.required) problems[field.id] = 'required';
      continue;
    }
    if (field.kind === 'phone' && !isPhoneNumber(value)) problems[field.id] = 'phoneInvalid';
    if (field.kind === 'number' && !/^\d{1,9}$/.test(value)) problems[field.id] = 'numberInvalid';
    if (field.kind === 'date') {
      // parseBirthDate accepts only real dates up to today: exactly a past date.
      if (parseBirthDate(value, new Date(8.64e15)) === null) problems[field.id] = 'dateInvalid';
      else if (field.when === 'past' && parseBirthDate(value, today) === null) problems[field.id] = 'dateNotPast';
    }
  }
  return problems;
}

/** Only the answers of shown fields, trimmed: what goes into the submission. */
export function submittedAnswers(fields: readonly CaseField[], answers: CaseAnswers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = (answers[field.id] ?? '').trim();
    if (fieldShown(field, answers) && value !== '') out[field.id] = value;
  }
  return out;
}
