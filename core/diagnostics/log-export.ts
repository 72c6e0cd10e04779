// Log export: the kiosk's log files as one gzip'd JSON-lines file (kiosk-logs-<code>-<time>.jsonl.gz), for a
// USB drive, a folder, or the hub's "collect logs" request. Every line is redacted again on the way out, so an
// ID number, a phone number or a name field that slipped past the logger never leaves the kiosk.
import { existsSync, fsyncSync, closeSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { logFilesOf } from '../log-file.ts';
import { redact, scrubString } from '../log.ts';

/** One log line as it may leave the kiosk. Lines that are not JSON are kept as text, masked. */
export function redactLine(line: string): string {
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed !== null && typeof parsed === 'object') return JSON.stringify(redact(parsed));
  } catch {
    // not JSON: a stray line (a crash message); masked as text below
  }
  return JSON.stringify({ text: scrubString(line) });
}

export interface LogBundle {
  /** gzip'd JSON lines. */
  data: Buffer;
  lines: number;
}

/** The redacted log bundle of a logs folder (empty when there are no logs yet). */
export function redactedLogBundle(logsDir: string): LogBundle {
  const out: string[] = [];
  for (const file of logFilesOf(logsDir)) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) out.push(redactLine(line));
  }
  return { data: gzipSync(Buffer.from(out.map((line) => `${line}\n`).join(''))), lines: out.length };
}

/** kiosk-logs-XW-DEMO-001-20261122T083000Z.jsonl.gz */
export function bundleFileName(kioskCode: string, at: Date): string {
  return `kiosk-logs-${kioskCode}-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}.jsonl.gz`;
}

export interface ExportedLogs {
  file: string;
  bytes: number;
  lines: number;
}

/**
 * Writes the bundle into `targetDir` under a temporary name, flushed to the device, then renamed: a USB drive
 * pulled out half-way leaves a .part file, never a bundle that looks whole.
 */
export function exportLogs(logsDir: string, targetDir: string, kioskCode: string, at = new Date()): ExportedLogs {
  if (!existsSync(targetDir) || !statSync(targetDir).isDirectory()) {
    throw new Error(`${targetDir} is not a folder (is the USB drive mounted?)`);
  }
  const bundle = redactedLogBundle(logsDir);
  const file = path.join(targetDir, bundleFileName(kioskCode, at));
  const partial = `${file}.part`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeSync(fd, bundle.data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return { file, bytes: bundle.data.length, lines: bundle.lines };
}

export interface ExportTarget {
  path: string;
  /** The drive's name as the OS mounted it ("KINGSTON"), or 数据目录 for the kiosk's own exports folder. */
  label: string;
  removable: boolean;
}

/** Mounted removable drives: the mounts under /media and /run/media (where Linux desktops mount USB drives). */
export function removableDrives(mountsFile = '/proc/mounts'): ExportTarget[] {
  let mounts: string;
  try {
    mounts = readFileSync(mountsFile, 'utf8');
  } catch {
    return [];
  }
  return (
    mounts
      .split('\n')
      .map((line) => line.split(' ')[1])
      .filter((mount): mount is string => mount !== undefined)
      // /proc/mounts escapes spaces and other bytes as octal (\040).
      .map((mount) =>
        mount.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8))),
      )
      .filter((mount) => /^\/(run\/)?media\/./.test(mount))
      .map((mount) => ({ path: mount, label: path.basename(mount), removable: true }))
  );
}
