// Reads and checks the receipt printer profiles file (kiosk-config/devices/receipt-printers.json); errors name
// the file, the profile and the field. The profile type and matching are in drivers/printer/profiles.ts.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ReceiptPrinterProfile } from '../../drivers/printer/profiles.ts';
import { BAUD_RATES } from './config.ts';
import { loadProfileFile, usbHex } from './profile-file.ts';

export const DEFAULT_PRINTER_PROFILES_FILE = fileURLToPath(
  new URL('../../kiosk-config/devices/receipt-printers.json', import.meta.url),
);

const printerProfileSchema: z.ZodType<ReceiptPrinterProfile> = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
    name: z.string().trim().min(1, 'must not be empty'),
    transports: z.array(z.enum(['serial', 'device', 'tcp'])).min(1, 'must name at least one transport'),
    paper: z.array(z.enum(['58mm', '80mm'])).min(1, 'must name the paper it takes'),
    baudRate: z.union(BAUD_RATES.map((rate) => z.literal(rate))).optional(),
    realTimeStatus: z.boolean(),
    usb: z.array(z.object({ vendorId: usbHex, productId: usbHex.optional() }).strict()),
    notes: z.string(),
  })
  .strict()
  .superRefine((profile, ctx) => {
    if (profile.transports.includes('serial') && profile.baudRate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['baudRate'], message: 'a serial printer needs a baudRate' });
    }
  });

export function loadPrinterProfiles(file: string = DEFAULT_PRINTER_PROFILES_FILE): ReceiptPrinterProfile[] {
  return loadProfileFile(file, printerProfileSchema);
}
