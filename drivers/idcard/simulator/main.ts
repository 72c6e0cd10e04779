// The ID card reader simulator as a process: a simulated reader on a real PTY, steered by a script file and
// by JSON steps on a control socket (kioskctl sim … sends them). Prints one JSON line when ready:
//   {"ready":true,"path":"<PTY the driver opens>","control":"<socket>"}
//
//   node --import tsx drivers/idcard/simulator/main.ts [--baud 115200] [--dir DIR] [--control SOCKET]
//        [--card NAME] [--script FILE] [--stop-with-stdin]
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serveControlSocket } from '../../simulators/control-socket.ts';
import { applyStep, parseStep, type SimulatorState, type SimulatorStep } from './control.ts';
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

const control = await serveControlSocket<SimulatorState>(controlPath, async (value) => {
  const parsed = parseStep(value);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  return { ok: true, state: await applyStep(sim, state, parsed.step) };
});
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
