// Signed catalogue bundles on disk: what central staff build and publish and kiosks install. A bundle is a
// folder of immutable files: files/<sha256> (each file stored under its own hash), manifest.json and
// manifest.sig (bundle-manifest.ts). A full bundle carries catalogue.json and every attachment; a delta bundle
// carries catalogue-delta.json (the changes since its base version) and only the attachments new since then.
// Nothing in a bundle is believed before the signature, every hash and the size limits check out.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BUNDLE_FORMAT,
  BundleError,
  CATALOGUE_FILE,
  checkManifestFor,
  DELTA_FILE,
  MANIFEST_MAX_BYTES,
  verifyManifestSignature,
  type BundleFile,
  type BundleManifest,
  type KioskTarget,
  type TrustedKey,
} from './bundle-manifest.ts';
import { diffCatalogues } from './delta.ts';
import {
  catalogueDeltaSchema,
  catalogueSchema,
  type Catalogue,
  type CatalogueDelta,
  type KioskProfile,
} from './schema.ts';

export * from './bundle-manifest.ts';

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

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function writeSignedBundle(
  outDir: string,
  files: Map<string, Buffer>,
  header: Omit<BundleManifest, 'format' | 'files' | 'keyId' | 'created' | 'expires'>,
  options: BuildOptions,
): BundleManifest {
  mkdirSync(path.join(outDir, 'files'), { recursive: true });
  const entries = [...files].map(([name, bytes]) => {
    const hash = sha256Hex(bytes);
    writeFileSync(path.join(outDir, 'files', hash), bytes);
    return { path: name, sha256: hash, size: bytes.length };
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    ...header,
    created: options.now.toISOString(),
    expires: new Date(options.now.getTime() + options.validDays * 86_400_000).toISOString(),
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

/** Writes a signed full bundle into `outDir`; returns its manifest. */
export function buildBundle(outDir: string, options: BuildOptions): BundleManifest {
  const files = new Map<string, Buffer>([[CATALOGUE_FILE, Buffer.from(JSON.stringify(options.catalogue))]]);
  for (const [name, bytes] of Object.entries(options.attachments ?? {})) files.set(name, bytes);
  return writeSignedBundle(
    outDir,
    files,
    {
      catalogueId: options.catalogue.catalogueId,
      version: options.catalogue.version,
      regions: options.regions,
      profiles: options.profiles,
    },
    options,
  );
}

/**
 * Writes a signed delta bundle into `outDir` that turns `base` (a full bundle's catalogue and attachments) into
 * `options.catalogue`; only attachments that are new or changed travel in it.
 */
export function buildDeltaBundle(
  outDir: string,
  base: { catalogue: Catalogue; attachments: Record<string, string> },
  options: BuildOptions,
): { manifest: BundleManifest; delta: CatalogueDelta } {
  const nextAttachments = options.attachments ?? {};
  const delta = diffCatalogues(
    base.catalogue,
    options.catalogue,
    Object.keys(base.attachments),
    Object.keys(nextAttachments),
  );
  const files = new Map<string, Buffer>([[DELTA_FILE, Buffer.from(JSON.stringify(delta))]]);
  for (const [name, bytes] of Object.entries(nextAttachments)) {
    if (base.attachments[name] !== sha256Hex(bytes)) files.set(name, bytes);
  }
  const manifest = writeSignedBundle(
    outDir,
    files,
    {
      catalogueId: options.catalogue.catalogueId,
      version: options.catalogue.version,
      base: base.catalogue.version,
      regions: options.regions,
      profiles: options.profiles,
    },
    options,
  );
  return { manifest, delta };
}

export interface VerifyOptions extends KioskTarget {
  trusted: TrustedKey[];
}

/** A bundle's files after every check: the catalogue (or delta) and the attachments by path. */
export interface VerifiedBundle {
  manifest: BundleManifest;
  content: { kind: 'full'; catalogue: Catalogue } | { kind: 'delta'; delta: CatalogueDelta };
  /** Every file other than the catalogue or delta JSON. */
  attachments: BundleFile[];
}

export function readCapped(file: string, limit: number): Buffer {
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

/** Reads manifest.json and manifest.sig of a bundle folder and checks the signature. */
export function readSignedManifest(dir: string, trusted: readonly TrustedKey[]): BundleManifest {
  let manifestBytes: Buffer;
  let signature: string;
  try {
    manifestBytes = readCapped(path.join(dir, 'manifest.json'), MANIFEST_MAX_BYTES);
    signature = readFileSync(path.join(dir, 'manifest.sig'), 'utf8');
  } catch (error) {
    throw new BundleError('BUNDLE_MALFORMED', `the bundle has no readable manifest: ${(error as Error).message}`);
  }
  return verifyManifestSignature(manifestBytes, signature, trusted);
}

/** Reads one listed file from `filesDir/<sha256>`, checking its size and hash. */
export function readVerifiedFile(filesDir: string, file: BundleFile): Buffer {
  const stored = path.join(filesDir, file.sha256);
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
  if (sha256Hex(bytes) !== file.sha256) {
    throw new BundleError('BUNDLE_HASH_MISMATCH', `${file.path} does not match its hash`);
  }
  return bytes;
}

function parseJsonFile(bytes: Buffer, name: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BundleError('BUNDLE_MALFORMED', `${name} is not JSON`);
  }
}

/**
 * Checks every file of a bundle whose manifest is already verified, and parses its catalogue or delta.
 * `filesDir` is where the files are (the bundle's own files/ folder, or the kiosk's file store).
 */
export function verifyBundleFiles(manifest: BundleManifest, filesDir: string): VerifiedBundle {
  const mainFile = manifest.base === undefined ? CATALOGUE_FILE : DELTA_FILE;
  let main: Buffer | undefined;
  const attachments: BundleFile[] = [];
  for (const file of manifest.files) {
    const bytes = readVerifiedFile(filesDir, file);
    if (file.path === mainFile) main = bytes;
    else attachments.push(file);
  }
  if (!main) throw new BundleError('BUNDLE_MALFORMED', `the bundle has no ${mainFile}`);
  const json = parseJsonFile(main, mainFile);
  if (manifest.base === undefined) {
    const catalogue = catalogueSchema.safeParse(json);
    if (!catalogue.success) {
      throw new BundleError('BUNDLE_MALFORMED', `${mainFile}: ${catalogue.error.issues[0]?.message}`);
    }
    if (catalogue.data.version !== manifest.version || catalogue.data.catalogueId !== manifest.catalogueId) {
      throw new BundleError('BUNDLE_MALFORMED', 'the catalogue inside does not match the manifest');
    }
    return { manifest, content: { kind: 'full', catalogue: catalogue.data }, attachments };
  }
  const delta = catalogueDeltaSchema.safeParse(json);
  if (!delta.success) throw new BundleError('BUNDLE_MALFORMED', `${mainFile}: ${delta.error.issues[0]?.message}`);
  if (
    delta.data.version !== manifest.version ||
    delta.data.base !== manifest.base ||
    delta.data.catalogueId !== manifest.catalogueId
  ) {
    throw new BundleError('BUNDLE_MALFORMED', 'the delta inside does not match the manifest');
  }
  return { manifest, content: { kind: 'delta', delta: delta.data }, attachments };
}

/** Checks a bundle folder completely for one kiosk, or throws a BundleError. */
export function verifyBundle(dir: string, options: VerifyOptions): VerifiedBundle {
  const manifest = readSignedManifest(dir, options.trusted);
  checkManifestFor(manifest, options);
  return verifyBundleFiles(manifest, path.join(dir, 'files'));
}

/** A full bundle's catalogue and attachment hashes by path, for building a delta against it (staff side). */
export function readBundleForDelta(dir: string): { catalogue: Catalogue; attachments: Record<string, string> } {
  const manifestBytes = readCapped(path.join(dir, 'manifest.json'), MANIFEST_MAX_BYTES);
  const manifest = parseJsonFile(manifestBytes, 'manifest.json') as BundleManifest;
  if (manifest.base !== undefined) {
    throw new BundleError('BUNDLE_MALFORMED', `${dir} is a delta; a delta is built against a full bundle`);
  }
  const verified = verifyBundleFiles(manifest, path.join(dir, 'files'));
  if (verified.content.kind !== 'full') throw new BundleError('BUNDLE_MALFORMED', `${dir} is not a full bundle`);
  return {
    catalogue: verified.content.catalogue,
    attachments: Object.fromEntries(verified.attachments.map((file) => [file.path, file.sha256])),
  };
}
