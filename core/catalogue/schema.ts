// The service catalogue (办事指南) as the kiosk stores and shows it.
// Field names follow GB/T 39046-2020 and the national exchange tables (DOMAIN.md §4);
// the Chinese name of each element is given beside it.
import { z } from 'zod';

export const KIOSK_PROFILES = ['fabaobao', 'yuezizhu'] as const;
export const kioskProfileSchema = z.enum(KIOSK_PROFILES);
export type KioskProfile = z.infer<typeof kioskProfileSchema>;

const nonEmpty = z.string().trim().min(1);
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens, at most 64');
/** GB/T 2260 six-digit region code or a 12-digit statistical village code. */
const regionCode = z.string().regex(/^(\d{6}|\d{12})$/, 'a 6- or 12-digit region code');
const phone = z.string().regex(/^[0-9-]{3,20}$/, 'digits and hyphens');

/** 事项类型: 01 许可 … 10 其他, 20 公共服务. */
export const ITEM_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export const itemTypeSchema = z.enum(Object.keys(ITEM_TYPES) as [keyof typeof ITEM_TYPES]);

/** 行使层级: 1 国家级 … 5 镇（乡、街道）级, 6 村（社区）级. */
export const LEVELS = {
  1: '国家级',
  2: '省级',
  3: '市级',
  4: '县级',
  5: '镇（乡、街道）级',
  6: '村（社区）级',
} as const;

export const attachmentSchema = z.object({
  /** File name inside the bundle's attachments folder. */
  file: nonEmpty,
  title: nonEmpty,
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const materialSchema = z.object({
  name: nonEmpty, // 材料名称
  issuer: nonEmpty, // 出具机构（来源渠道）
  form: z.enum(['纸质', '电子', '纸质或电子']), // 材料形式
  originals: z.number().int().min(0), // 原件份数
  copies: z.number().int().min(0), // 复印件份数
  required: z.boolean(), // 是否必需
  blankForm: attachmentSchema.optional(), // 空白表格
  sample: attachmentSchema.optional(), // 示例样表
  notes: z.string().optional(), // 填报须知
  acceptanceStandard: z.string().optional(), // 受理标准
});
export type Material = z.infer<typeof materialSchema>;

export const feeItemSchema = z.object({
  name: nonEmpty, // 收费项目
  standard: nonEmpty, // 收费标准 (amounts use the full-width ￥)
  basis: nonEmpty, // 收费依据
  reducible: z.boolean(), // 是否允许减免
});

export const stepSchema = z.object({
  title: nonEmpty,
  description: nonEmpty,
});

/** When appointments can be booked at the kiosk (公证预约, 远程视频会见预约): weekdays, times and how far ahead. */
export const appointmentSlotsSchema = z.object({
  /** 1 = Monday … 7 = Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1),
  /** Each slot of a day, e.g. "09:00-10:00". */
  times: z.array(z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'HH:MM-HH:MM')).min(1),
  /** The first bookable day is tomorrow; the last is this many days ahead. */
  daysAhead: z.number().int().min(1).max(90),
  /** Days the office is closed (public holidays), YYYY-MM-DD. */
  closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
});
export type AppointmentSlots = z.infer<typeof appointmentSlotsSchema>;

export const faqSchema = z.object({
  question: nonEmpty,
  answer: nonEmpty,
});

/**
 * What an information item shows on the kiosk itself, beyond its guide: 机构查询's directory (by area), 法律文书
 * 模板's text to read and print blank, 普法's short lessons to read or hear.
 */
export const directoryEntrySchema = z.object({
  name: nonEmpty,
  /** The town or county it serves, for the area buttons (e.g. "徐闻县", "下桥镇"). */
  area: nonEmpty,
  address: nonEmpty,
  phone,
  hours: nonEmpty.optional(),
  /** People on duty or in practice (调解员, 执业律师), by name as published. */
  people: z.array(nonEmpty).default([]),
  /** What it deals with (擅长领域, 业务范围). */
  fields: z.array(nonEmpty).default([]),
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const serviceContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('directory'), entries: z.array(directoryEntrySchema).min(1) }),
  z.object({
    kind: z.literal('template'),
    /** The document's heading as printed (借条, 民事起诉状). */
    title: nonEmpty,
    /** Paragraphs; blanks to fill by hand are runs of full-width underscores (＿＿＿). */
    body: z.array(nonEmpty).min(1),
    /** How to fill it in, in plain words. */
    notes: z.array(nonEmpty).default([]),
  }),
  z.object({
    kind: z.literal('lesson'),
    sections: z.array(z.object({ heading: nonEmpty, text: nonEmpty })).min(1),
  }),
]);
export type ServiceContent = z.infer<typeof serviceContentSchema>;

export const CHANNELS = ['窗口办理', '网上办理', '移动端办理', '快递收件', '自助终端'] as const;
export const AUDIENCES = ['自然人', '企业法人', '事业单位法人', '社会组织法人', '非法人企业', '其他组织'] as const;

