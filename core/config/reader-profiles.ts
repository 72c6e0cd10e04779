// Reads and checks the ID card reader profiles file (kiosk-config/devices/idcard-readers.json); errors name the
// file, the profile and the field, like config errors. The profile type and matching are in drivers/idcard/.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ReaderProfile } from '../../drivers/idcard/profiles.ts';
import { BAUD_RATES } from './config.ts';
import { loadProfileFile, usbHex } from './profile-file.ts';

/**
 * The shipped profiles, found next to this source file. A bundled build (dist/electron) must pass the file
 * explicitly, since the bundle does not sit where this file does.
 */
export const DEFAULT_READER_PROFILES_FILE = fileURLToPath(
  new URL('../../kiosk-config/devices/idcard-readers.json', import.meta.url),
);

const readerProfileSchema: z.ZodType<ReaderProfile> = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens'),
    /** Maker and model as sold, or "Generic …" / "Common …" where no maker is verified. */
    name: z.string().trim().min(1, 'must not be empty'),
    transport: z.enum(['serial', 'hid']),
    /** Line speed, for serial (and USB-CDC) readers only. */
    baudRate: z.union(BAUD_RATES.map((rate) => z.literal(rate))).optional(),
    usb: z.array(z.object({ vendorId: usbHex, productId: usbHex }).strict()),
    notes: z.string(),
  })
  .strict()
  .superRefine((profile, ctx) => {
    if (profile.transport === 'serial' && profile.baudRate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['baudRate'], message: 'a serial reader needs a baudRate' });
    }
    if (profile.transport === 'hid' && profile.baudRate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['baudRate'], message: 'a HID reader has no baudRate' });
    }
  });

/** Reads and checks a profiles file; throws a DeviceProfileError naming the file and the field at fault. */
export function loadReaderProfiles(file: string = DEFAULT_READER_PROFILES_FILE): ReaderProfile[] {
  return loadProfileFile(file, readerProfileSchema);
}
