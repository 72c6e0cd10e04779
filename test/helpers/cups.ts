// The real CUPS spooler with a cups-pdf queue, for A4 printing tests. scripts/setup-system.sh starts the
// scheduler and creates the queue kiosk-a4; tests make their own extra queues and remove them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const PDF_QUEUE = 'kiosk-a4';

/** Why A4 tests cannot run here, or null when CUPS and the PDF queue are ready. */
export function cupsUnavailable(): string | null {
  try {
    execFileSync('lpstat', ['-r'], { stdio: 'pipe' });
    execFileSync('lpstat', ['-p', PDF_QUEUE], { stdio: 'pipe' });
    return null;
  } catch {
    return `CUPS is not running or has no ${PDF_QUEUE} queue (run scripts/setup-system.sh)`;
  }
}

/** Where cups-pdf writes files for jobs of this user (its Out setting, ${HOME}/PDF by default). */
export function cupsPdfOutDir(): string {
  const conf = existsSync('/etc/cups/cups-pdf.conf') ? readFileSync('/etc/cups/cups-pdf.conf', 'utf8') : '';
  const out = /^Out\s+(.+)$/m.exec(conf)?.[1]?.trim() ?? '${HOME}/PDF';
  return out.replace('${HOME}', homedir());
}

/** The newest PDF cups-pdf wrote for a job title (file names start with the title). */
export function findPdfOutput(title: string): string | null {
  const dir = cupsPdfOutDir();
  if (!existsSync(dir)) return null;
  const matches = readdirSync(dir)
    .filter((name) => name.startsWith(title) && name.endsWith('.pdf'))
    .map((name) => path.join(dir, name));
  matches.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return matches[0] ?? null;
}

/** The PDF's text, NFKC-normalised: CJK fonts often map 日 to the look-alike Kangxi radical ⽇ (U+2F47). */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFKC');
}

export function lpadmin(args: string[]): void {
  execFileSync('lpadmin', args, { stdio: 'pipe' });
}
