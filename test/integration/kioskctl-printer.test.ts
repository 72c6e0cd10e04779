// kioskctl printer against the printer simulator process on a PTY (and the in-process one on TCP), and the A4
// test page through the real CUPS queue: plain results, exit codes a script can act on.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterSimulatorProcess, type PrinterSimulatorProcess } from '../../core/devices/printer-simulator.ts';
import { sendPrinterStep } from '../../drivers/printer/simulator/control-client.ts';
import { startTcpPrinterSimulator } from '../../drivers/printer/simulator/tcp-simulator.ts';
import { cupsUnavailable, PDF_QUEUE } from '../helpers/cups.ts';
import { kioskctl } from '../helpers/kioskctl.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kioskctl-printer-');
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function simulator(): Promise<PrinterSimulatorProcess> {
  const sim = await startPrinterSimulatorProcess({ rootDir: ROOT_DIR, dir: tempDir(), paper: '80mm' });
  stops.push(() => sim.stop());
  return sim;
}

describe('kioskctl printer', () => {
  it('reports status with an exit code for each kind of trouble', async () => {
    const sim = await simulator();
    expect(await kioskctl(['printer', 'status', '--port', sim.path])).toMatchObject({ code: 0, stdout: 'ready\n' });
    await sendPrinterStep(sim.control, { state: { paperOut: true } });
    const out = await kioskctl(['printer', 'status', '--port', sim.path, '--json']);
    expect(out.code).toBe(4);
    expect(JSON.parse(out.stdout)).toMatchObject({ condition: 'paperOut' });
    expect(out.stderr).toContain('the printer cannot print: paper out');
    await sendPrinterStep(sim.control, { state: { paperOut: false, mute: true } });
    const silent = await kioskctl(['printer', 'status', '--port', sim.path, '--timeout', '200']);
    expect(silent.code).toBe(3);
    expect(silent.stdout).toBe('not responding to status queries\n');
    const none = await kioskctl(['printer', 'status', '--port', path.join(tempDir(), 'ttyNone')]);
    expect(none).toMatchObject({ code: 3, stderr: expect.stringContaining('cannot reach the printer') });
  });

  it('prints the test page, waiting while the cover is open', async () => {
    const sim = await simulator();
    await sendPrinterStep(sim.control, { state: { coverOpen: true } });
    const printing = kioskctl(['printer', 'test', '--port', sim.path, '--paper', '80mm']);
    // Closed only once kioskctl has asked twice (three status queries a round): it has found the cover open.
    const statusQueries = async () => {
      const answer = await sendPrinterStep(sim.control, { status: true });
      return answer.ok ? answer.state.counts.statusQueries : 0;
    };
    await expect.poll(statusQueries, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(6);
    await sendPrinterStep(sim.control, { state: { coverOpen: false } });
    const run = await printing;
    expect(run.stderr).toContain('waiting: cover open');
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^test page printed \(\d+ bytes, 80mm\)/) });
    const json = path.join(sim.outDir, 'receipt-1.json');
    await expect.poll(() => existsSync(json), { timeout: 10_000 }).toBe(true);
    const receipt = JSON.parse(readFileSync(json, 'utf8')) as {
      elements: { kind: string; text?: string; payload?: string }[];
    };
    const text = receipt.elements.flatMap((element) => (element.text ? [element.text] : [])).join('\n');
    expect(text).toContain('打印测试页');
    expect(receipt.elements.find((element) => element.kind === 'qr')?.payload).toBe(
      'https://fabaobao.example.gov.cn/progress?no=TEST',
    );
    expect(existsSync(path.join(sim.outDir, 'receipt-1.png'))).toBe(true);
  });

  it('talks to a network printer with --tcp', async () => {
    const sim = await startTcpPrinterSimulator();
    stops.push(() => sim.close());
    expect(await kioskctl(['printer', 'status', '--tcp', `${sim.host}:${sim.port}`])).toMatchObject({ code: 0 });
    expect(await kioskctl(['printer', 'test', '--tcp', `${sim.host}:${sim.port}`, '--paper', '58mm'])).toMatchObject({
      code: 0,
    });
    expect(sim.printer.receipts).toHaveLength(1);
    expect(await kioskctl(['printer', 'status', '--tcp', 'nonsense'])).toMatchObject({ code: 1 });
  });

  const unavailable = cupsUnavailable();
  it.skipIf(unavailable !== null)('prints the A4 test page through CUPS and names a missing queue', async () => {
    const run = await kioskctl(['printer', 'a4-test', '--queue', PDF_QUEUE]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^${PDF_QUEUE}-\\d+: printed`)) });
    const missing = await kioskctl(['printer', 'a4-test', '--queue', 'no-such-queue']);
    expect(missing).toMatchObject({ code: 3, stderr: expect.stringContaining('PRINTER_QUEUE_MISSING') });
  });
});
