// HTML → PDF with headless Chromium (the same browser the kiosk runs in). The page sets its own size with
// CSS @page. The HTML and PDF exist on disk only inside a private temporary folder, removed at once.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrinterError } from '../errors.ts';

export interface PdfOptions {
  /** Chromium's executable. */
  chromium: string;
  /** Give up after this long. */
  timeoutMs?: number;
}

export async function htmlToPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-pdf-')); // mode 0700
  try {
    const page = path.join(dir, 'page.html');
    const pdf = path.join(dir, 'page.pdf');
    await writeFile(page, html, { mode: 0o600 });
    await new Promise<void>((resolve, reject) =>
      execFile(
        options.chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${path.join(dir, 'profile')}`,
          '--no-pdf-header-footer',
          `--print-to-pdf=${pdf}`,
          pathToFileURL(page).href,
        ],
        { timeout: options.timeoutMs ?? 30_000 },
        (error, _stdout, stderr) =>
          error
            ? reject(
                new PrinterError(
                  'PRINTER_PDF_FAILED',
                  `Chromium could not make the PDF: ${error.message} ${stderr.trim().slice(-300)}`,
                ),
              )
            : resolve(),
      ),
    );
    return await readFile(pdf).catch(() => {
      throw new PrinterError('PRINTER_PDF_FAILED', 'Chromium finished but wrote no PDF');
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
