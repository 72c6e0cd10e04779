// Signed catalogue bundles on disk: a good bundle verifies; every kind of tampering, replay, expiry, wrong
// target and untrusted or revoked key is refused with its own code, and nothing is believed before it checks out.
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, verifyBundle, type TrustedKey, type VerifyOptions } from '../../core/catalogue/bundle.ts';
import { makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('bundle-');
const NOW = new Date('2026-11-22T10:00:00+08:00');

function keyPair(keyId: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    trusted: { keyId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } as TrustedKey,
  };
}

const staff = keyPair('gd-2026-1');

function built(overrides: { version?: number; regions?: string[]; validDays?: number; key?: typeof staff } = {}) {
  const dir = tempDir();
  const catalogue = { ...makeCatalogue(), version: overrides.version ?? 7 };
  const manifest = buildBundle(dir, {
    catalogue,
    attachments: { 'attachments/法律援助申请表.pdf': Buffer.from('%PDF-1.4 sample form') },
    privateKey: (overrides.key ?? staff).privateKey,
    keyId: (overrides.key ?? staff).trusted.keyId,
    regions: overrides.regions ?? ['440825'],
    profiles: ['fabaobao', 'yuezizhu'],
    now: NOW,
    validDays: overrides.validDays ?? 30,
  });
  return { dir, manifest };
}

const kiosk = (over: Partial<VerifyOptions> = {}): VerifyOptions => ({
  trusted: [staff.trusted],
  installedVersion: 6,
  regionCode: '440825100201',
  profile: 'fabaobao',
  now: NOW,
  ...over,
});

const storedFile = (dir: string, manifest: ReturnType<typeof built>['manifest'], name: string) =>
  path.join(dir, 'files', manifest.files.find((file) => file.path === name)!.sha256);

describe('catalogue bundles', () => {
  it('verifies a good bundle and hands back its catalogue', () => {
    const { dir, manifest } = built();
    const { content } = verifyBundle(dir, kiosk());
    expect(content.kind === 'full' && content.catalogue.version).toBe(7);
    expect(manifest.files.map((file) => file.path).sort()).toEqual([
      'attachments/法律援助申请表.pdf',
      'catalogue.json',
    ]);
    expect(verifyBundle(dir, kiosk({ installedVersion: null })).manifest.version).toBe(7);
  });

  it('refuses a file whose content changed, or that grew past its stated size', () => {
    const { dir, manifest } = built();
    const file = storedFile(dir, manifest, 'catalogue.json');
    const original = readFileSync(file);
    writeFileSync(file, Buffer.from(original.toString().replace('法律援助申请', '法律援助申清')));
    expect(() => verifyBundle(dir, kiosk())).toThrow(expect.objectContaining({ code: 'BUNDLE_HASH_MISMATCH' }));
    writeFileSync(file, original);
    appendFileSync(file, ' ');
    expect(() => verifyBundle(dir, kiosk())).toThrow(expect.objectContaining({ code: 'BUNDLE_SIZE_MISMATCH' }));
    rmSync(file);
    expect(() => verifyBundle(dir, kiosk())).toThrow(expect.objectContaining({ code: 'BUNDLE_FILE_MISSING' }));
  });

  it('refuses a manifest that was edited after signing', () => {
    const { dir } = built();
    const manifestFile = path.join(dir, 'manifest.json');
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace('"version": 7', '"version": 70'));
    expect(() => verifyBundle(dir, kiosk())).toThrow(expect.objectContaining({ code: 'BUNDLE_SIGNATURE_INVALID' }));
    writeFileSync(manifestFile, 'not json');
    expect(() => verifyBundle(dir, kiosk())).toThrow(expect.objectContaining({ code: 'BUNDLE_MALFORMED' }));
  });

  it('trusts only configured keys that are not revoked, and supports a second key during rotation', () => {
    const stranger = keyPair('unknown-key');
    const { dir } = built({ key: stranger });
    expect(() => verifyBundle(dir, kiosk())).toThrow(expect.objectContaining({ code: 'BUNDLE_KEY_UNKNOWN' }));
    // Same key id, different key: the signature does not match.
    expect(() => verifyBundle(dir, kiosk({ trusted: [{ ...staff.trusted, keyId: 'unknown-key' }] }))).toThrow(
      expect.objectContaining({ code: 'BUNDLE_SIGNATURE_INVALID' }),
    );
    const next = keyPair('gd-2026-2');
    const rotated = built({ key: next });
    expect(verifyBundle(rotated.dir, kiosk({ trusted: [staff.trusted, next.trusted] })).manifest.keyId).toBe(
      'gd-2026-2',
    );
    expect(() =>
      verifyBundle(rotated.dir, kiosk({ trusted: [staff.trusted, { ...next.trusted, revoked: true }] })),
    ).toThrow(expect.objectContaining({ code: 'BUNDLE_KEY_REVOKED' }));
  });

  it('refuses replays of older versions, expired bundles, and bundles for other places or kiosk kinds', () => {
    const { dir } = built({ version: 7 });
    expect(() => verifyBundle(dir, kiosk({ installedVersion: 7 }))).toThrow(
      expect.objectContaining({ code: 'BUNDLE_NOT_NEWER' }),
    );
    expect(() => verifyBundle(dir, kiosk({ now: new Date('2027-01-01T00:00:00Z') }))).toThrow(
      expect.objectContaining({ code: 'BUNDLE_EXPIRED' }),
    );
    expect(() => verifyBundle(dir, kiosk({ regionCode: '440882100201' }))).toThrow(
      expect.objectContaining({ code: 'BUNDLE_NOT_FOR_THIS_KIOSK' }),
    );
    const allGuangdong = built({ regions: ['440000'] });
    expect(verifyBundle(allGuangdong.dir, kiosk({ regionCode: '440882100201' })).manifest.version).toBe(7);
  });
});
