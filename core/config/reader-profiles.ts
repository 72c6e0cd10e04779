// Reads and checks the ID card reader profiles file (kiosk-config/devices/idcard-readers.json); errors name the
// file, the profile and the field, like config errors. The profile type and matching are in drivers/idcard/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ReaderProfile } from '../../drivers/idcard/profiles.ts';
import { BAUD_RATES, describeIssue } from './config.ts';

/**
 * The shipped profiles, found next to this source file. A bundled build (dist/electron) must pass the file
 * explicitly, since the bundle does not sit where this file does.
 */
export const DEFAULT_READER_PROFILES_FILE = fileURLToPath(
  new URL('../../kiosk-config/devices/idcard-readers.json', import.meta.url),
);

const usbHex = z.string().regex(/^[0-9a-f]{4}$/, 'must be 4 lower-case hex digits (e.g. "1a86")');

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

const readerProfilesFileSchema = z
  .object({
    description: z.string().optional(),
    profiles: z.array(readerProfileSchema).superRefine((profiles, ctx) => {
      const seen = new Set<string>();
      profiles.forEach((profile, index) => {
        if (seen.has(profile.id)) {
          ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate id "${profile.id}"` });
        }
        seen.add(profile.id);
      });
    }),
  })
  .strict();

/** One line per problem, each naming the file (as config errors do). */
export class ReaderProfileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'));
    this.name = 'ReaderProfileError';
  }
}

/** Field path for a message, naming the profile by id where there is one: profiles[2] ("hid-0483-572b").usb… */
function fieldName(path: PropertyKey[], data: unknown): string {
  if (path.length === 0) return '(top level)';
  const [first, index, ...rest] = path;
  if (first !== 'profiles' || typeof index !== 'number') return path.map(String).join('.');
  const profiles = (data as { profiles?: unknown[] }).profiles;
  const id = (profiles?.[index] as { id?: unknown } | undefined)?.id;
  const named = typeof id === 'string' ? `profiles[${index}] ("${id}")` : `profiles[${index}]`;
  return [named, ...rest.map(String)].join('.');
}

/** Reads and checks a profiles file; throws a ReaderProfileError naming the file and the field at fault. */
export function loadReaderProfiles(file: string = DEFAULT_READER_PROFILES_FILE): ReaderProfile[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ReaderProfileError(file, [`cannot be read as JSON (${reason})`]);
  }
  const parsed = readerProfilesFileSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${fieldName(issue.path, data)}: ${describeIssue(issue)}`);
    throw new ReaderProfileError(file, lines);
  }
  return parsed.data.profiles;
}
