// A4 printing through the system spooler (CUPS on Linux): check the queue, hand it a PDF with `lp`, follow the
// job. The kiosk never talks to the A4 printer itself; CUPS owns drivers, retries and the paper tray.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrinterError } from '../errors.ts';

/** idle/printing: accepts jobs · stopped: a technician (or an error) disabled it · missing: no such queue. */
export type QueueState = 'idle' | 'printing' | 'stopped' | 'missing';

function run(
  command: string,
  args: string[],
  timeoutMs = 10_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(command, args, { timeout: timeoutMs, env: { ...process.env, LANG: 'C' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

export async function queueState(queue: string): Promise<QueueState> {
  const { code, stdout, stderr } = await run('lpstat', ['-p', queue]);
  if (code !== 0 || /Invalid destination|does not exist|Unknown destination/i.test(stderr)) {
    if (/not running|Bad file descriptor|connect/i.test(stderr)) {
      throw new PrinterError('PRINTER_SPOOL_FAILED', `the CUPS scheduler is not running (${stderr.trim()})`);
    }
    return 'missing';
  }
  if (/disabled/.test(stdout)) return 'stopped';
  if (/now printing/.test(stdout)) return 'printing';
  return 'idle';
}

/** Spools a PDF to the queue; returns the CUPS job id (e.g. "kiosk-a4-12"). */
export async function spoolPdf(queue: string, pdf: Buffer, title: string): Promise<string> {
  const state = await queueState(queue);
  if (state === 'missing') throw new PrinterError('PRINTER_QUEUE_MISSING', `there is no print queue named ${queue}`);
  if (state === 'stopped') throw new PrinterError('PRINTER_QUEUE_STOPPED', `the print queue ${queue} is stopped`);
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-a4-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, pdf, { mode: 0o600 });
    // lp copies the file into the spool before it returns, so ours can go at once.
    const { code, stdout, stderr } = await run('lp', ['-d', queue, '-t', title, file]);
    const id = /request id is (\S+)/.exec(stdout)?.[1];
    if (code !== 0 || !id) throw new PrinterError('PRINTER_SPOOL_FAILED', `lp failed: ${(stderr || stdout).trim()}`);
    return id;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waits until CUPS lists the job as completed; false if it is still pending after `timeoutMs`. */
export async function waitForJob(jobId: string, timeoutMs = 30_000): Promise<boolean> {
  const queue = jobId.replace(/-\d+$/, '');
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    const { stdout } = await run('lpstat', ['-W', 'completed', '-o', queue]);
    if (stdout.split('\n').some((line) => line.split(/\s+/)[0] === jobId)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
