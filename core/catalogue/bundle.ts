// Signed catalogue bundles: what central staff publish and kiosks install. A bundle is a folder of immutable
// files: files/<sha256> (each file stored under its own hash), manifest.json (catalogue id, version, dates,
// target regions and profiles, and every file's path, sha256 and size) and manifest.sig (Ed25519 over the
// exact manifest bytes, by a key with an id). A kiosk trusts a list of key ids from its config; any key can be
// revoked there. Nothing in a bundle is believed before the signature, every hash and the size limits check out.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { regionCovers } from './region.ts';
import { catalogueSchema, kioskProfileSchema, type Catalogue, type KioskProfile } from './schema.ts';

export const BUNDLE_FORMAT = 1;
const CATALOGUE_FILE = 'catalogue.json';

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
  | 'BUNDLE_NOT_FOR_THIS_KIOSK';

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
export const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    catalogueId: z.string().min(1),
    /** Only ever grows: a kiosk refuses a version not above the one it has (no rollback by replay). */
    version: z.number().int().min(1),
    created: z.iso.datetime(),
    expires: z.iso.datetime(),
    /** GB/T 2260 or village codes the bundle is for ('440000': all Guangdong); the kiosk must fall in one. */
    regions: z.array(z.string().regex(/^(\d{6}|\d{12})$/)).min(1),
    profiles: z.array(kioskProfileSchema).min(1),
    keyId: z.string().min(1),
    files: z
      .array(z.object({ path: z.string().min(1), sha256: sha256Hex, size: z.number().int().min(0) }).strict())
      .min(1),
  })
  .strict();

export type BundleManifest = z.infer<typeof manifestSchema>;

export interface TrustedKey {
  keyId: string;
  /** SPKI PEM of the Ed25519 public key. */
  publicKey: string;
  revoked?: boolean;
}

