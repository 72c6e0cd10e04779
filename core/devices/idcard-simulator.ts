// Starts the ID card reader simulator process for development and demos (devices.idcard.mode "simulator")
// and waits for it to say where its PTY is. Stopped with the kiosk.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { KioskError } from '../api/errors.ts';

export interface SimulatorProcess {
  /** The PTY the kiosk opens as its reader. */
  path: string;
  /** The control socket `kioskctl sim …` talks to. */
  control: string;
  stop(): Promise<void>;
}

export interface SimulatorProcessOptions {
  rootDir: string;
  /** Folder for the PTY links and the control socket. */
  dir: string;
  baudRate: number;
}

export async function startIdCardSimulatorProcess(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
  const main = path.join(options.rootDir, 'drivers', 'idcard', 'simulator', 'main.ts');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--baud', String(options.baudRate), '--dir', options.dir, '--stop-with-stdin'],
    // The simulator stops when this pipe closes, so it never outlives the kiosk.
    { cwd: options.rootDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = await new Promise<{ path: string; control: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('it did not start within 15 s')), 15_000);
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { ready?: boolean; path?: string; control?: string };
        if (message.ready && message.path && message.control) {
          clearTimeout(timer);
          resolve({ path: message.path, control: message.control });
        }
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`it exited with code ${code}: ${stderr.trim()}`));
    });
  }).catch((error: Error) => {
    child.kill();
    throw new KioskError('INTERNAL', `the ID card reader simulator cannot start: ${error.message}`);
  });
  return {
    ...ready,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
