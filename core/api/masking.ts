// How identifiers are shown where others may see them (screens, technician output): enough to recognise
// one's own number, not enough to copy it. Shared by the renderer and the CLI.

/** 440825194803150020 → 440825********0020; short numbers keep two characters at each end. */
export function maskDocumentNumber(value: string): string {
  const keepStart = value.length >= 15 ? 6 : 2;
  const keepEnd = value.length >= 15 ? 4 : 2;
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return `${value.slice(0, keepStart)}${'*'.repeat(value.length - keepStart - keepEnd)}${value.slice(-keepEnd)}`;
}
