// The printer simulator behind a real pseudo-terminal, driven through the serial transport as a USB-serial
// receipt printer would be: receipts in chunks, DLE EOT answers, paper running out mid-job, and the kiosk's
// own ReceiptPrinter driver against it.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ESCPOS } from '../../drivers/printer/escpos-commands.ts';
import { ReceiptPrinter } from '../../drivers/printer/receipt-printer.ts';
import type { PrinterStatus } from '../../drivers/printer/printer-status.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import { startPtyPrinterSimulator, type PtyPrinterSimulator } from '../../drivers/printer/simulator/pty-simulator.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { sampleReceipt } from '../../drivers/printer/simulator/sample-receipt.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import type { ByteTransport } from '../../drivers/transport/transport.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(): Promise<{ sim: PtyPrinterSimulator; host: ByteTransport }> {
  const sim = await startPtyPrinterSimulator();
  cleanups.push(() => sim.close());
  const host = await openSerial({ path: sim.path, baudRate: 115200 });
  cleanups.push(() => host.close());
  return { sim, host };
}

function expectedReceipt(): Receipt {
  const printer = new SimulatedPrinter();
  printer.receive(sampleReceipt());
  return printer.receipts[0]!;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const start = Date.now(); !condition();) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends DLE EOT n and waits for the one byte that answers it. */
function ask(port: ByteTransport, n: 1 | 2 | 4): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no answer to DLE EOT ${n}`));
    }, 2000);
    const stop = port.onData((chunk) => {
      clearTimeout(timer);
      stop();
      resolve(chunk[0]!);
    });
    port.write(Buffer.from(ESCPOS.status(n))).catch(reject);
  });
}

async function writeInChunks(port: ByteTransport, bytes: Buffer, size: number): Promise<void> {
  for (let offset = 0; offset < bytes.length; offset += size) await port.write(bytes.subarray(offset, offset + size));
}

describe('printer simulator over a PTY', () => {
  it('prints a receipt sent in small chunks and answers status', async () => {
    const { sim, host } = await setUp();
    await writeInChunks(host, sampleReceipt(), 17);
    await until(() => sim.printer.receipts.length === 1, 'the receipt');
    expect(sim.printer.receipts[0]).toEqual(expectedReceipt());
    expect([await ask(host, 1), await ask(host, 2), await ask(host, 4)]).toEqual([0x12, 0x12, 0x12]);
  });

  it('stops when paper runs out mid-job, says so, and finishes the receipt once paper is loaded', async () => {
    const { sim, host } = await setUp();
    sim.printer.paperRunsOutAfterLines(2);
    await host.write(sampleReceipt());
    await until(() => sim.printer.state.paperOut, 'paper out');
    expect([await ask(host, 1), await ask(host, 2), await ask(host, 4)]).toEqual([0x1a, 0x32, 0x7e]);
    expect(sim.printer.receiptInProgress.elements).toHaveLength(2);
    expect(sim.printer.receipts).toHaveLength(0);

    sim.printer.setState({ paperOut: false, paperNearEnd: false });
    expect(sim.printer.receipts).toEqual([expectedReceipt()]);
    expect(await ask(host, 4)).toBe(0x12);
  });

  it('serves the kiosk driver: status, a held job that goes on after paper is loaded, and silence', async () => {
    const { sim, host } = await setUp();
    const driver = new ReceiptPrinter(host, { statusTimeoutMs: 300 });
    expect(await driver.status()).toEqual({ condition: 'ready', paperNearEnd: false });
    sim.printer.setState({ coverOpen: true });
    expect(await driver.status()).toEqual({ condition: 'coverOpen', paperNearEnd: false });
    sim.printer.setState({ coverOpen: false });

    sim.printer.paperRunsOutAfterLines(3);
    const seen: PrinterStatus['condition'][] = [];
    await driver.print(sampleReceipt(), {
      pollIntervalMs: 50,
      onStatus: (status) => {
        seen.push(status.condition);
        if (status.condition === 'paperOut') setTimeout(() => sim.printer.setState({ paperOut: false }), 100);
      },
    });
    expect(seen[0]).toBe('paperOut');
    expect(seen.at(-1)).toBe('ready');
    expect(sim.printer.receipts).toEqual([expectedReceipt()]);

    sim.printer.setState({ mute: true });
    expect((await driver.status()).condition).toBe('notResponding');
  });

  it('goes away when unplugged and prints again when plugged back in', async () => {
    const sim = await startPtyPrinterSimulator();
    cleanups.push(() => sim.close());
    await sim.unplug();
    expect(existsSync(sim.path)).toBe(false);
    await sim.replug();
    const host = await openSerial({ path: sim.path, baudRate: 115200 });
    cleanups.push(() => host.close());
    await host.write(sampleReceipt());
    await until(() => sim.printer.receipts.length === 1, 'the receipt after replugging');
    expect(await ask(host, 1)).toBe(0x12);
  });
});
