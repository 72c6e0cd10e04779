// A generated catalogue for the catalogue benchmark (bench/catalogue.ts): N items with field sizes like the
// sample catalogue's (about 2–3 KB of JSON each, 5 materials with notes, conditions, steps, FAQs, legal basis,
// synonyms), titles built from real 事项 names so search queries behave as on a kiosk, and ~2 % of materials
// with a blank-form attachment (a few KB of fake PDF). Everything comes from a seeded PRNG: the same seed gives
// the same catalogue, attachments and delta on every run.
//
// Every item is shown on both kiosk kinds and applies to the bench kiosk's village (its regions are Guangdong,
// 湛江, 徐闻县 or its town), so a search there scans all N items: the worst case for search.
import {
  catalogueSchema,
  type Catalogue,
  type Category,
  type Material,
  type ServiceItem,
} from '../core/catalogue/schema.ts';
import { pinyin } from 'pinyin-pro';
import { seededRandom } from '../test/helpers/seeded-random.ts';

/** The kiosk the bench searches from: a village of 下桥镇, 徐闻县. */
export const BENCH_SCOPE = { profile: 'fabaobao', regionCode: '440825100201' } as const;

export type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** `count` distinct elements of `list` in random order. */
function sample<T>(random: Random, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, Math.min(count, copy.length));
}

const CATEGORIES: [id: string, name: string, description: string, icon: string][] = [
  ['falv-zixun', '法律咨询', '遇到纠纷不知道怎么办，免费问律师。', '💬'],
  ['falv-yuanzhu', '法律援助', '请不起律师的，符合条件可以免费请律师。', '🤝'],
  ['renmin-tiaojie', '人民调解', '邻里家庭矛盾，请调解员免费帮忙说和。', '👥'],
  ['gongzheng', '公证预约', '预约办理遗嘱、委托等公证。', '📜'],
  ['shipin-huijian', '远程视频会见预约', '家人在监狱或戒毒所，就近视频见面。', '📹'],
  ['xingzheng-fuyi', '行政复议', '不服政府部门的决定，申请复查纠正。', '⚖️'],
  ['jigou-chaxun', '机构查询', '查律师事务所、调解组织、鉴定机构。', '🔍'],
  ['wenshu-muban', '法律文书模板', '借条、起诉状等常用文书，照着填。', '📄'],
  ['shebao', '社会保障', '养老保险参保缴费、养老金、社保卡。', '🧓'],
  ['yibao', '医疗保障', '医保参保缴费、异地看病备案。', '🏥'],
  ['huji', '户籍与证件', '身份证、户口迁移等。', '🪪'],
  ['minzheng', '民政与救助', '低保、特困供养、临时救助、老人和残疾人补贴。', '🤲'],
  ['nongye', '农业农村', '种地补贴、宅基地申请。', '🌾'],
  ['zhufang', '不动产与住房', '农村危房改造等住房事项。', '🏠'],
  ['jiuye', '就业创业', '就业失业登记、找工作、技能培训。', '💼'],
  ['weijian', '卫生健康', '生育登记等卫生健康服务。', '👶'],
  ['tuiyi', '退役军人', '退役军人和优抚对象服务。', '🎖️'],
];

interface Stem {
  name: string;
  category: string;
  synonyms: string[];
  department: string;
  law: string;
}

