// Device keys protected by the operating system where Electron can do it (DPAPI on Windows, the Secret Service /
// kwallet on Linux desktops): the key files then hold only what safeStorage encrypted. On a Linux kiosk session
// with no keyring, safeStorage falls back to a fixed password ("basic_text"), which protects nothing, so the
// kiosk keeps the plain 0600 files and says so.
import type { SecretProtector } from '../core/outbox/device-keys.ts';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const MARK = Buffer.from('KSS1'); // marks a file written through safeStorage

export function safeStorageProtector(
  safeStorage: SafeStorageLike,
  platform = process.platform,
): SecretProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return null;
  return {
    kind: 'electron-safeStorage',
    protect: (secret) => Buffer.concat([MARK, safeStorage.encryptString(secret.toString('base64'))]),
    unprotect: (stored) =>
      // A key written before protection was available is still plain; it keeps working.
      stored.subarray(0, MARK.length).equals(MARK)
        ? Buffer.from(safeStorage.decryptString(stored.subarray(MARK.length)), 'base64')
        : stored,
  };
}
