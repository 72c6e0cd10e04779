// The kiosk's device keys, kept outside every database: an Ed25519 signing key (the hub knows its public half
// from enrolment and checks every sync request with it) and a 256-bit data key that seals submissions at rest.
// They live in files of mode 0600 under the keys folder; where the shell can protect secrets with the operating
// system (Electron's safeStorage), the files hold only the protected form.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How secrets are wrapped before they touch the disk; the identity wrapper relies on file permissions alone. */
export interface SecretProtector {
  /** Shown in diagnostics: 'file-0600' or 'electron-safeStorage'. */
  readonly kind: string;
  protect(secret: Buffer): Buffer;
  unprotect(stored: Buffer): Buffer;
}

export const FILE_ONLY: SecretProtector = {
  kind: 'file-0600',
  protect: (secret) => secret,
  unprotect: (stored) => stored,
};

export interface DeviceKeys {
  signingKey: KeyObject;
  /** SPKI PEM, what the hub is given at enrolment. */
  publicKeyPem: string;
  dataKey: Buffer;
  protectedBy: string;
}

function writeSecret(file: string, bytes: Buffer): void {
  // Written beside and renamed, so a power cut never leaves half a key.
  const temp = `${file}.tmp`;
  writeFileSync(temp, bytes, { mode: 0o600 });
  renameSync(temp, file);
}

function readOrMakeSecret(file: string, make: () => Buffer, protector: SecretProtector): Buffer {
  if (!existsSync(file)) writeSecret(file, protector.protect(make()));
  chmodSync(file, 0o600); // repaired if someone loosened it
  return protector.unprotect(readFileSync(file));
}

/** Loads the device keys from `dir`, making them on first use. */
export function loadDeviceKeys(dir: string, protector: SecretProtector = FILE_ONLY): DeviceKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signingPem = readOrMakeSecret(
    path.join(dir, 'device-signing.key'),
    () => Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' })),
    protector,
  );
  const dataKey = readOrMakeSecret(path.join(dir, 'device-data.key'), () => randomBytes(32), protector);
  if (dataKey.length !== 32) throw new Error(`the data key in ${dir} is not 32 bytes`);
  const signingKey = createPrivateKey(signingPem);
  return {
    signingKey,
    publicKeyPem: createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }).toString(),
    dataKey,
    protectedBy: protector.kind,
  };
}
