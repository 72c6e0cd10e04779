// Small rules of intake with no I/O: the GB 11643 check digit and the key an ID number is looked up by.
import { createHash } from 'node:crypto';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: 17 digits and a check character (DOMAIN.md §2). Expects upper case. */
export function idNumberValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

/** An ID number as typed or read: no surrounding space, upper-case X. */
export const normaliseIdNumber = (id: string): string => id.trim().toUpperCase();

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The key the hub finds a citizen's submissions by: sha256 hex of the normalised ID number; null for none. */
export function applicantKeyOf(idNumber: string): string | null {
  const normalised = normaliseIdNumber(idNumber);
  return normalised === '' ? null : sha256Hex(normalised);
}
