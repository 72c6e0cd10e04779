// Device profile files (kiosk-config/devices/*.json: ID card readers, receipt printers): read, checked against
// a schema, ids unique; errors name the file, the profile by its id and the field, like config errors.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssue } from './config.ts';

export const usbHex = z.string().regex(/^[0-9a-f]{4}$/, 'must be 4 lower-case hex digits (e.g. "1a86")');

/** One line per problem, each naming the file (as config errors do). */
export class DeviceProfileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((problem) => `${file}: ${problem}`).join('\n'));
    this.name = 'DeviceProfileError';
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

/** Reads a profiles file `{ description?, profiles: [...] }`; throws a DeviceProfileError naming what is wrong. */
export function loadProfileFile<T extends { id: string }>(file: string, profileSchema: z.ZodType<T>): T[] {
  const fileSchema = z
    .object({
      description: z.string().optional(),
      profiles: z.array(profileSchema).superRefine((profiles, ctx) => {
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
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DeviceProfileError(file, [`cannot be read as JSON (${reason})`]);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${fieldName(issue.path, data)}: ${describeIssue(issue)}`);
    throw new DeviceProfileError(file, lines);
  }
  return parsed.data.profiles;
}
