// The receipt printer simulator as a process: a simulated printer on a PTY (like a USB-serial printer) and/or
// on a TCP port (like a network printer's raw port 9100), steered by JSON steps on a control socket. Each
// receipt cut off is written to --out as receipt-N.png and receipt-N.json. Prints one JSON line when ready:
//   {"ready":true,"pty":"<path the driver opens>"|null,"tcp":{"host":"127.0.0.1","port":N}|null,"control":"<socket>"}
//
//   node --import tsx drivers/printer/simulator/main.ts [--pty DIR] [--tcp PORT] [--paper 58mm|80mm]
//        [--out DIR] [--control SOCKET] [--chinese] [--stop-with-stdin]
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PAPER, type PaperWidth } from '../escpos-commands.ts';
import {
  applyPrinterStep,
  parsePrinterStep,
  type PrinterSimulatorStatus,
  type PrinterSimulatorTarget,
} from './control.ts';
import { serveControlSocket } from '../../simulators/control-socket.ts';
import { SimulatedPrinter } from './printer-model.ts';
import { startPtyPrinterSimulator } from './pty-simulator.ts';
import { writeReceiptFiles } from './receipt-files.ts';
import { startTcpPrinterSimulator } from './tcp-simulator.ts';

const { values } = parseArgs({
  options: {
    pty: { type: 'string' },
    tcp: { type: 'string' },
    paper: { type: 'string', default: '58mm' },
    out: { type: 'string' },
    control: { type: 'string' },
    // Chinese mode on at power-on, as on printers whose memory switch is set so.
    chinese: { type: 'boolean', default: false },
    // Started by the kiosk or a test: stop when the parent's end of stdin closes, even if it was killed outright.
    'stop-with-stdin': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`printer simulator: ${message}`);
  process.exit(2);
}

if (!(values.paper in PAPER)) fail(`--paper ${values.paper} is not one of ${Object.keys(PAPER).join(', ')}`);
const paper = values.paper as PaperWidth;
if (values.pty === undefined && values.tcp === undefined) fail('give --pty DIR, --tcp PORT or both');
const tcpPort = values.tcp === undefined ? null : Number(values.tcp);
if (tcpPort !== null && !(Number.isInteger(tcpPort) && tcpPort >= 0 && tcpPort < 65536)) {
  fail(`--tcp ${values.tcp} is not a port`);
}
if (values.out) mkdirSync(values.out, { recursive: true });
if (values.pty) mkdirSync(values.pty, { recursive: true });
const controlPath = values.control ?? path.join(tmpdir(), `printer-sim-${process.pid}.sock`);

const printer = new SimulatedPrinter({ paper, chineseAtPowerOn: values.chinese });
let writes = Promise.resolve();
if (values.out) {
  const out = values.out;
  printer.onReceipt((receipt, number) => {
    writes = writes.then(() =>
      writeReceiptFiles(out, number, receipt, paper).then(
        () => undefined,
        (error: Error) => console.error(`printer simulator: receipt ${number} not written: ${error.message}`),
      ),
    );
  });
}

const pty = values.pty ? await startPtyPrinterSimulator({ dir: values.pty, printer }) : null;
const tcp = tcpPort === null ? null : await startTcpPrinterSimulator({ port: tcpPort, printer });
const target: PrinterSimulatorTarget = {
  printer,
  pty: pty?.path ?? null,
  tcp: tcp ? { host: tcp.host, port: tcp.port } : null,
};

const control = await serveControlSocket<PrinterSimulatorStatus>(controlPath, async (value) => {
  const parsed = parsePrinterStep(value);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  return { ok: true, state: await applyPrinterStep(target, parsed.step) };
});
console.log(JSON.stringify({ ready: true, pty: target.pty, tcp: target.tcp, control: controlPath }));

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  control.close();
  rmSync(controlPath, { force: true });
  await Promise.all([pty?.close(), tcp?.close()]);
  await writes; // receipts already cut are still written
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
if (values['stop-with-stdin']) {
  process.stdin.on('end', () => void shutdown()).resume();
}
