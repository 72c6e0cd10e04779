// Log export: the kiosk's log file (written by the logger, rotated at its cap) leaves as one gzip'd JSON-lines
// file, and a planted line with an ID number, a phone number and a name field comes out redacted.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../core/api/errors.ts';
import { createDiagnosticsDesk } from '../../core/diagnostics/diagnostics-desk.ts';
import type { SelfTestDevices } from '../../core/diagnostics/self-tests.ts';
import {
  exportLogs,
  redactedLogBundle,
  removableDrives,
  type ExportTarget,
} from '../../core/diagnostics/log-export.ts';
import { LOG_FILE_NAME, rotatingLogFile } from '../../core/log-file.ts';
import { createLogger } from '../../core/log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('log-export-');

function lines(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
}

describe('log export', () => {
  it('exports the logger’s file with a planted line’s ID number, phone and name redacted', async () => {
    const logsDir = tempDir();
    const log = createLogger({ logsDir, destination: { write: () => undefined } });
    log.info({ jobId: 'j-1' }, 'print job done');
    log.flush();
    // A line that slipped past the logger (an older version, a crash dump): the export must still catch it.
    appendFileSync(
      path.join(logsDir, LOG_FILE_NAME),
      `${JSON.stringify({ msg: 'form for 440825194803150020, call 13800138000', name: '林秀英', detail: { name: '陈阿婆' } })}\n` +
        'FATAL applicant 11010519491231002X crashed\n',
    );
    const usb = tempDir();
    const exported = exportLogs(logsDir, usb, 'XW-DEMO-001', new Date('2026-11-22T08:30:00.123Z'));
    expect(path.basename(exported.file)).toBe('kiosk-logs-XW-DEMO-001-20261122T083000Z.jsonl.gz');
    expect(readdirSync(usb)).toEqual([path.basename(exported.file)]);
    const out = lines(exported.file);
    expect(out).toHaveLength(3);
    expect(JSON.parse(out[0]!)).toMatchObject({ msg: 'print job done', jobId: 'j-1' });
    const text = out.join('\n');
    for (const secret of ['440825194803150020', '13800138000', '林秀英', '陈阿婆', '11010519491231002X']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(out[1]!)).toMatchObject({ name: '[redacted]', detail: { name: '[redacted]' } });
    expect(JSON.parse(out[2]!)).toEqual({ text: 'FATAL applicant [redacted] crashed' });
  });

  it('rotates the log file at its cap and exports both files, oldest first', () => {
    const logsDir = tempDir();
    const file = rotatingLogFile(logsDir, 200);
    for (let i = 0; i < 6; i++) file.write(`${JSON.stringify({ n: i, msg: 'x'.repeat(40) })}\n`);
    file.close();
    expect(existsSync(path.join(logsDir, `${LOG_FILE_NAME}.1`))).toBe(true);
    const bundle = redactedLogBundle(logsDir);
    const numbers = gunzipSync(bundle.data)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { n: number }).n);
    // Only one old file is kept: the newest lines, in order.
    expect(numbers).toEqual([...numbers].sort());
    expect(numbers.at(-1)).toBe(5);
  });

  it('refuses a target that is not a folder, writing nothing', () => {
    const logsDir = tempDir();
    expect(() => exportLogs(logsDir, path.join(tempDir(), 'no-such-drive'), 'XW-DEMO-001')).toThrow(/not a folder/);
  });

  it('lists the drives mounted under /media and /run/media', () => {
    const mounts = path.join(tempDir(), 'mounts');
    writeFileSync(
      mounts,
      [
        '/dev/sda1 / ext4 rw 0 0',
        '/dev/sdb1 /media/kiosk/KINGSTON vfat rw 0 0',
        '/dev/sdc1 /run/media/tech/MY\\040USB exfat rw 0 0',
        'tmpfs /run tmpfs rw 0 0',
      ].join('\n'),
    );
    expect(removableDrives(mounts)).toEqual([
      { path: '/media/kiosk/KINGSTON', label: 'KINGSTON', removable: true },
      { path: '/run/media/tech/MY USB', label: 'MY USB', removable: true },
    ]);
  });

  it('refuses a drive pulled out after it was listed as a failed export, writing nothing', () => {
    const usb = tempDir();
    let drives: ExportTarget[] = [{ path: usb, label: 'KINGSTON', removable: true }];
    const desk = createDiagnosticsDesk({
      kioskCode: 'XW-DEMO-001',
      devices: {} as SelfTestDevices,
      health: () => Promise.reject(new Error('not used')),
      logsDir: tempDir(),
      exportsDir: path.join(tempDir(), 'exports'),
      drives: () => drives,
    });
    expect(desk.logTargets().map((target) => target.label)).toEqual(['KINGSTON', 'exports']);
    drives = [];
    let refused: unknown;
    try {
      desk.exportLogs(usb);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(KioskError);
    expect((refused as KioskError).code).toBe('LOGS_EXPORT_FAILED');
    expect(readdirSync(usb)).toEqual([]);
  });
});
