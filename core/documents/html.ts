// Escaping for the HTML documents the kiosk prints: every value from a villager or the catalogue goes
// through here, so a name like "<b>" prints as written and never becomes markup.

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
