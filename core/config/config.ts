// Kiosk configuration: kiosk-config/default.json, then an optional profile file, then optional site files, then
// the provisioning record (core/provisioning/record.ts), each overriding the one before. The merged result is validated; an error names the file that set the bad
// value, the field and what is allowed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KioskError } from '../api/errors.ts';
import { kioskProfileSchema } from '../catalogue/schema.ts';

export const IDCARD_READER_MODES = ['simulator', 'serial', 'hid', 'auto', 'none'] as const;
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

const idcardReaderConfigSchema = z
  .object({
    /**
     * simulator: the simulated reader on a PTY (development and demos; npm start runs it) · serial: a reader on
     * a serial port or USB-CDC at `path` · hid: the HID reader (at `path`, or found by its USB ids) · auto: try
     * the device profiles in kiosk-config/devices/ · none: this kiosk has no reader.
     */
    mode: z.enum(IDCARD_READER_MODES),
    /** Serial device (e.g. /dev/ttyUSB0, COM3) or HID device path. */
    path: z.string().min(1).optional(),
    baudRate: z.union(BAUD_RATES.map((rate) => z.literal(rate))),
    /** How often to look for a card. */
    pollIntervalMs: z.number().int().min(50).max(5000),
    /**
     * A module (path from the project folder, or absolute) whose default export decodes the card's WLT photo,
     * wrapping the reader vendor's library: `export default { decode(wlt) → { width, height, rgb } }`. None
     * ships; without one the form shows a placeholder where the photo would be.
     */
    photoDecoder: z.string().min(1).optional(),
  })
  .strict()
  .refine((reader) => reader.mode !== 'serial' || reader.path !== undefined, {
    message: 'mode "serial" needs a path (e.g. /dev/ttyUSB0)',
    path: ['path'],
  });

export type IdCardReaderConfig = z.infer<typeof idcardReaderConfigSchema>;

const cameraConfigSchema = z
  .object({
    /** Part of the camera's label to prefer (e.g. "USB Document Camera"); the first camera when absent. */
    documentCamera: z.string().min(1).optional(),
    /** Part of the label of the camera facing the villager, for face capture; the first camera when absent. */
    faceCamera: z.string().min(1).optional(),
    /** Resolution asked of the camera for document photos. */
    width: z.number().int().min(320).max(4096),
    height: z.number().int().min(240).max(4096),
    /** Largest JPEG a document photo may be after compression. */
    documentMaxBytes: z.number().int().min(50_000).max(5_000_000),
  })
  .strict();

export type CameraConfig = z.infer<typeof cameraConfigSchema>;

const receiptPrinterConfigSchema = z
  .object({
    /**
     * simulator: the simulated printer on a PTY (development; npm start runs it and saves each receipt as a
     * PNG) · serial: a printer on a serial port or USB-serial/USB-CDC node at `path` · device: a USB printer
     * whose printer-class node the OS exposes at `path` (/dev/usb/lp0) · tcp: a network printer's raw port
     * (`host`, `port`, usually 9100) · none: no receipt printer.
     */
    mode: z.enum(['simulator', 'serial', 'device', 'tcp', 'none']),
    path: z.string().min(1).optional(),
    baudRate: z.union(BAUD_RATES.map((rate) => z.literal(rate))),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535),
    paper: z.enum(['58mm', '80mm']),
    /** How long one status answer may take before the printer counts as not responding. */
    statusTimeoutMs: z.number().int().min(50).max(10_000),
    /**
     * How long a receipt may wait for paper or a closed cover. After that it is dropped, so it never comes out
     * in front of the next villager.
     */
    holdTimeoutMs: z.number().int().min(1000).max(600_000),
  })
  .strict()
  .refine((printer) => !['serial', 'device'].includes(printer.mode) || printer.path !== undefined, {
    message: 'modes "serial" and "device" need a path (e.g. /dev/ttyUSB1, /dev/usb/lp0)',
    path: ['path'],
  })
  .refine((printer) => printer.mode !== 'tcp' || printer.host !== undefined, {
    message: 'mode "tcp" needs a host (the printer\'s address)',
    path: ['host'],
  });

export type ReceiptPrinterConfig = z.infer<typeof receiptPrinterConfigSchema>;

const a4PrinterConfigSchema = z
  .object({
    /** The CUPS queue for A4 documents; null when the kiosk has no A4 printer. */
    queue: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be a CUPS queue name')
      .nullable(),
  })
  .strict();

