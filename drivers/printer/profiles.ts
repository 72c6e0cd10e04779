// Receipt printer device profiles: which kinds of printer the kiosk knows, how each is reached and what paper it
// takes, and the USB ids it shows, so `kioskctl devices` can tell a technician what a plugged-in device probably
// is. The file (kiosk-config/devices/receipt-printers.json) is read and checked by
// core/config/printer-profiles.ts. A match only makes a profile a candidate: `kioskctl printer status` says
// whether the device answers like a printer.

export type PrinterPaper = '58mm' | '80mm';

export interface ReceiptPrinterProfile {
  id: string;
  /** Maker and series as sold, or "Generic …" where no maker is verified. */
  name: string;
  /** How it is reached: a serial or USB-serial line, the USB printer-class node (/dev/usb/lp0), or raw TCP. */
  transports: ('serial' | 'device' | 'tcp')[];
  paper: PrinterPaper[];
  /** Line speed for serial connections; absent when the printer has none (USB printer class, network). */
  baudRate?: 9600 | 19200 | 38400 | 57600 | 115200 | undefined;
  /** Whether it answers DLE EOT status queries (the kiosk holds a job while it cannot print). */
  realTimeStatus: boolean;
  /** Lower-case hex; without productId, any product of that vendor. */
  usb: { vendorId: string; productId?: string | undefined }[];
  notes: string;
}

/**
 * The profiles matching a device's USB ids, most specific first: an exact vendor and product before a vendor
 * alone. Equal ones keep the file's order.
 */
export function matchPrinterProfiles(
  profiles: readonly ReceiptPrinterProfile[],
  device: { vendorId: string; productId: string },
): ReceiptPrinterProfile[] {
  const vendorId = device.vendorId.toLowerCase();
  const productId = device.productId.toLowerCase();
  const score = (profile: ReceiptPrinterProfile) =>
    Math.max(
      -1,
      ...profile.usb.map((usb) =>
        usb.vendorId !== vendorId ? -1 : usb.productId === undefined ? 0 : usb.productId === productId ? 1 : -1,
      ),
    );
  return profiles
    .map((profile, order) => ({ profile, order, score: score(profile) }))
    .filter((entry) => entry.score >= 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((entry) => entry.profile);
}