// [事项名称, category, synonyms villagers use, 实施部门, 设定依据]
const STEMS: Stem[] = (
  [
    ['法律援助申请', 'falv-yuanzhu', '免费律师 请不起律师 法援 打官司', '司法局', '《中华人民共和国法律援助法》'],
    ['农民工讨薪法律援助', 'falv-yuanzhu', '讨薪 欠工资 讨工钱', '司法局', '《保障农民工工资支付条例》'],
    ['刑事案件法律援助', 'falv-yuanzhu', '刑事辩护 请律师辩护', '司法局', '《中华人民共和国刑事诉讼法》'],
    ['法律援助经济困难核查', 'falv-yuanzhu', '经济困难证明 贫困证明', '司法局', '《广东省法律援助条例》'],
    ['婚姻家庭纠纷咨询', 'falv-zixun', '离婚 抚养费 赡养老人', '司法局', '《中华人民共和国民法典》'],
    ['劳动争议咨询', 'falv-zixun', '工伤 被辞退 劳动合同', '司法局', '《中华人民共和国劳动争议调解仲裁法》'],
    ['土地承包纠纷咨询', 'falv-zixun', '承包地 土地纠纷', '司法局', '《中华人民共和国农村土地承包法》'],
    ['交通事故赔偿咨询', 'falv-zixun', '车祸 撞车赔偿', '司法局', '《中华人民共和国道路交通安全法》'],
    ['人民调解申请', 'renmin-tiaojie', '调解 吵架 说和', '司法所', '《中华人民共和国人民调解法》'],
    ['邻里纠纷调解', 'renmin-tiaojie', '邻居矛盾 排水纠纷', '司法所', '《中华人民共和国人民调解法》'],
    ['婚姻家庭纠纷调解', 'renmin-tiaojie', '夫妻吵架 家庭矛盾', '司法所', '《中华人民共和国人民调解法》'],
    ['山林土地权属纠纷调处', 'renmin-tiaojie', '山林纠纷 地界', '自然资源局', '《中华人民共和国土地管理法》'],
    ['遗嘱公证预约', 'gongzheng', '立遗嘱 遗嘱', '公证处', '《中华人民共和国公证法》'],
    ['委托公证预约', 'gongzheng', '委托书公证 代办委托', '公证处', '《中华人民共和国公证法》'],
    ['继承公证预约', 'gongzheng', '继承房产 遗产', '公证处', '《中华人民共和国公证法》'],
    ['学历公证', 'gongzheng', '毕业证公证', '公证处', '《中华人民共和国公证法》'],
    ['远程视频会见预约', 'shipin-huijian', '探监 视频会见', '司法局', '《中华人民共和国监狱法》'],
    ['行政复议申请', 'xingzheng-fuyi', '告政府 复议', '人民政府', '《中华人民共和国行政复议法》'],
    ['律师事务所查询', 'jigou-chaxun', '找律师 律所', '司法局', '《中华人民共和国律师法》'],
    ['司法鉴定机构查询', 'jigou-chaxun', '鉴定 伤残鉴定', '司法局', '《司法鉴定程序通则》'],
    ['借条模板', 'wenshu-muban', '借据 欠条', '司法局', '《中华人民共和国民法典》'],
    ['民事起诉状模板', 'wenshu-muban', '起诉书 告状', '司法局', '《中华人民共和国民事诉讼法》'],
    [
      '城乡居民基本养老保险参保登记',
      'shebao',
      '养老保险 社保 参保',
      '社会保险基金管理局',
      '《中华人民共和国社会保险法》',
    ],
    ['城乡居民养老保险缴费', 'shebao', '交社保 养老金缴费', '社会保险基金管理局', '《中华人民共和国社会保险法》'],
    ['城乡居民养老保险待遇申领', 'shebao', '领养老金 退休金', '社会保险基金管理局', '《中华人民共和国社会保险法》'],
    ['社会保险待遇领取资格认证', 'shebao', '生存认证 刷脸认证', '社会保险基金管理局', '《社会保险经办条例》'],
    ['社保卡申领', 'shebao', '办社保卡 社会保障卡', '人力资源和社会保障局', '《社会保障卡管理办法》'],
    ['社保卡挂失', 'shebao', '社保卡丢了 补卡', '人力资源和社会保障局', '《社会保障卡管理办法》'],
    ['社保卡密码重置', 'shebao', '忘记密码 改密码', '人力资源和社会保障局', '《社会保障卡管理办法》'],
    ['城乡居民医保参保缴费', 'yibao', '医保 合作医疗 新农合', '医疗保障局', '《医疗保障基金使用监督管理条例》'],
    ['医保异地就医备案', 'yibao', '异地看病 外地住院', '医疗保障局', '《基本医疗保险跨省异地就医管理办法》'],
    ['门诊慢特病待遇认定', 'yibao', '慢性病 特殊门诊', '医疗保障局', '《广东省基本医疗保险门诊特定病种管理办法》'],
    ['医疗费用手工报销', 'yibao', '报销 医药费', '医疗保障局', '《医疗保障基金使用监督管理条例》'],
    ['居民身份证换领', 'huji', '身份证过期 换身份证', '公安局', '《中华人民共和国居民身份证法》'],
    ['临时身份证明', 'huji', '临时证明', '公安局', '《中华人民共和国居民身份证法》'],
    ['户口迁移', 'huji', '迁户口 落户', '公安局', '《中华人民共和国户口登记条例》'],
    ['出生登记', 'huji', '报户口 新生儿落户', '公安局', '《中华人民共和国户口登记条例》'],
    ['死亡注销户口', 'huji', '销户', '公安局', '《中华人民共和国户口登记条例》'],
    ['最低生活保障申请', 'minzheng', '低保 吃低保', '民政局', '《社会救助暂行办法》'],
    ['特困人员救助供养申请', 'minzheng', '五保 五保户', '民政局', '《社会救助暂行办法》'],
    ['临时救助申请', 'minzheng', '急难救助 救急', '民政局', '《社会救助暂行办法》'],
    ['残疾人两项补贴申请', 'minzheng', '残疾补贴 护理补贴', '民政局', '《广东省残疾人两项补贴实施办法》'],
    ['高龄老人津贴申请', 'minzheng', '长寿金 老人补贴', '民政局', '《广东省老年人权益保障条例》'],
    ['残疾人证办理', 'minzheng', '残疾证 办残疾证', '残疾人联合会', '《中华人民共和国残疾人保障法》'],
    ['结婚登记预约', 'minzheng', '领证 结婚证', '民政局', '《婚姻登记条例》'],
    ['耕地地力保护补贴', 'nongye', '种粮补贴 种地补贴', '农业农村局', '《耕地地力保护补贴资金管理办法》'],
    ['农村宅基地申请', 'nongye', '建房 宅基地', '农业农村局', '《中华人民共和国土地管理法》'],
    ['农业机械购置补贴', 'nongye', '农机补贴 买农机', '农业农村局', '《农业机械购置补贴实施办法》'],
    ['农村土地承包经营权流转', 'nongye', '土地流转 租地', '农业农村局', '《中华人民共和国农村土地承包法》'],
    ['农村危房改造申请', 'zhufang', '危房 修房子', '住房和城乡建设局', '《农村危房改造补助资金管理办法》'],
    ['不动产登记查询', 'zhufang', '房产证查询 查房产', '自然资源局', '《不动产登记暂行条例》'],
    ['就业失业登记', 'jiuye', '失业证 找工作', '人力资源和社会保障局', '《就业服务与就业管理规定》'],
    ['职业技能培训补贴', 'jiuye', '技能培训 学技术', '人力资源和社会保障局', '《职业技能提升行动实施方案》'],
    ['创业担保贷款', 'jiuye', '创业贷款 贴息贷款', '人力资源和社会保障局', '《创业担保贷款实施办法》'],
    ['灵活就业人员社保补贴', 'jiuye', '灵活就业 零工补贴', '人力资源和社会保障局', '《中华人民共和国就业促进法》'],
    ['生育登记', 'weijian', '准生证 生孩子', '卫生健康局', '《中华人民共和国人口与计划生育法》'],
    ['预防接种证办理', 'weijian', '打疫苗 接种本', '卫生健康局', '《中华人民共和国疫苗管理法》'],
    ['计划生育家庭奖励扶助', 'weijian', '独生子女奖励 计生奖励', '卫生健康局', '《广东省人口与计划生育条例》'],
    ['退役军人优待证申领', 'tuiyi', '优待证', '退役军人事务局', '《中华人民共和国退役军人保障法》'],
    ['优抚对象抚恤金发放', 'tuiyi', '抚恤金 优抚金', '退役军人事务局', '《军人抚恤优待条例》'],
  ] as const
).map(([name, category, synonyms, department, law]) => ({
  name,
  category,
  synonyms: synonyms.split(' '),
  department,
  law,
}));

