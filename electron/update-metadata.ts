// Our own signature over electron-updater's metadata (latest.yml, latest-linux.yml, latest-linux-arm64.yml).
// electron-updater on Linux trusts a sha512 from the same server as the file, so whoever controls the server (or the
// road to it) could ship any binary. A release key signs the exact metadata bytes, together with the metadata's
// file name (an arm64 file cannot pass for the x64 one); the signature sits beside it in `<name>.sig`. Only
// metadata that verifies against a trusted, unrevoked key in the kiosk's shell.json is believed, and the
// downloaded installer must then hash to the sha512 it states.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import yaml from 'js-yaml';
import { z } from 'zod';
import type { TrustedKey } from '../core/catalogue/bundle-manifest.ts';

export const UPDATE_SIGNATURE_FORMAT = 1;
/** Files larger than these are refused unread. */
export const METADATA_MAX_BYTES = 1_000_000;
export const SIGNATURE_MAX_BYTES = 4_000;

export type UpdateErrorCode =
  | 'UPDATE_SIGNATURE_MISSING'
  | 'UPDATE_SIGNATURE_MALFORMED'
  | 'UPDATE_KEY_UNKNOWN'
  | 'UPDATE_KEY_REVOKED'
  | 'UPDATE_SIGNATURE_INVALID'
  | 'UPDATE_METADATA_MALFORMED'
  | 'UPDATE_HASH_MISMATCH'
  | 'UPDATE_SERVER_UNAVAILABLE';

export class UpdateError extends Error {
  constructor(
    readonly code: UpdateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UpdateError';
  }
}

const signatureFileSchema = z
  .object({
    format: z.literal(UPDATE_SIGNATURE_FORMAT),
    keyId: z.string().min(1),
    /** The metadata file's name, part of what is signed. */
    file: z.string().min(1),
    /** Ed25519, base64. */
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();

const sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 sha512');

const metadataSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'a semantic version'),
    files: z
      .array(z.object({ url: z.string().min(1), sha512: sha512Base64, size: z.number().int().min(1) }).loose())
      .min(1),
    path: z.string().min(1).optional(),
    sha512: sha512Base64.optional(),
    releaseDate: z.string().optional(),
  })
  .loose();

export type UpdateMetadata = z.infer<typeof metadataSchema>;

/** What is signed: a fixed label, the file name and the exact bytes, so no other signed text can be replayed. */
function signedMessage(fileName: string, metadataBytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`village-kiosk update metadata v1\n${fileName}\n`, 'utf8'), metadataBytes]);
}

/** The `.sig` file's text for `metadataBytes`, signed with an Ed25519 private key (PKCS#8 PEM). */
export function signUpdateMetadata(
  fileName: string,
  metadataBytes: Buffer,
  privateKeyPem: string,
  keyId: string,
): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`the release key must be Ed25519, not ${key.asymmetricKeyType}`);
  const signature = sign(null, signedMessage(fileName, metadataBytes), key).toString('base64');
  return `${JSON.stringify({ format: UPDATE_SIGNATURE_FORMAT, keyId, file: fileName, signature }, null, 1)}\n`;
}

/**
 * Checks the signature (null: there was no .sig) with the trusted key it names, then the metadata's shape. Nothing
 * in the metadata is believed before this returns.
 */
export function verifyUpdateMetadata(
  fileName: string,
  metadataBytes: Buffer,
  signatureText: string | null,
  trusted: readonly TrustedKey[],
): UpdateMetadata {
  if (signatureText === null) {
    throw new UpdateError('UPDATE_SIGNATURE_MISSING', `${fileName} has no signature (${fileName}.sig)`);
  }
  if (metadataBytes.length > METADATA_MAX_BYTES) {
    throw new UpdateError('UPDATE_METADATA_MALFORMED', `${fileName} is larger than ${METADATA_MAX_BYTES} bytes`);
  }
  let signatureFile: z.infer<typeof signatureFileSchema>;
  try {
    signatureFile = signatureFileSchema.parse(JSON.parse(signatureText));
  } catch {
    throw new UpdateError('UPDATE_SIGNATURE_MALFORMED', `${fileName}.sig is not a signature file`);
  }
  const key = trusted.find((candidate) => candidate.keyId === signatureFile.keyId);
  if (!key) {
    throw new UpdateError('UPDATE_KEY_UNKNOWN', `${fileName} is signed with key ${signatureFile.keyId}, not trusted`);
  }
  if (key.revoked) throw new UpdateError('UPDATE_KEY_REVOKED', `key ${key.keyId} has been revoked`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicKey);
  } catch (error) {
    throw new UpdateError('UPDATE_KEY_UNKNOWN', `trusted key ${key.keyId} cannot be read: ${(error as Error).message}`);
  }
  const signature = Buffer.from(signatureFile.signature, 'base64');
  if (signatureFile.file !== fileName || !verify(null, signedMessage(fileName, metadataBytes), publicKey, signature)) {
    throw new UpdateError('UPDATE_SIGNATURE_INVALID', `${fileName}'s signature does not match key ${key.keyId}`);
  }
  let raw: unknown;
  try {
    // The core schema: numbers and strings, no dates or custom tags.
    raw = yaml.load(metadataBytes.toString('utf8'), { schema: yaml.CORE_SCHEMA });
  } catch {
    throw new UpdateError('UPDATE_METADATA_MALFORMED', `${fileName} is not YAML`);
  }
  const parsed = metadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UpdateError('UPDATE_METADATA_MALFORMED', `${fileName}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** electron-updater's metadata file for this platform and architecture (electron-builder's names). */
export function metadataFileName(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'linux') return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
  throw new Error(`the kiosk does not update itself on ${platform}`);
}

/** -1, 0 or 1 as version `a` is older, the same or newer than `b` (major.minor.patch; a pre-release is older). */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = '', pre] = version.split(/[-+]/, 2);
    return { parts: core.split('.').map(Number), pre: version.includes('-') ? (pre ?? '') : null };
  };
  const left = parse(a);
  const right = parse(b);
  for (let index = 0; index < 3; index++) {
    const difference = (left.parts[index] ?? 0) - (right.parts[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === null) return 1;
  if (right.pre === null) return -1;
  return left.pre < right.pre ? -1 : 1;
}
