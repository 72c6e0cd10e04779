// The ID card reader simulator as a process: a simulated reader on a real PTY, steered by a script file and
// by JSON steps on a control socket (kioskctl sim … sends them). Prints one JSON line when ready:
//   {"ready":true,"path":"<PTY the driver opens>","control":"<socket>"}
//
//   node --import tsx drivers/idcard/simulator/main.ts [--baud 115200] [--dir DIR] [--control SOCKET]
//        [--card NAME] [--script FILE] [--stop-with-stdin]
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyStep, parseStep, type SimulatorStep } from './control.ts';
import { startPtySimulator } from './pty-simulator.ts';
import type { SampleCardName } from './sample-cards.ts';

const { values } = parseArgs({
  options: {
    baud: { type: 'string', default: '115200' },
    dir: { type: 'string' },
    control: { type: 'string' },
    card: { type: 'string' },
    script: { type: 'string' },
    // Started by the kiosk: stop when the kiosk's end of stdin closes, even if the kiosk was killed outright.
    'stop-with-stdin': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`idcard simulator: ${message}`);
  process.exit(2);
}

function readScript(file: string): SimulatorStep[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`script ${file} cannot be read: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) fail(`script ${file} must be a JSON array of steps`);
  return data.map((value, index) => {
    const parsed = parseStep(value);
    if (!parsed.ok) fail(`script ${file}, step ${index + 1}: ${parsed.message}`);
    return parsed.step;
  });
}

const baudRate = Number(values.baud);
if (![0, 9600, 19200, 38400, 57600, 115200].includes(baudRate)) fail(`--baud ${values.baud} is not a line speed`);
const script = values.script ? readScript(values.script) : [];
const dir = values.dir ?? path.join(tmpdir(), `idcard-sim-${process.pid}`);
mkdirSync(dir, { recursive: true });
const controlPath = values.control ?? path.join(dir, 'control.sock');

const sim = await startPtySimulator({ baudRate, dir });
const state: { card: SampleCardName | null } = { card: null };
if (values.card) {
  const parsed = parseStep({ place: values.card });
  if (!parsed.ok) fail(`--card: ${parsed.message}`);
  await applyStep(sim, state, parsed.step);
}

rmSync(controlPath, { force: true }); // a socket left by a simulator that was killed
const control = net.createServer((socket) => {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (chunk: string) => {
    text += chunk;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n')) {
      const line = text.slice(0, newline);
      text = text.slice(newline + 1);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        socket.write(`${JSON.stringify({ ok: false, message: 'not JSON' })}\n`);
        continue;
      }
      const parsed = parseStep(value);
      if (!parsed.ok) {
        socket.write(`${JSON.stringify({ ok: false, message: parsed.message })}\n`);
        continue;
      }
      void applyStep(sim, state, parsed.step).then((after) =>
        socket.write(`${JSON.stringify({ ok: true, state: after })}\n`),
      );
    }
  });
});
await new Promise<void>((resolve) => control.listen(controlPath, resolve));
console.log(JSON.stringify({ ready: true, path: sim.path, control: controlPath }));

const shutdown = async () => {
  control.close();
  rmSync(controlPath, { force: true });
  await sim.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
if (values['stop-with-stdin']) {
  process.stdin.on('end', () => void shutdown()).resume();
}

for (const step of script) await applyStep(sim, state, step);
