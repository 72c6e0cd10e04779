// Device keys through Electron's safeStorage, with a stand-in safeStorage (the real one needs the binary).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeviceKeys } from '../../core/outbox/device-keys.ts';
import { safeStorageProtector, type SafeStorageLike } from '../../electron/secret-storage.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('secret-storage-');

/** Reversible, and visibly not the plain text: enough to see that files hold only the protected form. */
function fakeSafeStorage(backend = 'gnome_libsecret'): SafeStorageLike {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => flip(Buffer.from(plain, 'utf8')),
    decryptString: (encrypted) => flip(encrypted).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

describe('device keys in safeStorage', () => {
  it('writes only the protected form and reads the same keys back', () => {
    const dir = tempDir();
    const protector = safeStorageProtector(fakeSafeStorage(), 'linux')!;
    const keys = loadDeviceKeys(dir, protector);
    expect(keys.protectedBy).toBe('electron-safeStorage');
    expect(readFileSync(path.join(dir, 'device-signing.key')).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    expect(readFileSync(path.join(dir, 'device-data.key')).includes(keys.dataKey)).toBe(false);
    const again = loadDeviceKeys(dir, protector);
    expect(again.dataKey.equals(keys.dataKey)).toBe(true);
    expect(again.publicKeyPem).toBe(keys.publicKeyPem);
  });

  it('keeps plain 0600 files where safeStorage protects nothing, and reads keys written before protection', () => {
    expect(safeStorageProtector(fakeSafeStorage('basic_text'), 'linux')).toBeNull();
    expect(safeStorageProtector({ ...fakeSafeStorage(), isEncryptionAvailable: () => false }, 'win32')).toBeNull();
    const dir = tempDir();
    const plain = loadDeviceKeys(dir);
    expect(plain.protectedBy).toBe('file-0600');
    const later = loadDeviceKeys(dir, safeStorageProtector(fakeSafeStorage(), 'win32')!);
    expect(later.dataKey.equals(plain.dataKey)).toBe(true);
    // A damaged data key is refused rather than used.
    writeFileSync(path.join(dir, 'device-data.key'), Buffer.alloc(5));
    expect(() => loadDeviceKeys(dir)).toThrow(/not 32 bytes/);
  });
});
