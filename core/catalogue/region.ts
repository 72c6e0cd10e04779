// Region codes (DOMAIN.md §7): GB/T 2260 six digits (province 2 + prefecture 2 + county 2) and the 12-digit
// statistical village code (county 6 + township 3 + village 3). Zeros at the end of a code mean "the whole
// area above": 440000 is all of Guangdong, 440800 all of 湛江, 440825100000 the whole of one town.

/** The significant leading digits of a region code: every code inside that area starts with them. */
export function regionPrefix(code: string): string {
  if (!/^(\d{6}|\d{12})$/.test(code)) throw new Error(`not a region code: ${code}`);
  let prefix = code;
  if (prefix.length === 12) {
    if (prefix.endsWith('000')) prefix = prefix.slice(0, 9);
    if (prefix.length === 9 && prefix.endsWith('000')) prefix = prefix.slice(0, 6);
  }
  if (prefix.length === 6) {
    if (prefix.endsWith('00')) prefix = prefix.slice(0, 4);
    if (prefix.length === 4 && prefix.endsWith('00')) prefix = prefix.slice(0, 2);
  }
  return prefix;
}

/** Whether a kiosk at `kioskRegion` (a 12-digit village code) lies inside `area`. */
export function regionCovers(area: string, kioskRegion: string): boolean {
  return kioskRegion.startsWith(regionPrefix(area));
}

/**
 * Whether a 12-digit code names one village (DOMAIN.md §7): a county, township 001–399 (001–099 街道, 100–199 镇,
 * 200–399 乡) and village 001–399 (001–199 居委会, 200–399 村委会). A code ending in zeros names an area.
 */
export function isVillageCode(code: string): boolean {
  if (!/^\d{12}$/.test(code) || code.slice(2, 6) === '0000') return false;
  const township = Number(code.slice(6, 9));
  const village = Number(code.slice(9, 12));
  return township >= 1 && township <= 399 && village >= 1 && village <= 399;
}
