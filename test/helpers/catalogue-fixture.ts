// A small valid catalogue for tests, with items that differ in profile, region and popularity.
import type { Catalogue, ServiceItem } from '../../core/catalogue/schema.ts';

export function makeItem(
  overrides: Partial<ServiceItem> & Pick<ServiceItem, 'id' | 'categoryId' | 'title'>,
): ServiceItem {
  return {
    summary: `${overrides.title}的办理指南`,
    basicCode: '000173001000',
    implementationCode: '11440825MB2C12345X4000173001000',
    itemType: '20',
    legalBasis: ['《中华人民共和国法律援助法》'],
    level: 4,
    authority: { name: '徐闻县司法局', creditCode: '11440825007160123X' },
    statutoryDays: 7,
    promisedDays: 3,
    caseType: '承诺件',
    conditions: ['经济困难的公民'],
    steps: [{ title: '申请', description: '到窗口或在本机提交申请' }],
    intermediaryServices: '无',
    quantityLimit: '无',
    resultName: '给予法律援助决定书',
    charged: false,
    fees: [],
    audiences: ['自然人'],
    channels: ['窗口办理', '自助终端'],
    visits: 1,
    appointment: false,
    online: { available: false },
    kioskSupported: true,
    promiseSystem: true,
    place: '徐闻县公共法律服务中心',
    hours: '周一至周五 8:30-12:00，14:30-17:30',
    consultPhone: '12348',
    supervisePhone: '12345',
    materials: [
      { name: '居民身份证', issuer: '公安机关', form: '纸质', originals: 1, copies: 1, required: true },
      { name: '法律援助申请表', issuer: '申请人', form: '纸质', originals: 1, copies: 0, required: true },
    ],
    faqs: [{ question: '要钱吗？', answer: '不收费。' }],
    version: '1',
    profiles: ['fabaobao'],
    regions: ['440000'],
    synonyms: [],
    popularity: 10,
    ...overrides,
  };
}

/** Kiosk region used with this fixture: a village of 徐闻县. */
export const FIXTURE_REGION = '440825100201';

export function makeCatalogue(version = 1): Catalogue {
  return {
    catalogueId: 'test',
    version,
    categories: [
      {
        id: 'falv-yuanzhu',
        name: '法律援助',
        description: '请不起律师找这里',
        icon: '⚖',
        profiles: ['fabaobao'],
        order: 1,
      },
      {
        id: 'renmin-tiaojie',
        name: '人民调解',
        description: '邻里纠纷调解',
        icon: '🤝',
        profiles: ['fabaobao'],
        order: 2,
      },
      { id: 'shebao', name: '社会保障', description: '养老保险、社保卡', icon: '🪪', profiles: ['yuezizhu'], order: 1 },
      { id: 'empty', name: '空分类', description: '没有事项', icon: '∅', profiles: ['fabaobao'], order: 3 },
    ],
    items: [
      makeItem({
        id: 'legal-aid',
        categoryId: 'falv-yuanzhu',
        title: '法律援助申请',
        popularity: 50,
        synonyms: ['打官司', '请律师'],
      }),
      makeItem({
        id: 'wage-aid',
        categoryId: 'falv-yuanzhu',
        title: '农民工讨薪法律援助',
        popularity: 80,
        synonyms: ['讨薪', '欠工资'],
      }),
      makeItem({
        id: 'other-county',
        categoryId: 'falv-yuanzhu',
        title: '雷州市法律援助申请',
        regions: ['440882'],
        popularity: 999,
      }),
      makeItem({
        id: 'mediation',
        categoryId: 'renmin-tiaojie',
        title: '人民调解申请',
        summary: '邻里、婚姻家庭纠纷可申请调解，法律援助不适用',
        regions: ['440825100201'],
      }),
      makeItem({
        id: 'pension',
        categoryId: 'shebao',
        title: '城乡居民养老保险缴费',
        profiles: ['yuezizhu'],
        synonyms: ['养老金', '社保'],
        online: { available: true, url: 'https://www.gdzwfw.gov.cn/' },
      }),
    ],
  };
}
