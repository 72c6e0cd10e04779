// What the screens can have printed: builds each document from the catalogue item (for the acceptance receipt,
// with the stored submission's number and time; for the A4 form, what the villager typed) and hands it to the
// PrinterService.
import type { KioskInput, PrinterStatusView, ServiceItem } from '../api/contract.ts';
import { KioskError } from '../api/errors.ts';
import { renderReceipt } from '../../drivers/printer/escpos-encoder.ts';
import type { PaperWidth } from '../../drivers/printer/receipt.ts';
import { acceptanceReceiptFor } from '../documents/acceptance-receipt.ts';
import { applicationFormHtml } from '../documents/application-form.ts';
import { serviceGuideReceipt } from '../documents/service-guide-receipt.ts';
import { templateDocumentHtml } from '../documents/template-document.ts';
import type { PrintingDesk } from '../kiosk-service.ts';
import type { Logger } from '../log.ts';
import type { PrinterService } from './printer-service.ts';

export interface PrintingDeskOptions {
  printers: PrinterService;
  paper: PaperWidth;
  kiosk: { kioskCode: string; siteName: string };
  log: Logger;
  now?: () => Date;
}

export function createPrintingDesk(options: PrintingDeskOptions): PrintingDesk {
  const { printers, kiosk } = options;
  const now = options.now ?? (() => new Date());
  return {
    status: (): PrinterStatusView => ({
      receipt: printers.receiptPrinterState,
      a4: printers.a4Available ? 'configured' : 'none',
    }),
    serviceGuide: (item: ServiceItem) => {
      if (printers.receiptPrinterState === 'none') {
        throw new KioskError('PRINTER_UNAVAILABLE', 'this kiosk has no receipt printer');
      }
      const { segments, warnings } = renderReceipt(
        serviceGuideReceipt({ item, paper: options.paper, kiosk, printedAt: now() }),
      );
      if (warnings.length > 0)
        options.log.warn({ serviceId: item.id, warnings }, 'service guide receipt has replaced characters');
      return printers.printReceipt(segments);
    },
    acceptanceReceipt: (item: ServiceItem, acceptanceNumber: string, acceptedAt: Date) => {
      if (printers.receiptPrinterState === 'none') {
        throw new KioskError('PRINTER_UNAVAILABLE', 'this kiosk has no receipt printer');
      }
      const { segments, warnings } = renderReceipt(
        acceptanceReceiptFor({ item, acceptanceNumber, acceptedAt, paper: options.paper, kiosk }),
      );
      if (warnings.length > 0)
        options.log.warn({ serviceId: item.id, warnings }, 'acceptance receipt has replaced characters');
      return printers.printReceipt(segments);
    },
    applicationForm: (item: ServiceItem, applicant: KioskInput<'printApplicationForm'>['applicant']) => {
      if (!printers.a4Available) throw new KioskError('PRINTER_UNAVAILABLE', 'this kiosk has no A4 printer');
      const html = applicationFormHtml({
        service: { title: item.title, place: item.place, consultPhone: item.consultPhone },
        applicant,
        kiosk,
        createdAt: now(),
      });
      // The title reaches CUPS logs: it names the service, never the villager.
      return printers.printA4(html, `application-${item.id}`);
    },
    template: (item: ServiceItem) => {
      if (!printers.a4Available) throw new KioskError('PRINTER_UNAVAILABLE', 'this kiosk has no A4 printer');
      if (item.content?.kind !== 'template') {
        throw new KioskError('API_BAD_REQUEST', `service ${item.id} has no document template`);
      }
      return printers.printA4(templateDocumentHtml({ template: item.content, kiosk }), `template-${item.id}`);
    },
  };
}
