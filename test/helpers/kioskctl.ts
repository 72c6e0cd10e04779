// Runs kioskctl as a real process, as a technician does from a shell, keeping stdout and stderr apart.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT_DIR } from './paths.ts';

const BIN = path.join(ROOT_DIR, 'core', 'cli', 'bin.mjs');

export interface KioskctlRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `stdin`: what is typed into the command (the PIN of technician set-pin); none closes stdin at once. */
export function kioskctl(args: string[], stdin = ''): Promise<KioskctlRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT_DIR });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
