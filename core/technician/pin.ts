// The technician PIN: rules for a new one, and a slow salted hash (scrypt) so a copied database does not give
// the PIN away cheaply. Stored as "scrypt$N$r$p$salt$hash" (base64url), so the cost can grow later and old
// hashes still verify.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = { N: 1 << 15, r: 8, p: 1 };
const KEY_BYTES = 32;
// N=2^15, r=8 needs 32 MiB; node's default cap is exactly that, so allow a little more.
const MAX_MEMORY = 64 * 1024 * 1024;

function scrypt(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(pin, salt, KEY_BYTES, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Why a PIN may not be used (a plain sentence), or null when it is acceptable. */
export function pinProblem(pin: string): string | null {
  if (!/^\d{6,12}$/.test(pin)) return 'the PIN must be 6 to 12 digits';
  if (/^(\d)\1+$/.test(pin)) return 'the PIN must not be one digit repeated';
  const digits = [...pin].map(Number);
  const step = digits[1]! - digits[0]!;
  if (Math.abs(step) === 1 && digits.every((digit, i) => i === 0 || digit - digits[i - 1]! === step)) {
    return 'the PIN must not be a run of digits such as 123456';
  }
  return null;
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
