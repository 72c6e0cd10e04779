// The provisioning record: who this kiosk is (kiosk code, village, site), which hub it enrolled with, the
// catalogue keys it trusts and the first config the hub gave it. It lives in the data folder as
// provisioning.json and is merged over the config files at start. Written beside and renamed after an fsync, so
// a power cut leaves either the old record or the new one, never half of one; a leftover temp file is ignored.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { KioskError } from '../api/errors.ts';
import { writeFileAtomically } from '../durable-file.ts';
import { enrolAnswerSchema } from '../protocol/enrolment.ts';

export const provisioningRecordSchema = z
  .object({
    kioskCode: z.string().regex(/^[A-Z0-9-]{3,32}$/),
    regionCode: z.string().regex(/^\d{12}$/),
    siteName: z.string().min(1),
    siteAddress: z.string(),
    hubUrl: z.url({ protocol: /^https?$/ }),
    trustedKeys: enrolAnswerSchema.shape.trustedKeys,
    /** The hub's first config for this kiosk, as it sent it. */
    config: enrolAnswerSchema.shape.config,
    enrolledAt: z.iso.datetime(),
  })
  .strict();
export type ProvisioningRecord = z.infer<typeof provisioningRecordSchema>;

export function provisioningFile(dataDir: string): string {
  return path.join(dataDir, 'provisioning.json');
}

/** The record, or null when the kiosk was never provisioned; a damaged record is an error, not a blank kiosk. */
export function readProvisioningRecord(dataDir: string): ProvisioningRecord | null {
  const file = provisioningFile(dataDir);
  if (!existsSync(file)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new KioskError('CONFIG_INVALID', `${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = provisioningRecordSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KioskError('CONFIG_INVALID', `${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function writeProvisioningRecord(dataDir: string, record: ProvisioningRecord): void {
  writeFileAtomically(
    provisioningFile(dataDir),
    `${JSON.stringify(provisioningRecordSchema.parse(record), null, 2)}\n`,
  );
}

/** The record as a config layer (core/config/config.ts): identity, hub, trust keys; no seed catalogue. */
export function recordAsConfigLayer(record: ProvisioningRecord): Record<string, unknown> {
  return {
    kioskCode: record.kioskCode,
    regionCode: record.regionCode,
    siteName: record.siteName,
    siteAddress: record.siteAddress,
    catalogue: {
      hubUrl: record.config.hubUrl,
      pollSeconds: record.config.pollSeconds,
      trustedKeys: record.trustedKeys.map((key) => ({ ...key, revoked: false })),
      // A provisioned kiosk shows what its hub publishes, not the sample it was shipped with.
      seedFile: null,
    },
  };
}
