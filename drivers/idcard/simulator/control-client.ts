// Sends one step to a running simulator over its control socket and returns its answer.
import net from 'node:net';
import type { SimulatorState, SimulatorStep } from './control.ts';

export type ControlAnswer = { ok: true; state: SimulatorState } | { ok: false; message: string };

export function sendSimulatorStep(socketPath: string, step: SimulatorStep, timeoutMs = 5000): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the simulator at ${socketPath} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(step)}\n`));
    socket.on('data', (chunk: string) => {
      text += chunk;
      const newline = text.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(JSON.parse(text.slice(0, newline)) as ControlAnswer);
      } catch {
        reject(new Error(`the simulator at ${socketPath} answered something that is not JSON`));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(`no simulator answers at ${socketPath} (${error.code ?? error.message}); is it running?`));
    });
  });
}
