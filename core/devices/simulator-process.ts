// Starts a device simulator process (drivers/*/simulator/main.ts) for development and demos, and waits for the
// JSON line in which it says it is ready and where it listens. The simulator stops when the kiosk does:
// it watches the stdin pipe, which closes however the kiosk ends.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { KioskError } from '../api/errors.ts';

export interface SimulatorProcess<Ready> {
  /** The simulator's ready line: where its device and control socket are. */
  ready: Ready;
  stop(): Promise<void>;
}

export interface SimulatorProcessOptions {
  rootDir: string;
  /** The simulator's entry, relative to the project root. */
  main: string;
  args: string[];
  /** For messages: "ID card reader", "receipt printer". */
  name: string;
}

export async function startSimulatorProcess<Ready extends { ready: true }>(
  options: SimulatorProcessOptions,
): Promise<SimulatorProcess<Ready>> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(options.rootDir, options.main), ...options.args, '--stop-with-stdin'],
    { cwd: options.rootDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('it did not start within 15 s')), 15_000);
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as Ready;
        if (message.ready === true) {
          clearTimeout(timer);
          resolve(message);
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
    throw new KioskError('INTERNAL', `the ${options.name} simulator cannot start: ${error.message}`);
  });
  return {
    ready,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
