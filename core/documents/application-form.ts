// The A4 application form a villager signs or keeps (HTML for the PDF printer): who applies, for what, where
// to take it, and the statement the signature confirms. Plain layout, large type, black on white.
import { chinaClock } from '../../drivers/china-time.ts';
import { escapeHtml } from './html.ts';

export interface ApplicationFormInput {
  service: { title: string; place: string; consultPhone: string };
  applicant: {
    name: string;
    sex: string;
    birthDate: string;
    idNumber: string;
    address: string;
    phone: string;
  };
  kiosk: { kioskCode: string; siteName: string };
  createdAt: Date;
}

/** Date in China as 2026年11月22日. */
function chinaDate(date: Date): string {
  const local = chinaClock(date);
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
}

export function applicationFormHtml(input: ApplicationFormInput): string {
  const { service, applicant, kiosk } = input;
  const rows: [string, string][] = [
    ['姓名', applicant.name],
    ['性别', applicant.sex],
    ['出生日期', applicant.birthDate],
    ['公民身份号码', applicant.idNumber],
    ['住址', applicant.address],
    ['联系电话', applicant.phone],
  ];
  const cells = rows.map(([label, value]) => `<tr><th>${label}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(service.title)}申请表</title>
<style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif; font-size: 12pt; color: #000; }
  h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; }
  .meta { text-align: center; font-size: 10pt; margin-bottom: 6mm; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #000; padding: 3mm; text-align: left; vertical-align: top; }
  th { width: 32mm; font-weight: bold; background: #f2f2f2; }
  .statement { margin-top: 8mm; line-height: 1.6; }
  .sign { margin-top: 14mm; display: flex; justify-content: space-between; }
  .sign span { display: inline-block; min-width: 60mm; border-bottom: 1px solid #000; }
  .where { margin-top: 10mm; font-size: 10pt; }
</style></head>
<body>
  <h1>${escapeHtml(service.title)}申请表</h1>
  <p class="meta">填表日期：${chinaDate(input.createdAt)} · 自助终端 ${escapeHtml(kiosk.kioskCode)}（${escapeHtml(kiosk.siteName)}）</p>
  <table>${cells}</table>
  <p class="statement">本人承诺以上信息真实、准确。以欺骗或者其他不正当手段获得法律服务的，依法承担相应的法律责任。</p>
  <div class="sign"><p>申请人签名（或捺印）：<span></span></p><p>日期：<span></span></p></div>
  <p class="where">请携带本表和身份证原件到：${escapeHtml(service.place)}&emsp;咨询电话：${escapeHtml(service.consultPhone)}</p>
</body></html>`;
}
