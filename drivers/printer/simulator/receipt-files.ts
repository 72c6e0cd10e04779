// Writes a finished receipt where a person (or a test) can look at it: receipt-N.png, then receipt-N.json.
// Each file appears whole (written aside, then renamed), and the JSON comes last, so a watcher that sees the
// JSON can read both.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PaperWidth } from '../escpos-commands.ts';
import type { Receipt } from './printed-receipt.ts';
import { renderReceiptPng } from './render-png.ts';

async function writeWhole(file: string, data: string | Buffer): Promise<void> {
  await writeFile(`${file}.part`, data);
  await rename(`${file}.part`, file);
}

export async function writeReceiptFiles(
  dir: string,
  number: number,
  receipt: Receipt,
  paper: PaperWidth,
): Promise<{ png: string; json: string }> {
  const base = path.join(dir, `receipt-${number}`);
  await writeWhole(`${base}.png`, await renderReceiptPng(receipt, { paper }));
  await writeWhole(`${base}.json`, `${JSON.stringify({ paper, ...receipt }, null, 2)}\n`);
  return { png: `${base}.png`, json: `${base}.json` };
}
