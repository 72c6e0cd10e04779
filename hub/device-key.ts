// The check every way of registering a kiosk's device key shares: it must be an Ed25519 public key.
import { createPublicKey } from 'node:crypto';
import { HubHttpError } from './http.ts';

export function requireEd25519PublicKey(publicKey: string): void {
  let keyType: string | undefined;
  try {
    keyType = createPublicKey(publicKey).asymmetricKeyType;
  } catch {
    keyType = undefined;
  }
  if (keyType !== 'ed25519') {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'publicKey must be an Ed25519 public key (SPKI PEM)');
  }
}
