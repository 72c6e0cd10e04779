// Words on the screen, Simplified Chinese first and English second. Catalogue content (service names,
// guides) comes from the catalogue and stays in Chinese. Error codes map to plain messages here; a villager
// never sees a code or a stack trace.
import { createContext, useContext } from 'react';
import type { ErrorCode } from '../../core/api/errors.ts';

export type Language = 'zh-CN' | 'en';

const zh = {
  'app.title.fabaobao': '法宝宝 · 公共法律服务',
  'app.title.yuezizhu': '粤智助 · 政务服务',
  'nav.home': '首页',
  'nav.back': '返回',
  'nav.switchLanguage': 'English',
  'home.prompt': '请点选您要办理的事情',
  'home.services': '{count} 项服务',
  'home.hotline.fabaobao': '法律服务热线 12348',
  'home.hotline.yuezizhu': '政务服务热线 12345',
  'list.empty': '这一类暂时没有可以办理的事项。',
  'list.kiosk': '可在本机办理',
  'list.online': '可网上办理',
  'guide.facts.time': '办理时间',
  'guide.facts.promised': '承诺 {days} 个工作日',
  'guide.facts.sameDay': '当场办结',
  'guide.facts.fee': '费用',
  'guide.facts.free': '免费',
  'guide.facts.charged': '收费',
  'guide.facts.visits': '跑动次数',
  'guide.facts.visitsValue': '最多跑 {n} 次',
  'guide.facts.noVisit': '不用跑',
  'guide.section.conditions': '办理条件',
  'guide.section.materials': '需要带的材料',
  'guide.section.steps': '办理步骤',
  'guide.section.fees': '收费标准',
  'guide.section.where': '在哪里办、什么时间',
  'guide.section.faqs': '常见问题',
  'guide.section.basis': '办理依据和部门',
  'guide.material.required': '必须带',
  'guide.material.optional': '视情况',
  'guide.material.originals': '原件 {n} 份',
  'guide.material.copies': '复印件 {n} 份',
  'guide.material.blankForm': '空白表格：{title}',
  'guide.material.noMaterials': '不需要提交材料。',
  'guide.place': '办理地点',
  'guide.hours': '办理时间',
  'guide.consultPhone': '咨询电话',
  'guide.supervisePhone': '监督电话',
  'guide.authority': '办理部门',
  'guide.statutory': '法定时限 {days} 个工作日',
  'guide.feeReducible': '可以减免',
  'state.loading': '正在加载，请稍候…',
  'state.retry': '再试一次',
  'state.goHome': '回到首页',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title.fabaobao': 'Fabaobao · Public Legal Services',
  'app.title.yuezizhu': 'Yuezhizhu · Government Services',
  'nav.home': 'Home',
  'nav.back': 'Back',
  'nav.switchLanguage': '中文',
  'home.prompt': 'Tap what you want to do',
  'home.services': '{count} services',
  'home.hotline.fabaobao': 'Legal services hotline 12348',
  'home.hotline.yuezizhu': 'Government services hotline 12345',
  'list.empty': 'Nothing in this group can be done here yet.',
  'list.kiosk': 'Can be done at this kiosk',
  'list.online': 'Can be done online',
  'guide.facts.time': 'Time',
  'guide.facts.promised': '{days} working days',
  'guide.facts.sameDay': 'Same day',
  'guide.facts.fee': 'Fee',
  'guide.facts.free': 'Free',
  'guide.facts.charged': 'Charged',
  'guide.facts.visits': 'Visits',
  'guide.facts.visitsValue': 'At most {n}',
  'guide.facts.noVisit': 'None',
  'guide.section.conditions': 'Who can apply',
  'guide.section.materials': 'What to bring',
  'guide.section.steps': 'Steps',
  'guide.section.fees': 'Fees',
  'guide.section.where': 'Where and when',
  'guide.section.faqs': 'Questions',
  'guide.section.basis': 'Legal basis and office',
  'guide.material.required': 'Required',
  'guide.material.optional': 'If applicable',
  'guide.material.originals': '{n} original(s)',
  'guide.material.copies': '{n} copy(ies)',
  'guide.material.blankForm': 'Blank form: {title}',
  'guide.material.noMaterials': 'Nothing to hand in.',
  'guide.place': 'Place',
  'guide.hours': 'Hours',
  'guide.consultPhone': 'Questions',
  'guide.supervisePhone': 'Complaints',
  'guide.authority': 'Office',
  'guide.statutory': 'Legal limit {days} working days',
  'guide.feeReducible': 'Can be reduced',
  'state.loading': 'Loading, please wait…',
  'state.retry': 'Try again',
  'state.goHome': 'Back to home',
};

const errorsZh: Record<ErrorCode, string> = {
  API_BAD_REQUEST: '操作没有成功，请回到首页重新开始。',
  API_UNKNOWN_METHOD: '本机软件需要更新，请联系工作人员。',
  API_UNAUTHORIZED: '本机暂时无法使用，请联系工作人员重新启动。',
  API_FORBIDDEN_ORIGIN: '本机暂时无法使用，请联系工作人员重新启动。',
  API_UNAVAILABLE: '本机正在恢复，请稍等一会儿再试。',
  CATALOGUE_NOT_FOUND: '这项服务在本机暂时不能办理，请回到首页选择其他服务。',
  CATALOGUE_EMPTY: '服务目录还没有下载，请联系工作人员。',
  CATALOGUE_INVALID: '服务目录有问题，请联系工作人员。',
  CONFIG_INVALID: '本机还没有设置好，请联系工作人员。',
  INTERNAL: '出了点问题，请再试一次；还不行请联系工作人员。',
};

const errorsEn: Record<ErrorCode, string> = {
  API_BAD_REQUEST: 'That did not work. Please go back to the home screen and start again.',
  API_UNKNOWN_METHOD: 'This kiosk needs a software update. Please ask a staff member.',
  API_UNAUTHORIZED: 'This kiosk is not available right now. Please ask a staff member to restart it.',
  API_FORBIDDEN_ORIGIN: 'This kiosk is not available right now. Please ask a staff member to restart it.',
  API_UNAVAILABLE: 'The kiosk is recovering. Please wait a moment and try again.',
  CATALOGUE_NOT_FOUND: 'This service is not available here. Please choose another one from the home screen.',
  CATALOGUE_EMPTY: 'The service list has not been downloaded yet. Please ask a staff member.',
  CATALOGUE_INVALID: 'The service list has a problem. Please ask a staff member.',
  CONFIG_INVALID: 'This kiosk is not set up yet. Please ask a staff member.',
  INTERNAL: 'Something went wrong. Please try again, or ask a staff member.',
};

const tables: Record<Language, { messages: Record<MessageKey, string>; errors: Record<ErrorCode, string> }> = {
  'zh-CN': { messages: zh, errors: errorsZh },
  en: { messages: en, errors: errorsEn },
};

export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[language].messages[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

export function errorMessage(language: Language, code: ErrorCode): string {
  return tables[language].errors[code];
}

export interface I18n {
  language: Language;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  setLanguage: (language: Language) => void;
}

export const I18nContext = createContext<I18n>({
  language: 'zh-CN',
  t: (key, params) => translate('zh-CN', key, params),
  setLanguage: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