const trustedKeySchema = z
  .object({
    keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or hyphen'),
    /** SPKI PEM of the Ed25519 public key, as `kioskctl catalogue keygen` writes it. */
    publicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }),
    revoked: z.boolean().default(false),
  })
  .strict();

export const kioskConfigSchema = z
  .object({
    kioskCode: z.string().regex(/^[A-Z0-9-]{3,32}$/, 'must be 3–32 upper-case letters, digits or hyphens'),
    profile: kioskProfileSchema,
    siteName: z.string().trim().min(1, 'must not be empty'),
    /** Where the kiosk stands (from provisioning); printed nowhere personal. */
    siteAddress: z.string().optional(),
    /** Statistical village code: county 6 + township 3 + village 3 (DOMAIN.md §7). */
    regionCode: z.string().regex(/^\d{12}$/, 'must be a 12-digit village code (county 6 + township 3 + village 3)'),
    language: z.enum(['zh-CN', 'en']),
    host: z
      .object({
        /** Port of the browser host on 127.0.0.1; 0 picks a free one. */
        port: z.number().int().min(0).max(65535),
      })
      .strict(),
    /** Where the SQLite cache and other local state live; relative paths are from the project root. */
    dataDir: z.string().min(1),
    catalogue: z
      .object({
        /**
         * Catalogue installed on first start when the cache is empty and no verified bundle is on disk; null: none
         * (a provisioned kiosk takes its catalogue from its hub).
         */
        seedFile: z.string().min(1).nullable().optional(),
        /** The hub (or a CDN in front of it) the kiosk fetches signed bundles from; none: offline only. */
        hubUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** How often to ask the hub for a newer catalogue (hourly at most while the event stream is open). */
        pollSeconds: z.number().int().min(1).max(86_400).default(900),
        /** Keep an event stream open to the hub so a rollout arrives at once (GET /v1/catalogue/events). */
        events: z.boolean().default(true),
        /** Keys whose bundles this kiosk installs (provisioned; a key is revoked by setting revoked). */
        trustedKeys: z.array(trustedKeySchema).default([]),
        /** The largest bundle (all files together) the kiosk downloads. */
        maxBundleBytes: z.number().int().min(1_000).default(500_000_000),
      })
      .strict(),
    outbox: z
      .object({
        /** The hub that takes submissions; absent: the catalogue's hub. No hub: submissions wait on the kiosk. */
        hubUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Days a delivered submission's content stays on the kiosk before only its number and status remain. */
        retentionDays: z.number().int().min(0).max(365).default(7),
        /** Folder of the device keys (mode 0600 files); relative to dataDir. */
        keysDir: z.string().min(1).default('keys'),
      })
      .strict()
      .default({ retentionDays: 7, keysDir: 'keys' }),
    voice: z
      .object({
        /** Whether screens speak their prompts and help; off: the kiosk is silent (help still shows as text). */
        enabled: z.boolean().default(true),
        /** Loudness of spoken prompts, 0 (mute) to 1. */
        volume: z.number().min(0).max(1).default(0.9),
        /** How Chinese prompts are spoken: Mandarin, or Cantonese for villages that speak it. */
        chinese: z.enum(['mandarin', 'cantonese']).default('mandarin'),
        /** Speaking rate; elder mode speaks a fifth slower. */
        wordsPerMinute: z.number().int().min(80).max(300).default(150),
      })
      .strict()
      .default({ enabled: true, volume: 0.9, chinese: 'mandarin', wordsPerMinute: 150 }),
    watchdog: z
      .object({
        /** The renderer says it is alive every few seconds; silent this long, it is restarted (browser host). */
        rendererSilenceSeconds: z.number().int().min(10).max(600).default(30),
        /**
         * A quiet time of day (HH:MM, kiosk time) for a fresh start of the back end and the screen, done only when
         * nobody has used the kiosk for the last 5 minutes; null: never.
         */
        nightlyRestart: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. "03:30"')
          .nullable()
          .default(null),
      })
      .strict()
      .default({ rendererSilenceSeconds: 30, nightlyRestart: null }),
    technician: z
      .object({
        /** Minutes without a technician action after which the technician screen signs out. */
        sessionMinutes: z.number().int().min(1).max(60).default(10),
      })
      .strict()
      .default({ sessionMinutes: 10 }),
    diagnostics: z
      .object({
        /** Minutes between two heartbeats to the hub (health figures only, never personal data). */
        heartbeatMinutes: z.number().int().min(1).max(1440).default(5),
        /** The disk self-test fails when the data folder's filesystem has less free than this. */
        minFreeDiskMb: z.number().int().min(1).max(1_000_000).default(200),
      })
      .strict()
      .default({ heartbeatMinutes: 5, minFreeDiskMb: 200 }),
    devices: z
      .object({
        idcard: idcardReaderConfigSchema,
        camera: cameraConfigSchema,
        receiptPrinter: receiptPrinterConfigSchema,
        a4Printer: a4PrinterConfigSchema,
      })
      .strict(),
  })
  .strict();