// Where an item is implemented, with its region code: all cover the bench kiosk (see the header).
const PLACES: [prefix: string, region: string, authorityPlace: string][] = [
  ['', '440000', '广东省'],
  ['湛江市', '440800', '湛江市'],
  ['徐闻县', '440825', '徐闻县'],
  ['下桥镇', '440825100000', '徐闻县下桥镇'],
];
// 业务办理项 and the people it is for: with a stem and a place they make each title distinct.
const VARIANTS = [
  '首次申请',
  '变更',
  '注销',
  '补办',
  '续期',
  '年度复核',
  '查询',
  '证明开具',
  '代办',
  '异地办理',
  '材料补正',
  '进度查询',
];
const AUDIENCE_TAGS = ['', '个人', '农村居民', '老年人', '残疾人', '外出务工人员'];

const SUMMARY_PARTS = [
  '符合条件的可在本机提交申请',
  '材料齐全的当场受理',
  '全程免费，不收取任何费用',
  '行动不便的可由家属代为办理',
  '办理结果可以邮寄到家',
  '请带好本人身份证原件',
  '一般5个工作日内办结',
  '可先在终端预审，少跑一趟',
  '不会填表的可请工作人员帮忙',
  '村委会可以帮您代收材料',
  '有疑问可拨打咨询电话',
  '逾期未办的可补办',
];
const CONDITIONS = [
  '申请人为本县户籍居民，或在本县居住满6个月并办理了居住证的人员。',
  '家庭人均月收入低于当地最低生活保障标准，且家庭财产符合规定条件。',
  '本人或其法定代理人、委托代理人可以申请；代理人需提供授权委托书和身份证明。',
  '申请事项属于本机关管辖范围，且未经人民法院判决或其他机关处理。',
  '年满16周岁的公民，本人到场并能按要求采集人像和指纹信息。',
  '材料真实、完整、有效；告知承诺制事项可先签署承诺书，后补交证明。',
  '已参加城乡居民基本养老保险且按规定缴费，达到待遇领取年龄。',
  '不属于正在服刑、被羁押或其他依法不能办理的情形。',
  '纠纷双方自愿接受调解；一方明确拒绝的，不予受理，可以另行起诉。',
  '持有残疾人证（第二代），残疾等级和类别符合补贴发放条件。',
];
const STEPS: [string, string][] = [
  ['自助预审', '在终端刷身份证，回答几个问题，看看自己是否符合条件、需要准备哪些材料。'],
  ['填表签名', '按提示填写申请表，打印后本人签名或按手印；不会写字的可以请工作人员代写。'],
  ['提交材料', '在终端拍照上传材料，或者交到镇便民服务中心窗口，工作人员当场核对。'],
  ['受理审查', '窗口收到材料后进行审查，材料不齐的会一次性告诉您需要补什么。'],
  ['入户核查', '需要调查核实的，村（社区）和镇工作人员会上门了解情况，请配合。'],
  ['公示', '审核通过的在村务公开栏公示7天，无异议后报县级部门审批。'],
  ['审批决定', '县级部门在承诺时限内作出决定，结果通过短信通知您。'],
  ['领取结果', '到窗口领取或选择邮寄到家；也可以在终端打印办理结果。'],
];
const FAQS: [string, string][] = [
  ['办理要收费吗？', '本事项不收取任何费用，请不要相信任何以代办为名收钱的人。'],
  ['家里老人走不动，可以代办吗？', '可以。由家属带上老人和本人的身份证、户口簿以及授权委托书代为办理。'],
  ['材料丢了怎么办？', '可以先到出具单位补开证明；身份证丢了的，可以先办临时身份证明。'],
  ['多久能办好？', '材料齐全的，一般在承诺时限内办结，进度可以在终端上随时查询。'],
  ['不在户籍地能办吗？', '大部分事项已实现全省通办，可以在居住地的便民服务中心或终端办理。'],
  ['对结果不满意怎么办？', '可以在收到决定之日起60日内申请行政复议，或者6个月内提起行政诉讼。'],
];
const GENERAL_LAWS = [
  '《广东省政务服务数据管理办法》',
  '《优化营商环境条例》',
  '《广东省行政许可监督管理条例》',
  '《中华人民共和国行政许可法》',
  '《国务院关于加快推进全国一体化在线政务服务平台建设的指导意见》（国发〔2018〕27号）',
];
const MATERIALS: [name: string, issuer: string, notes: string][] = [
  ['户口簿', '公安机关', '首页和本人页都要带；全家一起申请的，带全家的户口簿。'],
  ['一寸近期免冠彩色照片', '申请人自备', '白色背景，近6个月内拍摄；在终端也可以现场拍照。'],
  ['银行卡或存折', '开户银行', '用于发放补贴或待遇，要本人名下的一类账户，写清开户行。'],
  ['结婚证或离婚证', '民政部门', '已婚或离异的提供；夫妻双方都要签字确认。'],
  ['家庭收入情况说明', '申请人填写', '如实填写家庭人口、近6个月收入和房产、车辆、存款情况。'],
  ['授权委托书', '委托人签署', '由家属或其他人代办时提供，写明委托事项和期限。'],
  ['医疗诊断证明', '二级以上医疗机构', '近3个月内出具，要有医院盖章和医生签名。'],
  ['残疾人证', '残疾人联合会', '第二代残疾人证原件，核对后退还。'],
  ['劳动合同或工资单', '用人单位', '没有劳动合同的，工资条、考勤记录、工友证言都可以。'],
  ['村（居）委会证明', '村（居）民委员会', '证明家庭情况或居住情况，要有村委会盖章。'],
  ['不动产权证书', '不动产登记机构', '涉及房屋、宅基地的提供；没有的可以写情况说明。'],
  ['出生医学证明', '助产医疗机构', '新生儿办理时提供，父母双方签字。'],
  ['相关证据材料', '申请人自备', '如欠条、聊天记录、照片、事故认定书、判决书等，可在终端拍照上传。'],
  ['退役证或优待证', '退役军人事务部门', '退役军人本人办理的提供原件。'],
];

