// Legal aid (法律援助) before the form: who needs no means test (法律援助法 art. 32 and 42, DOMAIN.md §5), the
// Guangdong hardship test in plain words, and the three papers an applicant signs under 告知承诺制 (告知承诺书,
// 经济困难状况说明表, 核查授权书). The wording here is the kiosk's own plain summary; staff still read the full
// texts to anyone who asks, and the signed copies are printed at the window.
import type { Words } from './case-forms.ts';

const w = (zh: string, en: string): Words => ({ zh, en });

/** Groups that get legal aid without a means test; the chosen one is sent as the `eligibility` field. */
export const NO_MEANS_TEST: readonly Words[] = [
  w('农民工讨要工资或工伤赔偿', 'A migrant worker claiming wages or work-injury compensation'),
  w('家庭暴力、虐待、遗弃的受害人', 'A victim of domestic violence, abuse or abandonment'),
  w('没有固定生活来源的老人、残疾人或未成年人', 'An older person, disabled person or minor with no fixed income'),
  w('正在领取低保或特困供养', 'Receiving 低保 (minimum living allowance) or 特困 support'),
  w('因见义勇为受到伤害', 'Harmed while helping others (见义勇为)'),
  w('英雄烈士的近亲属，维护烈士名誉', 'A close relative of a hero or martyr defending their name'),
];

/** The answer when none of the groups fits: the hardship test applies. */
export const MEANS_TESTED = w('以上都不是', 'None of these');

/** The Guangdong hardship test (粤府令第268号) as a villager would say it. */
export const HARDSHIP_TEST: Words = w(
  '不属于上面几种情况的，要看家里经济是否困难：全家近 6 个月平均每人每月收入，低于本市上一年城镇居民人均可支配收入的一半（紧急情况可放宽到全部），并且家里没有汽车、商铺等贵重财产，就可以申请。算不清楚也没关系，先如实填写，工作人员会帮您核对。',
  'If none of these fits, it depends on your household’s means: your household’s average monthly income per person over the last 6 months must be below half of your city’s average urban disposable income of last year (up to all of it in an emergency), and you must own nothing of high value such as a car or a shop. If you are not sure, just fill in what you know; staff will check it with you.',
);

export interface Declaration {
  /** Sent as the consent's document id; a new wording needs a new version. */
  document: string;
  title: Words;
  text: Words;
  /** Only for applicants who take the hardship test. */
  meansTestedOnly: boolean;
}

export const DECLARATIONS: readonly Declaration[] = [
  {
    document: 'legal-aid-promise-v1',
    title: w('告知承诺书', 'Statement of truth'),
    text: w(
      '我知道申请法律援助要如实说明情况。我承诺：我填写和提供的情况都是真实的。如果弄虚作假骗取法律援助，要退还费用，并承担法律责任。',
      'I know I must tell the truth when I apply for legal aid. I promise that everything I have filled in and provided is true. If I obtain legal aid by deception, I must pay the costs back and bear legal responsibility.',
    ),
    meansTestedOnly: false,
  },
  {
    document: 'legal-aid-hardship-statement-v1',
    title: w('经济困难状况说明表', 'Statement of financial hardship'),
    text: w(
      '我如实说明了家里一起生活的人数、近 6 个月的收入和有没有贵重财产（就是前面填写的内容）。',
      'I have truthfully stated how many people live in my household, our income over the last 6 months and whether we own anything of high value (what I filled in before).',
    ),
    meansTestedOnly: true,
  },
  {
    document: 'legal-aid-verification-consent-v1',
    title: w('核查授权书', 'Consent to checks'),
    text: w(
      '我同意法律援助机构向民政、人社、不动产登记等部门核实我和家人的收入、财产等情况。核实的信息只用于这次法律援助申请。',
      'I agree that the legal aid office may check my and my family’s income and property with the civil affairs, social security and property registration offices. What they learn is used only for this application.',
    ),
    meansTestedOnly: false,
  },
];

/** The papers this applicant signs: all three under the hardship test, two otherwise. */
export function declarationsFor(meansTested: boolean): readonly Declaration[] {
  return DECLARATIONS.filter((declaration) => meansTested || !declaration.meansTestedOnly);
}

/** Recorded instead of a signature when the applicant cannot write: staff take a fingerprint at the window. */
export const FINGERPRINT_REQUIRED = 'legal-aid-fingerprint-at-window-v1';