export type KioskConfig = z.infer<typeof kioskConfigSchema>;

type Layer = { file: string; data: Record<string, unknown> };

function readLayer(file: string): Layer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KioskError('CONFIG_INVALID', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new KioskError('CONFIG_INVALID', `${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new KioskError('CONFIG_INVALID', `${file}: must hold a JSON object`);
  }
  return { file, data: data as Record<string, unknown> };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlainObject(prior) && isPlainObject(value) ? merge(prior, value) : value;
  }
  return out;
}

/** The last layer that set the field at `fieldPath`, so an error can name the file to fix. */
function fileThatSet(layers: Layer[], fieldPath: PropertyKey[]): string {
  for (let i = layers.length - 1; i >= 0; i--) {
    let node: unknown = layers[i]!.data;
    let found = true;
    for (const key of fieldPath) {
      if (!isPlainObject(node) || !(String(key) in node)) {
        found = false;
        break;
      }
      node = node[String(key)];
    }
    if (found) return layers[i]!.file;
  }
  return layers[0]!.file;
}

/** A validation problem in plain words, for config and device-profile files alike. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return `is missing (must be a ${issue.expected})`;
      return `must be ${issue.expected === 'array' ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_union':
      // Line speeds are a union of literals: say which are allowed rather than "invalid input".
      return issue.path.at(-1) === 'baudRate' ? `must be one of ${BAUD_RATES.join(', ')}` : issue.message;
    default:
      return issue.message;
  }
}

export interface LoadConfigOptions {
  /** Project root; relative paths in the config are resolved against it. */
  rootDir: string;
  /** A profile name from kiosk-config/profiles/ (e.g. 'yuezizhu'). */
  profile?: string | undefined;
  /** Site override files, applied in order after the profile. */
  siteFiles?: string[];
  /** The provisioning record as a layer (recordAsConfigLayer), applied after the site files. */
  provisioning?: { file: string; data: Record<string, unknown> } | undefined;
  /** Values that win over every file (e.g. a port given on the command line). */
  overrides?: Record<string, unknown>;
}

/**
 * Whether a profile, site file or override names the kiosk: such a kiosk has its identity from its config. The
 * kioskCode in default.json is the demo identity (npm start provisions it against its local hub), not one.
 */
export function configNamesKiosk(options: LoadConfigOptions): boolean {
  return configLayers(options)
    .slice(1)
    .some((layer) => 'kioskCode' in layer.data);
}

function configLayers(options: LoadConfigOptions): Layer[] {
  const layers: Layer[] = [readLayer(path.join(options.rootDir, 'kiosk-config', 'default.json'))];
  if (options.profile !== undefined) {
    if (!/^[a-z0-9-]+$/.test(options.profile)) {
      throw new KioskError('CONFIG_INVALID', `profile name ${JSON.stringify(options.profile)} is not valid`);
    }
    layers.push(readLayer(path.join(options.rootDir, 'kiosk-config', 'profiles', `${options.profile}.json`)));
  }
  for (const file of options.siteFiles ?? []) layers.push(readLayer(path.resolve(options.rootDir, file)));
  if (options.provisioning) layers.push(options.provisioning);
  if (options.overrides) layers.push({ file: 'command line', data: options.overrides });
  return layers;
}

export function loadConfig(options: LoadConfigOptions): KioskConfig {
  const layers = configLayers(options);
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => merge(acc, layer.data), {});
  const parsed = kioskConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const field = issue.path.join('.') || '(top level)';
      const setBy = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
      const file = fileThatSet(layers, setBy);
      const shown = path.isAbsolute(file) ? path.relative(options.rootDir, file) : file;
      return `${shown}: ${field}: ${describeIssue(issue)}`;
    });
    throw new KioskError('CONFIG_INVALID', lines.join('\n'));
  }
  return parsed.data;
}

/** Absolute data folder of a config. */
export function dataDirOf(config: KioskConfig, rootDir: string): string {
  return path.resolve(rootDir, config.dataDir);
}
