// CSV for staff exports: UTF-8 with a byte order mark (Excel then reads Chinese correctly), CRLF rows, RFC 4180
// quoting, and a leading apostrophe on any cell a spreadsheet would run as a formula (= + - @, tab, CR), so a
// citizen's text cannot become a formula on a staff machine.
const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
