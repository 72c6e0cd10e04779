// Our Ed25519 signature over electron-updater's metadata: what is signed verifies, and tampered metadata, a wrong
// or revoked key, a missing or garbled signature, and metadata passed off under another platform's name are each
// refused with their own code. Also the release script that writes the .sig files, run as a release manager would.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  metadataFileName,
  signUpdateMetadata,
  UpdateError,
  verifyUpdateMetadata,
} from '../../electron/update-metadata.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { releaseKey } from '../helpers/release-key.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('update-metadata-');

const sha512 = (text: string) => createHash('sha512').update(text).digest('base64');
const METADATA = Buffer.from(
  [
    'version: 0.2.0',
    'files:',
    '  - url: Village-Kiosk-0.2.0.AppImage',
    `    sha512: ${sha512('appimage')}`,
    '    size: 123456',
    'path: Village-Kiosk-0.2.0.AppImage',
    `sha512: ${sha512('appimage')}`,
    "releaseDate: '2026-12-01T02:00:00.000Z'",
    '',
  ].join('\n'),
);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpdateError);
    return (error as UpdateError).code;
  }
  throw new Error('expected a refusal');
}

describe('update metadata signature', () => {
  const key = releaseKey('release-2026');
  const signature = signUpdateMetadata('latest-linux.yml', METADATA, key.privateKeyPem, key.keyId);

  it('verifies metadata signed with a trusted key and reads it', () => {
    const metadata = verifyUpdateMetadata('latest-linux.yml', METADATA, signature, [key.trusted]);
    expect(metadata.version).toBe('0.2.0');
    expect(metadata.files[0]).toMatchObject({ url: 'Village-Kiosk-0.2.0.AppImage', size: 123456 });
    expect(metadata.releaseDate).toBe('2026-12-01T02:00:00.000Z');
  });

  it('refuses tampered metadata: another version, another file hash, one byte more', () => {
    const verify = (bytes: Buffer) => () => verifyUpdateMetadata('latest-linux.yml', bytes, signature, [key.trusted]);
    expect(refusal(verify(Buffer.from(METADATA.toString().replace('0.2.0', '0.2.1'))))).toBe(
      'UPDATE_SIGNATURE_INVALID',
    );
    expect(refusal(verify(Buffer.from(METADATA.toString().replaceAll(sha512('appimage'), sha512('evil')))))).toBe(
      'UPDATE_SIGNATURE_INVALID',
    );
    expect(refusal(verify(Buffer.concat([METADATA, Buffer.from('\n')])))).toBe('UPDATE_SIGNATURE_INVALID');
  });

  it('refuses a signature by an unknown key, a key claiming a trusted id, and a revoked key', () => {
    const stranger = releaseKey('someone-else');
    const byStranger = signUpdateMetadata('latest-linux.yml', METADATA, stranger.privateKeyPem, stranger.keyId);
    expect(refusal(() => verifyUpdateMetadata('latest-linux.yml', METADATA, byStranger, [key.trusted]))).toBe(
      'UPDATE_KEY_UNKNOWN',
    );
    const impostor = signUpdateMetadata('latest-linux.yml', METADATA, stranger.privateKeyPem, key.keyId);
    expect(refusal(() => verifyUpdateMetadata('latest-linux.yml', METADATA, impostor, [key.trusted]))).toBe(
      'UPDATE_SIGNATURE_INVALID',
    );
    const revoked = { ...key.trusted, revoked: true };
    expect(refusal(() => verifyUpdateMetadata('latest-linux.yml', METADATA, signature, [revoked]))).toBe(
      'UPDATE_KEY_REVOKED',
    );
  });

  it('refuses metadata with no signature or a garbled one', () => {
    expect(refusal(() => verifyUpdateMetadata('latest-linux.yml', METADATA, null, [key.trusted]))).toBe(
      'UPDATE_SIGNATURE_MISSING',
    );
    for (const garbled of ['', 'not json', '{"format":1}', signature.replace('"format": 1', '"format": 2')]) {
      expect(refusal(() => verifyUpdateMetadata('latest-linux.yml', METADATA, garbled, [key.trusted]))).toBe(
        'UPDATE_SIGNATURE_MALFORMED',
      );
    }
  });

  it("refuses one platform's signed metadata served under another platform's name", () => {
    const arm = signUpdateMetadata('latest-linux-arm64.yml', METADATA, key.privateKeyPem, key.keyId);
    expect(refusal(() => verifyUpdateMetadata('latest-linux.yml', METADATA, arm, [key.trusted]))).toBe(
      'UPDATE_SIGNATURE_INVALID',
    );
  });

  it('refuses signed metadata that does not say what electron-updater needs', () => {
    for (const text of ['version: [1', 'version: banana\nfiles: []\n', 'version: 1.0.0\nfiles:\n  - url: a\n']) {
      const bytes = Buffer.from(text);
      const signed = signUpdateMetadata('latest.yml', bytes, key.privateKeyPem, key.keyId);
      expect(refusal(() => verifyUpdateMetadata('latest.yml', bytes, signed, [key.trusted]))).toBe(
        'UPDATE_METADATA_MALFORMED',
      );
    }
  });

  it('signs only with an Ed25519 key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => signUpdateMetadata('latest.yml', METADATA, rsa.toString(), 'rsa')).toThrow(/must be Ed25519/);
  });
});