function digits(random: Random, count: number, alphabet = '0123456789'): string {
  let out = '';
  for (let i = 0; i < count; i++) out += pick(random, alphabet.split(''));
  return out;
}

function summaryOf(random: Random, title: string): string {
  // 30–60 characters: the title, then one or more plain phrases.
  let text = `${title}：${pick(random, SUMMARY_PARTS)}`;
  for (const part of sample(random, SUMMARY_PARTS, 4)) {
    if (text.length >= 30 && (text.length + part.length + 1 > 59 || random() < 0.4)) break;
    if (!text.includes(part)) text += `，${part}`;
  }
  if (text.length > 59) text = text.slice(0, 59);
  return `${text}。`;
}

/** Fake PDF bytes of a blank form: a few KB, seeded. */
function fakePdf(random: Random, title: string): Buffer {
  const size = between(random, 2_000, 6_000);
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = 32 + Math.floor(random() * 95);
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% ${title}\n`), body, Buffer.from('\n%%EOF\n')]);
}

export interface GeneratedCatalogue {
  catalogue: Catalogue;
  /** Attachment files by bundle path ("attachments/<file>"). */
  attachments: Record<string, Buffer>;
}

interface TitleSpec {
  stem: Stem;
  place: (typeof PLACES)[number];
  variant: string;
  audience: string;
}

function itemFrom(
  random: Random,
  id: string,
  spec: TitleSpec,
  attachments: Record<string, Buffer>,
  attachmentShare: number,
): ServiceItem {
  const { stem, place, variant, audience } = spec;
  const title = `${place[0]}${stem.name}（${variant}${audience === '' ? '' : `·${audience}`}）`;
  const authority = `${place[2]}${stem.department}`;
  const creditCode = `11${place[1].slice(0, 6)}${digits(random, 9, '0123456789ABCDEFGHJKLMNPQRTUWXY')}X`;
  const basicCode = `000${between(random, 100, 199)}${digits(random, 6)}`;
  const materials: Material[] = [
    {
      name: '居民身份证',
      issuer: '公安机关',
      form: '纸质或电子',
      originals: 1,
      copies: 1,
      required: true,
      notes: '在终端刷身份证即可读取，不用另外复印；电子身份证（粤省事）也可以。',
      acceptanceStandard: '在有效期内，与本人相符。',
    },
    {
      name: `${stem.name}申请表`,
      issuer: `申请人填写（${stem.department}提供）`,
      form: '纸质或电子',
      originals: 1,
      copies: 0,
      required: true,
      notes: '可以在终端上填写后打印签名；写清楚您的基本情况、联系电话和申请理由。',
    },
    ...sample(random, MATERIALS, 3).map(([name, issuer, notes]): Material => ({
      name,
      issuer,
      form: pick(random, ['纸质', '电子', '纸质或电子'] as const),
      originals: between(random, 0, 1),
      copies: between(random, 0, 2),
      required: random() < 0.5,
      notes,
    })),
  ];
  materials.forEach((material, index) => {
    if (random() >= attachmentShare) return;
    const file = `${id}-${index + 1}.pdf`;
    material.blankForm = { file, title: material.name };
    attachments[`attachments/${file}`] = fakePdf(random, material.name);
  });
  const charged = random() < 0.05;
  const onlineAvailable = random() < 0.6;
  return {
    id,
    categoryId: stem.category,
    title,
    summary: summaryOf(random, title),
    basicCode,
    implementationCode: `${creditCode}${basicCode}`,
    itemType: pick(random, ['20', '20', '20', '05', '07', '01'] as const),
    legalBasis: [stem.law, ...sample(random, GENERAL_LAWS, between(random, 0, 2))],
    level: place[1] === '440000' ? 2 : place[1] === '440800' ? 3 : place[1].length === 12 ? 5 : 4,
    authority: { name: authority, creditCode },
    statutoryDays: between(random, 0, 30),
    promisedDays: between(random, 0, 10),
    caseType: random() < 0.3 ? '即办件' : '承诺件',
    conditions: sample(random, CONDITIONS, between(random, 2, 4)),
    steps: sample(random, STEPS, between(random, 3, 5)).map(([stepTitle, description]) => ({
      title: stepTitle,
      description,
    })),
    intermediaryServices: '无',
    quantityLimit: '无',
    resultName: `${stem.name}办理结果通知书`,
    charged,
    fees: charged
      ? [{ name: '工本费', standard: '￥20.00/件', basis: '粤发改价格〔2017〕178号', reducible: true }]
      : [],
    audiences: ['自然人'],
    channels: sample(
      random,
      ['窗口办理', '网上办理', '移动端办理', '快递收件', '自助终端'] as const,
      between(random, 1, 4),
    ),
    visits: between(random, 0, 2),
    appointment: random() < 0.4,
    online: onlineAvailable ? { available: true, url: 'https://www.gdzwfw.gov.cn/' } : { available: false },
    kioskSupported: random() < 0.7,
    promiseSystem: random() < 0.5,
    place: `${place[2]}${place[1].length === 12 ? '便民服务中心' : '政务服务中心'}${stem.department}窗口；村（社区）党群服务中心可代收`,
    hours: '周一至周五 上午8:30-12:00，下午14:30-17:30（法定节假日除外）',
    consultPhone: `0759-${digits(random, 7)}`,
    supervisePhone: '12345',
    materials,
    faqs: sample(random, FAQS, between(random, 2, 3)).map(([question, answer]) => ({ question, answer })),
    version: '2026.1',
    profiles: ['fabaobao', 'yuezizhu'],
    regions: [place[1]],
    synonyms: sample(random, stem.synonyms, between(random, 1, stem.synonyms.length)),
    // Few items are used a lot, most rarely.
    popularity: Math.floor(1000 * random() ** 3),
  };
}

function titleSpecs(random: Random): TitleSpec[] {
  const specs: TitleSpec[] = [];
  for (const stem of STEMS)
    for (const place of PLACES)
      for (const variant of VARIANTS)
        for (const audience of AUDIENCE_TAGS) specs.push({ stem, place, variant, audience });
  return sample(random, specs, specs.length);
}

/** A catalogue of `count` items (version 1) with its attachments. */
export function generateCatalogue(count: number, seed = 20261122, attachmentShare = 0.02): GeneratedCatalogue {
  const random = seededRandom(seed);
  const specs = titleSpecs(random);
  if (count > specs.length - 100) throw new Error(`at most ${specs.length - 100} distinct items can be generated`);
  const attachments: Record<string, Buffer> = {};
  const categories: Category[] = CATEGORIES.map(([id, name, description, icon], order) => ({
    id,
    name,
    description,
    icon,
    profiles: ['fabaobao', 'yuezizhu'],
    order: order + 1,
  }));
  const items = specs
    .slice(0, count)
    .map((spec, index) =>
      itemFrom(random, `item-${String(index).padStart(6, '0')}`, spec, attachments, attachmentShare),
    );
  // Validated as staff tooling does before building a bundle; this also puts every object's keys in schema
  // order, as a catalogue read back from a bundle has them (diffCatalogues compares items as JSON text).
  return { catalogue: catalogueSchema.parse({ catalogueId: 'bench-gd', version: 1, categories, items }), attachments };
}

export interface GeneratedDelta extends GeneratedCatalogue {
  edited: number;
  added: number;
  removed: number;
  /** Attachments that are new or changed in the next version. */
  changedAttachments: number;
}

/**
 * The next version of `base`: `edit` items get a new summary and a changed material (a few of them a revised
 * blank form), `add` new items come in and `remove` items go, with their attachments.
 */
export function nextVersion(
  base: GeneratedCatalogue,
  { edit, add, remove }: { edit: number; add: number; remove: number },
  seed = 20261123,
): GeneratedDelta {
  const random = seededRandom(seed);
  const items = [...base.catalogue.items];
  const attachments = { ...base.attachments };
  const indices = sample(
    random,
    items.map((_, index) => index),
    edit + remove,
  );
  let changedAttachments = 0;
  for (const index of indices.slice(0, edit)) {
    const item = structuredClone(items[index]!);
    item.summary = summaryOf(random, item.title);
    item.version = '2026.2';
    const material = item.materials[between(random, 0, item.materials.length - 1)]!;
    material.notes = `${material.notes ?? ''}（${pick(random, ['2026年起', '新规定', '已简化'])}：${pick(random, SUMMARY_PARTS)}）`;
    if (random() < 0.1) material.copies = material.copies === 0 ? 1 : 0;
    if (material.blankForm || random() < 0.05) {
      // A revised blank form: same path if it had one, a new file otherwise.
      const file = material.blankForm?.file ?? `${item.id}-${item.materials.indexOf(material) + 1}.pdf`;
      material.blankForm = { file, title: material.name };
      attachments[`attachments/${file}`] = fakePdf(random, `${material.name}（2026修订）`);
      changedAttachments++;
    }
    items[index] = item;
  }
  const removed = new Set(indices.slice(edit).map((index) => items[index]!.id));
  for (const item of items) {
    if (!removed.has(item.id)) continue;
    for (const material of item.materials) {
      if (material.blankForm) delete attachments[`attachments/${material.blankForm.file}`];
    }
  }
  const kept = items.filter((item) => !removed.has(item.id));
  const usedTitles = new Set(items.map((item) => item.title));
  const fresh = titleSpecs(seededRandom(seed + 1)).filter((spec) => {
    const title = `${spec.place[0]}${spec.stem.name}（${spec.variant}${spec.audience === '' ? '' : `·${spec.audience}`}）`;
    return !usedTitles.has(title);
  });
  const before = Object.keys(attachments).length;
  for (let i = 0; i < add; i++) {
    kept.push(itemFrom(random, `item-new-${String(i).padStart(4, '0')}`, fresh[i]!, attachments, 0.02));
  }
  changedAttachments += Object.keys(attachments).length - before;
  return {
    catalogue: catalogueSchema.parse({ ...base.catalogue, version: base.catalogue.version + 1, items: kept }),
    attachments,
    edited: edit,
    added: add,
    removed: remove,
    changedAttachments,
  };
}

// --- Search queries ------------------------------------------------------------------------------------------

export function syllablesOf(phrase: string): string[] {
  return pinyin(phrase, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' })
    .map((syllable) => syllable.toLowerCase().replace(/[^a-z]/g, ''))
    .filter((syllable) => syllable !== '');
}

export function pinyinOf(phrase: string): { full: string; initials: string } {
  const syllables = syllablesOf(phrase);
  return { full: syllables.join(''), initials: syllables.map((syllable) => syllable[0]).join('') };
}

/**
 * `count` queries of each kind, as villagers type them, from the catalogue's own titles and synonyms; about
 * 5 % of each kind find nothing (things a village kiosk does not offer).
 */
export function makeQueries(items: ServiceItem[], count: number, random: Random): Record<string, string[]> {
  const choose = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // What a villager means: a title's name without its place and 办理项 (its hanzi runs), or a synonym.
  const phrase = (): { text: string; synonym: boolean } => {
    const item = choose(items);
    if (random() < 0.3) return { text: choose(item.synonyms), synonym: true };
    const runs = item.title.split(/[^\u4e00-\u9fff]+/).filter((run) => run.length >= 2);
    return { text: random() < 0.7 ? runs[0]! : choose(runs), synonym: false };
  };
  const text = items.map((item) => `${item.title}\n${item.synonyms.join('\n')}\n${item.summary}`).join('\n');
  const keys = items
    .flatMap((item) => [item.title, ...item.synonyms])
    .map((value) => {
      const { full, initials } = pinyinOf(value);
      return `${full} ${full.replaceAll('v', 'u')} ${initials}`;
    })
    .join('\n');
  const absent = {
    hanzi: [
      '护照签注',
      '彩票兑奖',
      '驾驶证换证',
      '机票改签',
      '港澳通行证',
      '公积金提取',
      '车辆年检',
      '营业执照',
      '渔船登记',
      '宠物',
    ],
    pinyin: [
      'huzhao',
      'caipiao',
      'jiashizheng',
      'jipiao',
      'gangao',
      'gongjijin',
      'cheliang',
      'yingye',
      'yuchuan',
      'chongwu',
    ],
    initials: ['hzqz', 'cpdj', 'jszhz', 'jpgq', 'gatxz', 'gjjtq', 'clnj', 'yyzz', 'ycdj', 'cwzm'],
  };
  const miss = (kind: keyof typeof absent): string => {
    const candidates = absent[kind].filter((query) => !(kind === 'hanzi' ? text : keys).includes(query));
    if (candidates.length === 0) throw new Error(`every no-hit ${kind} query hits`);
    return choose(candidates);
  };
  const make = (kind: keyof typeof absent, hit: () => string): string[] =>
    Array.from({ length: count }, () => (random() < 0.05 ? miss(kind) : hit()));
  return {
    // 1–4 characters of a name: mostly 2 or 4 (a word), some single characters as the first keystroke.
    hanzi: make('hanzi', () => {
      const source = phrase().text;
      const length = Math.min(source.length, choose([1, 2, 2, 2, 3, 3, 4, 4, 4, 4]));
      const start = random() < 0.6 ? 0 : Math.floor(random() * (source.length - length + 1));
      return source.slice(start, start + length);
    }),
    // Full pinyin of 2–6 syllables from the start of a name or a word in it, the last one often half typed.
    pinyin: make('pinyin', () => {
      // A word inside a title is typed from its start too (syllable pairs approximate words); a synonym from its
      // start only, as the kiosk matches synonyms by prefix.
      const { text, synonym } = phrase();
      const syllables = syllablesOf(text);
      const start = synonym || random() < 0.7 ? 0 : 2 * Math.floor((random() * syllables.length) / 2);
      const taken = syllables.slice(start, start + 2 + Math.floor(random() * 5));
      if (taken.length === 0) return syllables.join('');
      if (random() < 0.3)
        taken[taken.length - 1] = taken.at(-1)!.slice(0, 1 + Math.floor(random() * taken.at(-1)!.length));
      return taken.join('');
    }),
    // Initials of 2–5 syllables from the start of a name ('sbk', 'flyz', 'zdshbz').
    initials: make('initials', () => {
      const initials = pinyinOf(phrase().text).initials;
      return initials.slice(0, 2 + Math.floor(random() * 4));
    }),
  };
}
