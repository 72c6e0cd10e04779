// The signed part of a catalogue bundle: manifest.json (what the bundle is, who it is for, and every file's
// path, sha256 and size) and manifest.sig (Ed25519 over the exact manifest bytes, by a key with an id). Both the
// kiosk and the hub check bundles with this module, so it depends on nothing but the catalogue's profile list.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { regionCovers } from './region.ts';
import { kioskProfileSchema, type KioskProfile } from './schema.ts';

export const BUNDLE_FORMAT = 1;
/** The whole catalogue, in a full bundle. */
export const CATALOGUE_FILE = 'catalogue.json';
/** What changed since the base version, in a delta bundle. */
export const DELTA_FILE = 'catalogue-delta.json';
/** A manifest larger than this is refused unread. */
export const MANIFEST_MAX_BYTES = 5_000_000;

export type BundleErrorCode =
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_KEY_UNKNOWN'
  | 'BUNDLE_KEY_REVOKED'
  | 'BUNDLE_SIGNATURE_INVALID'
  | 'BUNDLE_FILE_MISSING'
  | 'BUNDLE_SIZE_MISMATCH'
  | 'BUNDLE_HASH_MISMATCH'
  | 'BUNDLE_NOT_NEWER'
  | 'BUNDLE_EXPIRED'
  | 'BUNDLE_NOT_FOR_THIS_KIOSK'
  | 'BUNDLE_BASE_MISMATCH';

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const bundleFileSchema = z
  .object({ path: z.string().min(1), sha256: sha256Hex, size: z.number().int().min(0) })
  .strict();
export type BundleFile = z.infer<typeof bundleFileSchema>;

export const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    catalogueId: z.string().min(1),
    /** Only ever grows: a kiosk refuses a version not above the one it has (no rollback by replay). */
    version: z.number().int().min(1),
    /** Present in a delta bundle: the version it changes. A kiosk applies it only on exactly that version. */
    base: z.number().int().min(1).optional(),
    created: z.iso.datetime(),
    expires: z.iso.datetime(),
    /** GB/T 2260 or village codes the bundle is for ('440000': all Guangdong); the kiosk must fall in one. */
    regions: z.array(z.string().regex(/^(\d{6}|\d{12})$/)).min(1),
    profiles: z.array(kioskProfileSchema).min(1),
    keyId: z.string().min(1),
    /** A full bundle lists every file of the catalogue; a delta only the files new since its base. */
    files: z.array(bundleFileSchema).min(1),
  })
  .strict()
  .refine((manifest) => manifest.base === undefined || manifest.base < manifest.version, {
    message: 'a delta must be based on an older version',
  });

export type BundleManifest = z.infer<typeof manifestSchema>;

export interface TrustedKey {
  keyId: string;
  /** SPKI PEM of the Ed25519 public key. */
  publicKey: string;
  revoked?: boolean;
}

/**
 * Checks the signature with the trusted key the manifest names, then the manifest's shape. Nothing in the
 * manifest is believed before this returns.
 */
export function verifyManifestSignature(
  manifestBytes: Buffer,
  signatureBase64: string,
  trusted: readonly TrustedKey[],
): BundleManifest {
  if (manifestBytes.length > MANIFEST_MAX_BYTES) {
    throw new BundleError('BUNDLE_MALFORMED', `the manifest is larger than ${MANIFEST_MAX_BYTES} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    throw new BundleError('BUNDLE_MALFORMED', 'manifest.json is not JSON');
  }
  const keyId = (raw as { keyId?: unknown } | null)?.keyId;
  const key = trusted.find((candidate) => candidate.keyId === keyId);
  if (!key) {
    throw new BundleError('BUNDLE_KEY_UNKNOWN', `the bundle is signed with key ${String(keyId)}, which is not trusted`);
  }
  if (key.revoked) throw new BundleError('BUNDLE_KEY_REVOKED', `key ${key.keyId} has been revoked`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicKey);
  } catch (error) {
    throw new BundleError('BUNDLE_KEY_UNKNOWN', `trusted key ${key.keyId} cannot be read: ${(error as Error).message}`);
  }
  const signature = Buffer.from(signatureBase64.trim(), 'base64');
  if (!verify(null, manifestBytes, publicKey, signature)) {
    throw new BundleError('BUNDLE_SIGNATURE_INVALID', `the manifest's signature does not match key ${key.keyId}`);
  }
  // Signed, so from here on the manifest says what its author meant; it must still say something sensible.
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new BundleError('BUNDLE_MALFORMED', `manifest: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface KioskTarget {
  /** The kiosk's installed catalogue version (null: none). */
  installedVersion: number | null;
  regionCode: string;
  profile: KioskProfile;
  now: Date;
}

/** Whether a signed manifest may be installed on this kiosk now: newer, not expired, meant for it. */
export function checkManifestFor(manifest: BundleManifest, kiosk: KioskTarget): void {
  if (kiosk.installedVersion !== null && manifest.version <= kiosk.installedVersion) {
    throw new BundleError(
      'BUNDLE_NOT_NEWER',
      `bundle version ${manifest.version} is not newer than the installed ${kiosk.installedVersion}`,
    );
  }
  if (Date.parse(manifest.expires) <= kiosk.now.getTime()) {
    throw new BundleError('BUNDLE_EXPIRED', `the bundle expired at ${manifest.expires}`);
  }
  if (
    !manifest.regions.some((region) => regionCovers(region, kiosk.regionCode)) ||
    !manifest.profiles.includes(kiosk.profile)
  ) {
    throw new BundleError(
      'BUNDLE_NOT_FOR_THIS_KIOSK',
      `the bundle is for ${manifest.regions.join(',')} / ${manifest.profiles.join(',')}`,
    );
  }
  if (manifest.base !== undefined && manifest.base !== kiosk.installedVersion) {
    throw new BundleError(
      'BUNDLE_BASE_MISMATCH',
      `the delta changes version ${manifest.base}, but version ${kiosk.installedVersion ?? 'none'} is installed`,
    );
  }
}