describe('metadata names and versions', () => {
  it("uses electron-builder's metadata names for each platform", () => {
    expect(metadataFileName('win32', 'x64')).toBe('latest.yml');
    expect(metadataFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(metadataFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(() => metadataFileName('darwin', 'arm64')).toThrow(/does not update itself/);
  });

  it('orders versions numerically, a pre-release before its release', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBe(1);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3', '1.3.0')).toBe(-1);
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0', '1.0.0-beta.1')).toBe(1);
    expect(compareVersions('1.0.0-beta.2', '1.0.0-beta.1')).toBe(1);
  });
});

describe('npm run release:sign-update', () => {
  const script = path.join(ROOT_DIR, 'scripts', 'sign-update-metadata.ts');
  const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');

  it('writes a .sig beside each metadata file that the kiosk verifies with the public key', () => {
    const dir = tempDir();
    const key = releaseKey('release-2027');
    const keyFile = path.join(dir, 'release-2027.key.pem');
    writeFileSync(keyFile, key.privateKeyPem, { mode: 0o600 });
    for (const name of ['latest-linux.yml', 'latest-linux-arm64.yml']) writeFileSync(path.join(dir, name), METADATA);
    const out = execFileSync(
      tsx,
      [
        script,
        path.join(dir, 'latest-linux.yml'),
        path.join(dir, 'latest-linux-arm64.yml'),
        '--key',
        keyFile,
        '--key-id',
        key.keyId,
      ],
      { encoding: 'utf8' },
    );
    expect(out).toContain('latest-linux.yml.sig  (version 0.2.0, key release-2027)');
    for (const name of ['latest-linux.yml', 'latest-linux-arm64.yml']) {
      const sig = readFileSync(path.join(dir, `${name}.sig`), 'utf8');
      expect(verifyUpdateMetadata(name, METADATA, sig, [key.trusted]).version).toBe('0.2.0');
    }
  });

  it('refuses to run without a key or on a file that is not update metadata', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    const noKey = spawnSync(tsx, [script, path.join(dir, 'latest.yml')], { encoding: 'utf8' });
    expect(noKey.status).toBe(2);
    expect(noKey.stderr).toContain('usage: sign-update-metadata');
    const key = releaseKey('k');
    writeFileSync(path.join(dir, 'k.pem'), key.privateKeyPem);
    const wrong = spawnSync(
      tsx,
      [script, path.join(dir, 'notes.txt'), '--key', path.join(dir, 'k.pem'), '--key-id', 'k'],
      {
        encoding: 'utf8',
      },
    );
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('not electron-updater metadata');
  });
});
