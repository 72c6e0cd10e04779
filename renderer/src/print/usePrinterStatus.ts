// The printers as the screens need them: whether to offer a print button, and whether the receipt printer has a
// problem to mention first. Asked once when the screen opens, then kept current by printer.status events.
import { useEffect, useState } from 'react';
import type { PrinterStatusView } from '../../../core/api/contract.ts';
import { useKiosk } from '../kiosk-context.ts';

/** No answer: offer no print button (the information stays on screen either way). */
const NO_PRINTERS: PrinterStatusView = { receipt: 'none', a4: 'none' };

/** null until the back end answers. */
export function usePrinterStatus(): PrinterStatusView | null {
  const { client } = useKiosk();
  const [status, setStatus] = useState<PrinterStatusView | null>(null);

  useEffect(() => {
    let current = true;
    const stop = client.subscribe((event) => {
      if (event.type !== 'printer.status') return;
      setStatus((known) => (known === null ? known : { ...known, receipt: event.receipt }));
    });
    client.call('getPrinterStatus', {}).then(
      (answer) => current && setStatus(answer),
      () => current && setStatus(NO_PRINTERS),
    );
    return () => {
      current = false;
      stop();
    };
  }, [client]);

  return status;
}
