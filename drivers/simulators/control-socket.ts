// Both ends of a simulator's control socket, for any simulator: the server reads one JSON object per line and
// answers each with one JSON line; the client sends one step and reads one answer.
import { rmSync } from 'node:fs';
import net from 'node:net';

export type ControlAnswer<State> = { ok: true; state: State } | { ok: false; message: string };

/** What the server does with one parsed JSON value: its answer, or a message saying what was wrong. */
export type ControlHandler<State> = (value: unknown) => Promise<ControlAnswer<State>>;

/** Listens on `socketPath` (a stale socket left by a killed simulator is removed first). */
export async function serveControlSocket<State>(
  socketPath: string,
  handle: ControlHandler<State>,
): Promise<net.Server> {
  rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let text = '';
    let answers = Promise.resolve();
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      text += chunk;
      for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n')) {
        const line = text.slice(0, newline);
        text = text.slice(newline + 1);
        // Answers go back in the order the steps came, even when one step waits.
        answers = answers.then(async () => {
          let value: unknown;
          let answer: ControlAnswer<State>;
          try {
            value = JSON.parse(line);
          } catch {
            value = undefined;
          }
          try {
            answer = value === undefined ? { ok: false, message: 'not JSON' } : await handle(value);
          } catch (error) {
            answer = { ok: false, message: (error as Error).message };
          }
          if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Sends one step to a running simulator and returns its answer. */
export function sendControlStep<State>(
  socketPath: string,
  step: unknown,
  timeoutMs = 5000,
): Promise<ControlAnswer<State>> {
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
        resolve(JSON.parse(text.slice(0, newline)) as ControlAnswer<State>);
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