export const serviceItemSchema = z.object({
  id,
  categoryId: id,
  title: nonEmpty, // 事项名称
  summary: nonEmpty, // one plain sentence shown on the service list
  basicCode: z.string().regex(/^[0-9A-Z-]{6,40}$/), // 基本编码
  implementationCode: z.string().regex(/^[0-9A-Z-]{6,60}$/), // 实施编码
  itemType: itemTypeSchema, // 事项类型
  legalBasis: z.array(nonEmpty).min(1), // 设定依据
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]), // 行使层级
  authority: z.object({
    name: nonEmpty, // 实施主体
    creditCode: z.string().regex(/^[0-9A-Z]{18}$/), // 统一社会信用代码
  }),
  statutoryDays: z.number().int().min(0), // 法定办结时限 (working days; 0 = 当场办结)
  promisedDays: z.number().int().min(0), // 承诺办结时限
  caseType: z.enum(['即办件', '承诺件']), // 办件类型
  conditions: z.array(nonEmpty).min(1), // 受理条件
  steps: z.array(stepSchema).min(1), // 办理流程
  intermediaryServices: z.string(), // 中介服务 ('无' when none)
  quantityLimit: z.string(), // 数量限制 ('无' when none)
  resultName: nonEmpty, // 结果名称
  resultSample: attachmentSchema.optional(), // 结果样本
  charged: z.boolean(), // 是否收费
  fees: z.array(feeItemSchema), // 收费标准 / 依据
  audiences: z.array(z.enum(AUDIENCES)).min(1), // 服务对象
  channels: z.array(z.enum(CHANNELS)).min(1), // 办理形式
  visits: z.number().int().min(0), // 到办事现场次数
  appointment: z.boolean(), // 是否支持预约
  appointmentSlots: appointmentSlotsSchema.optional(), // 预约时段 (kiosk bookings)
  content: serviceContentSchema.optional(), // what an information item shows at the kiosk
  online: z.object({
    available: z.boolean(), // 是否网办
    url: z.string().url().optional(), // 网办地址
  }),
  kioskSupported: z.boolean(), // 是否支持终端办理
  promiseSystem: z.boolean(), // 是否告知承诺制
  place: nonEmpty, // 办理地点
  hours: nonEmpty, // 办理时间
  consultPhone: phone, // 咨询电话
  supervisePhone: phone, // 监督电话
  materials: z.array(materialSchema), // 申请材料
  faqs: z.array(faqSchema), // 常见问题
  version: nonEmpty, // 事项版本号
  profiles: z.array(kioskProfileSchema).min(1), // which kiosk kinds show the item
  regions: z.array(regionCode).min(1), // where it applies ('440000' = all Guangdong)
  synonyms: z.array(nonEmpty), // words villagers use for it
  popularity: z.number().int().min(0), // past use, for ranking
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

export const categorySchema = z.object({
  id,
  name: nonEmpty,
  description: nonEmpty,
  /** A single emoji or short glyph shown on the tile; never the only signal (the name is always shown). */
  icon: nonEmpty,
  profiles: z.array(kioskProfileSchema).min(1),
  order: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;

export const catalogueSchema = z
  .object({
    catalogueId: nonEmpty,
    version: z.number().int().min(1),
    categories: z.array(categorySchema).min(1),
    items: z.array(serviceItemSchema).min(1),
  })
  .superRefine((catalogue, ctx) => {
    const categoryIds = new Set<string>();
    catalogue.categories.forEach((category, index) => {
      if (categoryIds.has(category.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', index, 'id'],
          message: `duplicate category id ${category.id}`,
        });
      }
      categoryIds.add(category.id);
    });
    const itemIds = new Set<string>();
    catalogue.items.forEach((item, index) => {
      if (itemIds.has(item.id)) {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'id'], message: `duplicate item id ${item.id}` });
      }
      itemIds.add(item.id);
      if (!categoryIds.has(item.categoryId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'categoryId'],
          message: `unknown category ${item.categoryId}`,
        });
      }
      if (item.charged !== item.fees.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'fees'],
          message: 'fees must be listed exactly when the item is charged',
        });
      }
    });
  });
export type Catalogue = z.infer<typeof catalogueSchema>;

/**
 * What changed between two versions of a catalogue, as carried by a delta bundle: the whole category list (it is
 * small), the items added or changed, the ids of items removed, and the attachment paths no longer used.
 */
export const catalogueDeltaSchema = z
  .object({
    catalogueId: nonEmpty,
    version: z.number().int().min(1),
    base: z.number().int().min(1),
    categories: z.array(categorySchema).min(1),
    upsert: z.array(serviceItemSchema),
    remove: z.array(id),
    removedFiles: z.array(nonEmpty),
  })
  .refine((delta) => delta.base < delta.version, { message: 'a delta must be based on an older version' });
export type CatalogueDelta = z.infer<typeof catalogueDeltaSchema>;
