// The kiosk's log on disk: JSON lines appended to logs/kiosk.log under the data folder, capped in size by
// rotating to kiosk.log.1 (one old file kept), so a kiosk left alone for months never fills its disk with
// logs. Writing never throws: a full disk must not stop the kiosk, the line still goes to stderr.
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'kiosk.log';
export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

export function logsDirOf(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

/** The log files of a logs folder, oldest first (the rotated one, then the current one). */
export function logFilesOf(logsDir: string): string[] {
  const current = path.join(logsDir, LOG_FILE_NAME);
  return [`${current}.1`, current];
}

export interface RotatingFile {
  write(line: string): void;
  close(): void;
}

export function rotatingLogFile(logsDir: string, maxBytes = DEFAULT_MAX_LOG_BYTES): RotatingFile {
  const file = path.join(logsDir, LOG_FILE_NAME);
  let fd: number | null = null;
  let size = 0;
  const open = () => {
    mkdirSync(logsDir, { recursive: true });
    fd = openSync(file, 'a', 0o600);
    size = statSync(file).size;
  };
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    write(line: string) {
      try {
        const bytes = Buffer.from(line);
        if (fd === null) open();
        if (size > 0 && size + bytes.length > maxBytes) {
          close();
          renameSync(file, `${file}.1`);
          open();
        }
        size += writeSync(fd!, bytes);
      } catch {
        // Disk full or the folder gone: drop the file copy of this line and try to reopen next time.
        try {
          close();
        } catch {
          fd = null;
        }
      }
    },
    close,
  };
}
