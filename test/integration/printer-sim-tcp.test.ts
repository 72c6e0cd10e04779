// The printer simulator as a network printer on 127.0.0.1 (raw port 9100 style): several connections one after
// another, a client that drops mid-job, status answers on the asking connection only, paper out mid-job.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ESCPOS } from '../../drivers/printer/escpos-commands.ts';
import { SimulatedPrinter } from '../../drivers/printer/simulator/printer-model.ts';
import type { Receipt } from '../../drivers/printer/simulator/printed-receipt.ts';
import { SAMPLE_QR_PAYLOAD, sampleReceipt } from '../../drivers/printer/simulator/sample-receipt.ts';
import { startTcpPrinterSimulator, type TcpPrinterSimulator } from '../../drivers/printer/simulator/tcp-simulator.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(): Promise<TcpPrinterSimulator> {
  const sim = await startTcpPrinterSimulator({ port: 0 });
  cleanups.push(() => sim.close());
  return sim;
}

interface Client {
  socket: net.Socket;
  /** Every byte the printer sent on this connection. */
  received: number[];
}

async function connect(sim: TcpPrinterSimulator): Promise<Client> {
  const socket = net.createConnection({ host: sim.host, port: sim.port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const client: Client = { socket, received: [] };
  socket.on('data', (chunk: Buffer) => client.received.push(...chunk));
  cleanups.push(async () => void socket.destroy());
  return client;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const start = Date.now(); !condition();) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Sends DLE EOT 1, 2, 4 and returns the three answers. */
async function askAll(client: Client): Promise<number[]> {
  const before = client.received.length;
  client.socket.write(Buffer.from([...ESCPOS.status(1), ...ESCPOS.status(2), ...ESCPOS.status(4)]));
  await until(() => client.received.length >= before + 3, 'three status answers');
  return client.received.slice(before);
}

function closeGracefully(client: Client): Promise<void> {
  return new Promise((resolve) => client.socket.end(resolve));
}

function expectedReceipt(): Receipt {
  const printer = new SimulatedPrinter();
  printer.receive(sampleReceipt());
  return printer.receipts[0]!;
}

describe('printer simulator over TCP', () => {
  it('listens on a port chosen at run time and takes several connections one after another', async () => {
    const sim = await simulator();
    expect(sim.host).toBe('127.0.0.1');
    expect(sim.port).toBeGreaterThan(0);
    for (let i = 1; i <= 3; i++) {
      const client = await connect(sim);
      client.socket.write(sampleReceipt());
      expect(await askAll(client)).toEqual([0x12, 0x12, 0x12]);
      await closeGracefully(client);
      await until(() => sim.printer.receipts.length === i, `receipt ${i}`);
    }
    expect(sim.printer.receipts).toEqual([expectedReceipt(), expectedReceipt(), expectedReceipt()]);
    await until(() => sim.connections === 0, 'every connection closed');
  });

  it('survives a client that drops mid-job, and the half-sent command does not spoil the next job', async () => {
    const sim = await simulator();
    const bytes = sampleReceipt();
    // Cut inside the QR store command: its header promises payload bytes that never come.
    const cutAt = bytes.indexOf(Buffer.from(SAMPLE_QR_PAYLOAD)) + 5;
    const dropped = await connect(sim);
    dropped.socket.write(bytes.subarray(0, cutAt));
    await until(() => sim.printer.counts.receivedBytes === cutAt, 'the first half');
    dropped.socket.resetAndDestroy();
    await until(() => sim.connections === 0, 'the dropped connection to be gone');

    const next = await connect(sim);
    next.socket.write(bytes);
    expect(await askAll(next)).toEqual([0x12, 0x12, 0x12]);
    await until(() => sim.printer.receipts.length === 1, 'the receipt');
    // What the first client got printed stays on the paper (no cut came); then the full receipt follows.
    const elements = sim.printer.receipts[0]!.elements;
    const full = expectedReceipt().elements;
    expect(elements.slice(-full.length)).toEqual(full);
    expect(elements.filter((e) => e.kind === 'qr')).toHaveLength(1);
    expect(elements.some((e) => e.kind === 'unknown')).toBe(false);
  });

  it('answers status on the connection that asked and no other', async () => {
    const sim = await simulator();
    const quiet = await connect(sim);
    const asking = await connect(sim);
    sim.printer.setState({ paperNearEnd: true });
    expect(await askAll(asking)).toEqual([0x12, 0x12, 0x1e]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(quiet.received).toEqual([]);
  });

  it('holds a job when paper runs out mid-receipt and completes it once paper is loaded', async () => {
    const sim = await simulator();
    sim.printer.paperRunsOutAfterLines(4);
    const client = await connect(sim);
    client.socket.write(sampleReceipt());
    expect(await askAll(client)).toEqual([0x1a, 0x32, 0x7e]);
    expect(sim.printer.counts.bufferedBytes).toBeGreaterThan(0);
    expect(sim.printer.receipts).toHaveLength(0);
    sim.printer.setState({ paperOut: false, paperNearEnd: false });
    expect(await askAll(client)).toEqual([0x12, 0x12, 0x12]);
    expect(sim.printer.receipts).toEqual([expectedReceipt()]);
  });

  it('answers nothing while mute', async () => {
    const sim = await simulator();
    sim.printer.setState({ mute: true });
    const client = await connect(sim);
    client.socket.write(Buffer.from(ESCPOS.status(1)));
    await until(() => sim.printer.counts.statusQueries === 1, 'the query to arrive');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received).toEqual([]);
  });
});