export interface BuildOptions {
  catalogue: Catalogue;
  /** Attachment files by bundle path (e.g. "attachments/申请表.pdf"). */
  attachments?: Record<string, Buffer>;
  privateKey: string;
  keyId: string;
  regions: string[];
  profiles: KioskProfile[];
  now: Date;
  validDays: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Writes a signed bundle into `outDir`; returns its manifest. */
export function buildBundle(outDir: string, options: BuildOptions): BundleManifest {
  const files = new Map<string, Buffer>([[CATALOGUE_FILE, Buffer.from(JSON.stringify(options.catalogue))]]);
  for (const [name, bytes] of Object.entries(options.attachments ?? {})) files.set(name, bytes);
  mkdirSync(path.join(outDir, 'files'), { recursive: true });
  const entries = [...files].map(([name, bytes]) => {
    const hash = sha256(bytes);
    writeFileSync(path.join(outDir, 'files', hash), bytes);
    return { path: name, sha256: hash, size: bytes.length };
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    catalogueId: options.catalogue.catalogueId,
    version: options.catalogue.version,
    created: options.now.toISOString(),
    expires: new Date(options.now.getTime() + options.validDays * 86_400_000).toISOString(),
    regions: options.regions,
    profiles: options.profiles,
    keyId: options.keyId,
    files: entries,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(outDir, 'manifest.json'), manifestBytes);
  writeFileSync(
    path.join(outDir, 'manifest.sig'),
    sign(null, manifestBytes, createPrivateKey(options.privateKey)).toString('base64'),
  );
  return manifest;
}

export interface VerifyOptions {
  trusted: TrustedKey[];
  /** The kiosk's installed catalogue version (null: none). */
  installedVersion: number | null;
  regionCode: string;
  profile: KioskProfile;
  now: Date;
}

function readCapped(file: string, limit: number): Buffer {
  // Read at most one byte more than stated: enough to prove a file too large, never an unbounded read.
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit + 1);
    const read = readSync(fd, buffer, 0, limit + 1, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Checks a bundle folder completely; returns the manifest and the validated catalogue, or throws a BundleError. */
export function verifyBundle(dir: string, options: VerifyOptions): { manifest: BundleManifest; catalogue: Catalogue } {
  let manifestBytes: Buffer;
  let signature: Buffer;
  try {
    manifestBytes = readCapped(path.join(dir, 'manifest.json'), 1_000_000);
    signature = Buffer.from(readFileSync(path.join(dir, 'manifest.sig'), 'utf8').trim(), 'base64');
  } catch (error) {
    throw new BundleError('BUNDLE_MALFORMED', `the bundle has no readable manifest: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    throw new BundleError('BUNDLE_MALFORMED', 'manifest.json is not JSON');
  }
  const keyId = (raw as { keyId?: unknown }).keyId;
  const key = options.trusted.find((candidate) => candidate.keyId === keyId);
  if (!key)
    throw new BundleError(
      'BUNDLE_KEY_UNKNOWN',
      `the bundle is signed with key ${String(keyId)}, which this kiosk does not trust`,
    );
  if (key.revoked) throw new BundleError('BUNDLE_KEY_REVOKED', `key ${key.keyId} has been revoked`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicKey);
  } catch (error) {
    throw new BundleError('BUNDLE_KEY_UNKNOWN', `trusted key ${key.keyId} cannot be read: ${(error as Error).message}`);
  }
  if (!verify(null, manifestBytes, publicKey, signature)) {
    throw new BundleError('BUNDLE_SIGNATURE_INVALID', `the manifest's signature does not match key ${key.keyId}`);
  }
  // Signed, so from here on the manifest says what its author meant; it must still say something sensible.
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new BundleError('BUNDLE_MALFORMED', `manifest: ${parsed.error.issues[0]?.message}`);
  const manifest = parsed.data;
  if (options.installedVersion !== null && manifest.version <= options.installedVersion) {
    throw new BundleError(
      'BUNDLE_NOT_NEWER',
      `bundle version ${manifest.version} is not newer than the installed ${options.installedVersion}`,
    );
  }
  if (Date.parse(manifest.expires) <= options.now.getTime()) {
    throw new BundleError('BUNDLE_EXPIRED', `the bundle expired at ${manifest.expires}`);
  }
  if (
    !manifest.regions.some((region) => regionCovers(region, options.regionCode)) ||
    !manifest.profiles.includes(options.profile)
  ) {
    throw new BundleError(
      'BUNDLE_NOT_FOR_THIS_KIOSK',
      `the bundle is for ${manifest.regions.join(',')} / ${manifest.profiles.join(',')}`,
    );
  }
  const contents = new Map<string, Buffer>();
  for (const file of manifest.files) {
    const stored = path.join(dir, 'files', file.sha256);
    let size: number;
    try {
      size = statSync(stored).size;
    } catch {
      throw new BundleError('BUNDLE_FILE_MISSING', `${file.path} is missing from the bundle`);
    }
    if (size !== file.size) {
      throw new BundleError('BUNDLE_SIZE_MISMATCH', `${file.path} is ${size} bytes, the manifest says ${file.size}`);
    }
    const bytes = readCapped(stored, file.size);
    if (sha256(bytes) !== file.sha256)
      throw new BundleError('BUNDLE_HASH_MISMATCH', `${file.path} does not match its hash`);
    contents.set(file.path, bytes);
  }
  const catalogueBytes = contents.get(CATALOGUE_FILE);
  if (!catalogueBytes) throw new BundleError('BUNDLE_MALFORMED', `the bundle has no ${CATALOGUE_FILE}`);
  let catalogueJson: unknown;
  try {
    catalogueJson = JSON.parse(catalogueBytes.toString('utf8'));
  } catch {
    throw new BundleError('BUNDLE_MALFORMED', `${CATALOGUE_FILE} is not JSON`);
  }
  const catalogue = catalogueSchema.safeParse(catalogueJson);
  if (!catalogue.success)
    throw new BundleError('BUNDLE_MALFORMED', `${CATALOGUE_FILE}: ${catalogue.error.issues[0]?.message}`);
  if (catalogue.data.version !== manifest.version || catalogue.data.catalogueId !== manifest.catalogueId) {
    throw new BundleError('BUNDLE_MALFORMED', 'the catalogue inside does not match the manifest');
  }
  return { manifest, catalogue: catalogue.data };
}
