// A fresh Ed25519 release key for update-signature tests: the private half to sign with, the public half as a
// kiosk's shell.json trusts it.
import { generateKeyPairSync } from 'node:crypto';

export function releaseKey(keyId: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    trusted: { keyId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}
