// The service guide as a receipt a villager takes to the window: what to bring (each material with originals
// and copies), where, when, whom to call, and a QR code to the online service or the phone number. It carries
// nothing about the villager.
import {
  cut,
  feed,
  keyValue,
  qr,
  rule,
  text,
  type PaperWidth,
  type ReceiptBlock,
  type ReceiptDocument,
} from '../../drivers/printer/receipt.ts';
import { formatShanghaiTime } from '../../drivers/printer/acceptance-receipt.ts';
import type { ServiceItem } from '../catalogue/schema.ts';

export interface GuideReceiptInput {
  item: ServiceItem;
  paper: PaperWidth;
  kiosk: { kioskCode: string; siteName: string };
  printedAt: Date;
}

function copiesText(material: ServiceItem['materials'][number]): string {
  const parts = [];
  if (material.originals > 0) parts.push(`原件${material.originals}份`);
  if (material.copies > 0) parts.push(`复印件${material.copies}份`);
  return parts.join('，') || material.form;
}

/** The directory's entries or the lesson's points; a template prints on A4 instead (printTemplate). */
function contentBlocks(content: ServiceItem['content']): ReceiptBlock[] {
  if (content?.kind === 'directory') {
    return [
      ...content.entries.flatMap((entry) => [
        text(entry.name, { bold: true }),
        keyValue('地址', entry.address),
        keyValue('电话', entry.phone),
        ...(entry.hours ? [keyValue('时间', entry.hours)] : []),
        ...(entry.fields.length > 0 ? [keyValue('业务', entry.fields.join('、'))] : []),
        feed(1),
      ]),
      rule(),
    ];
  }
  if (content?.kind === 'lesson') {
    return [
      ...content.sections.flatMap((section, index) => [
        text(`${index + 1}. ${section.heading}`, { bold: true }),
        text(section.text),
      ]),
      rule(),
    ];
  }
  return [];
}

export function serviceGuideReceipt({ item, paper, kiosk, printedAt }: GuideReceiptInput): ReceiptDocument {
  const materials = item.materials.flatMap((material, index) => [
    text(`${index + 1}. ${material.name}${material.required ? '' : '（如有）'}`),
    text(`   ${copiesText(material)}`),
  ]);
  // An information item prints what it shows (the directory, the lesson's points); what to bring only matters
  // when there is something to bring.
  const showMaterials = materials.length > 0 || !item.content;
  const qrTarget = item.online.available && item.online.url ? item.online.url : `tel:${item.consultPhone}`;
  return {
    paper,
    blocks: [
      text('办事指南', { align: 'centre', size: { width: 2, height: 2 }, bold: true }),
      text(item.title, { align: 'centre', bold: true }),
      rule(),
      ...contentBlocks(item.content),
      ...(showMaterials
        ? [
            text('请带齐以下材料', { bold: true }),
            ...(materials.length > 0 ? materials : [text('无需提交材料')]),
            rule(),
          ]
        : []),
      keyValue('办理地点', item.place),
      keyValue('办理时间', item.hours),
      keyValue('咨询电话', item.consultPhone),
      keyValue('承诺时限', item.promisedDays === 0 ? '当场办结' : `${item.promisedDays}个工作日`),
      keyValue('收费', item.charged ? item.fees.map((fee) => `${fee.name} ${fee.standard}`).join('；') : '不收费'),
      feed(1),
      qr(qrTarget),
      text(item.online.available && item.online.url ? '扫码在手机上继续办理' : '扫码拨打咨询电话', { align: 'centre' }),
      rule(),
      text(`${kiosk.siteName} ${kiosk.kioskCode}`, { align: 'centre' }),
      text(`打印时间 ${formatShanghaiTime(printedAt)}`, { align: 'centre' }),
      cut('full'),
    ],
  };
}
