// The 受理回执 of an application stored on this kiosk: the acceptance number (large, and as the QR code's
// payload), the service, the time, where to go next and how to follow it. Built on the driver's receipt layout
// (drivers/printer/acceptance-receipt.ts); it carries nothing about the villager.
import { acceptanceReceipt } from '../../drivers/printer/acceptance-receipt.ts';
import type { PaperWidth, ReceiptDocument } from '../../drivers/printer/receipt.ts';
import type { ServiceItem } from '../catalogue/schema.ts';

export interface AcceptanceReceiptFor {
  item: ServiceItem;
  acceptanceNumber: string;
  /** When the application was committed to the outbox. */
  acceptedAt: Date;
  paper: PaperWidth;
  kiosk: { kioskCode: string; siteName: string };
}

/** 后续办理: where to go, how long it takes, how to follow it. One paragraph per line. */
export function acceptanceNextSteps(item: ServiceItem): string {
  const time =
    item.promisedDays > 0
      ? `${item.authority.name}承诺${item.promisedDays}个工作日内办结。`
      : `${item.authority.name}收到申请后即时办理。`;
  return [
    '请带上身份证和材料原件到窗口办理。',
    `窗口：${item.place}`,
    `时间：${item.hours}`,
    time,
    `凭受理编号在本机“我的办件”或拨打${item.consultPhone}查询进度。`,
  ].join('\n');
}

export function acceptanceReceiptFor(input: AcceptanceReceiptFor): ReceiptDocument {
  return acceptanceReceipt({
    paper: input.paper,
    serviceName: input.item.title,
    acceptanceNumber: input.acceptanceNumber,
    acceptedAt: input.acceptedAt,
    kiosk: { id: input.kiosk.kioskCode, site: input.kiosk.siteName },
    nextSteps: acceptanceNextSteps(input.item),
    // The number itself: a phone keeps it, and staff scan it at the window. No URL, nothing personal.
    qrPayload: input.acceptanceNumber,
    qrCaption: '扫码得到受理编号',
  });
}
