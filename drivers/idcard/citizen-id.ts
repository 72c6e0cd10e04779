// Citizen ID numbers (GB 11643-1999): 6 region + 8 birth date + 3 sequence (odd = male) + 1 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

export type CitizenIdProblem = 'format' | 'birthDate' | 'checkDigit';

/** Null when the number is well formed, with a real birth date and the right check character. */
export function citizenIdProblem(id: string): CitizenIdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDate =
    year >= 1850 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!realDate) return 'birthDate';
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return 'checkDigit';
  return null;
}
