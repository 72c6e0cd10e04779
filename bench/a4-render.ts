// Time to render the A4 application form to PDF with headless Chromium (a new browser process per document,
// as the kiosk does). Prints one JSON line.
import { applicationFormHtml } from '../core/documents/application-form.ts';
import { CHROMIUM } from '../core/host/chromium.ts';
import { htmlToPdf } from '../drivers/printer/a4/html-to-pdf.ts';
import { measure, report } from './stats.ts';

const html = applicationFormHtml({
  service: { title: '农民工讨薪法律援助', place: '徐闻县法律援助处', consultPhone: '12348' },
  applicant: {
    name: '陈阿婆',
    sex: '女',
    birthDate: '1948年3月15日',
    idNumber: '440825194803150020',
    address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
    phone: '13800138000',
  },
  kiosk: { kioskCode: 'XW-DEMO-001', siteName: '示范村公共法律服务工作室' },
  createdAt: new Date(),
});
let bytes = 0;
const figures = await measure(
  8,
  async () => {
    bytes = (await htmlToPdf(html, { chromium: CHROMIUM })).length;
  },
  1,
);
report('a4.pdf.render', { ...figures, pdf_bytes: bytes });
