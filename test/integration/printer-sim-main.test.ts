// The printer simulator as a process: PTY and TCP at once, receipts written as PNG + JSON, steered over its
// control socket, and gone when the process that started it closes stdin.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import jsQRModule from 'jsqr';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ESCPOS } from '../../drivers/printer/escpos-commands.ts';
import { sendPrinterStep } from '../../drivers/printer/simulator/control-client.ts';
import { SAMPLE_QR_PAYLOAD, sampleReceipt } from '../../drivers/printer/simulator/sample-receipt.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

// jsqr is CommonJS with a `default` export; under NodeNext TypeScript sees the function one level down.
const jsQR = jsQRModule.default;

const tempDir = useTempDir('printer-sim-');
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

interface Ready {
  ready: true;
  pty: string;
  tcp: { host: string; port: number };
  control: string;
}

async function startSimulator(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'drivers/printer/simulator/main.ts', ...args], {
    cwd: ROOT_DIR,
  });
  children.push(child);
  child.stderr.pipe(process.stderr);
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
    child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line) as Ready));
  });
  return { child, ready };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !condition();) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function sendOverTcp(tcp: Ready['tcp'], bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(tcp, () => socket.end(bytes));
    socket.on('close', () => resolve()).on('error', reject);
  });
}

describe('printer simulator process', () => {
  it('prints over TCP and PTY, writes each receipt as PNG and JSON, and obeys its control socket', async () => {
    const out = tempDir();
    const dir = tempDir();
    const control = path.join(dir, 'control.sock');
    const { child, ready } = await startSimulator([
      '--pty',
      dir,
      '--tcp',
      '0',
      '--paper',
      '80mm',
      '--out',
      out,
      '--control',
      control,
      '--stop-with-stdin',
    ]);
    expect(ready).toMatchObject({ ready: true, pty: path.join(dir, 'host'), control });
    expect(ready.tcp.port).toBeGreaterThan(0);

    await sendOverTcp(ready.tcp, sampleReceipt());
    const json = path.join(out, 'receipt-1.json');
    await until(() => existsSync(json), 'receipt-1.json');
    const receipt = JSON.parse(readFileSync(json, 'utf8')) as { paper: string; cut: string; elements: unknown[] };
    expect(receipt).toMatchObject({ paper: '80mm', cut: 'full' });
    expect(receipt.elements).toContainEqual(expect.objectContaining({ kind: 'text', text: '申请人：王五' }));
    const { data, info } = await sharp(path.join(out, 'receipt-1.png'))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(576);
    expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(SAMPLE_QR_PAYLOAD);

    // Steps on the control socket change what the printer answers on its PTY.
    const status = await sendPrinterStep(control, { status: true });
    expect(status).toMatchObject({ ok: true, state: { paper: '80mm', counts: { receipts: 1, printedLines: 7 } } });
    expect(await sendPrinterStep(control, { state: { paperOut: true } })).toMatchObject({
      ok: true,
      state: { state: { paperOut: true } },
    });
    const port = await openSerial({ path: ready.pty, baudRate: 115200 });
    const answer = new Promise<number>((resolve) => port.onData((chunk) => resolve(chunk[0]!)));
    await port.write(Buffer.from(ESCPOS.status(4)));
    expect(await answer).toBe(0x7e);
    await port.close();

    expect(await sendPrinterStep(control, { paperRunsOutAfterLines: 2 })).toMatchObject({ ok: true });
    expect(await sendPrinterStep(control, { state: { error: 'paper' } } as never)).toMatchObject({ ok: false });

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end(); // what happens to the pipe when the parent dies, however it dies
    expect(await exited).toBe(0);
    expect(existsSync(control)).toBe(false);
    expect(existsSync(ready.pty)).toBe(false);
  });

  it('refuses to start without a transport or with a paper width it does not know', async () => {
    for (const args of [
      ['--paper', '58mm'],
      ['--tcp', '0', '--paper', 'A4'],
    ]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'drivers/printer/simulator/main.ts', ...args], {
        cwd: ROOT_DIR,
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toMatch(/^printer simulator: /);
    }
  });
});
