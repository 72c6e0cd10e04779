// The Electron shell's own settings (kiosk-config/shell.json, overridden by shell.json in the user-data folder):
// the memory watchdog, start on boot, and app updates. Kept apart from the kiosk config because only the
// production shell reads them; the browser host has none of this.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KioskError } from '../core/api/errors.ts';

const releaseKeySchema = z
  .object({
    keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or hyphen'),
    /** SPKI PEM of the Ed25519 public key (`kioskctl catalogue keygen` writes such pairs). */
    publicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }),
    revoked: z.boolean().default(false),
  })
  .strict();

export const shellConfigSchema = z
  .object({
    watchdog: z
      .object({
        /** The page's process past this is reloaded, between sessions. */
        rendererMaxMb: z.number().int().min(100).max(16_000),
        /** The main process (back end) past this, or holding more open files, restarts the app, between sessions. */
        mainMaxMb: z.number().int().min(100).max(16_000),
        mainMaxOpenFiles: z.number().int().min(64).max(1_000_000),
        checkSeconds: z.number().int().min(5).max(3600),
      })
      .strict(),
    /** Windows: registered to start at log-on (Linux: the systemd unit or autostart entry does it, see README). */
    startOnBoot: z.boolean(),
    updates: z
      .object({
        /** Base URL of the generic update server; null: this kiosk never updates itself. */
        feedUrl: z.url({ protocol: /^https?$/ }).nullable(),
        channel: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits or hyphens'),
        checkMinutes: z.number().int().min(5).max(10_080),
        /** A quiet time (HH:MM, kiosk time) to install in the hour after; null: any time between sessions. */
        installAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM')
          .nullable(),
        /** Release keys whose signature on the update metadata this kiosk accepts. */
        trustedKeys: z.array(releaseKeySchema),
      })
      .strict(),
  })
  .strict();

export type ShellConfig = z.infer<typeof shellConfigSchema>;

function readJson(file: string, required: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new KioskError('CONFIG_INVALID', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new KioskError('CONFIG_INVALID', `${file}: must hold a JSON object`);
}

/** The defaults with the site's file laid over them, section by section. */
export function loadShellConfig(defaultsFile: string, siteFile: string): ShellConfig {
  const defaults = readJson(defaultsFile, true);
  const site = readJson(siteFile, false);
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(site)) {
    const base = defaults[key];
    const bothObjects = [base, value].every(
      (part) => typeof part === 'object' && part !== null && !Array.isArray(part),
    );
    merged[key] = bothObjects ? { ...(base as object), ...(value as object) } : value;
  }
  const parsed = shellConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KioskError('CONFIG_INVALID', `${siteFile}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
