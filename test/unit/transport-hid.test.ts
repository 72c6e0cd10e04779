// The HID transport: 64-byte report framing, and the transport over a fake node-hid device.
//
// No test here opens a real HID reader: this machine has no HID devices and no /dev/uhid, so no virtual HID
// device can be created either. The fake device below stands in for node-hid's HIDAsync (the hardware layer
// only); the framing, the transport and, in the last test, the reader protocol code above it are the real ones.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, parseCommand } from '../../drivers/idcard/frame.ts';
import { parseCardText } from '../../drivers/idcard/card-text.ts';
import { IdCardReader } from '../../drivers/idcard/reader.ts';
import { SimulatedReader } from '../../drivers/idcard/simulator/reader-model.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import {
  HID_REPORT_SIZE,
  openHid,
  packReports,
  unpackReport,
  type HidDeviceHandle,
  type HidTarget,
} from '../../drivers/transport/hid.ts';
import { TransportError } from '../../drivers/transport/transport.ts';

function bytes(count: number, seed = 1): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => (i * 7 + seed) & 0xff));
}

function report(length: number, payload: Uint8Array = bytes(length)): Buffer {
  const out = Buffer.alloc(HID_REPORT_SIZE, 0xee); // padding need not be zero on input
  out[0] = length;
  out.set(payload.subarray(0, Math.min(payload.length, 63)), 1);
  return out;
}

/** Stands in for node-hid's HIDAsync: records writes, lets the test push input reports and errors. */
class FakeHid extends EventEmitter implements HidDeviceHandle {
  writes: Buffer[] = [];
  closeCalls = 0;
  writeDelayMs = 0;
  failWrites: Error | null = null;

  async write(data: number[] | Buffer): Promise<number> {
    if (this.writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
    if (this.failWrites) throw this.failWrites;
    const buffer = Buffer.from(data);
    this.writes.push(buffer);
    return buffer.length;
  }

  async close(): Promise<void> {
    this.closeCalls++;
  }

  input(data: Buffer): void {
    this.emit('data', data);
  }
}

async function openFake(device = new FakeHid(), extra: { reportId?: number | null } = {}) {
  const targets: HidTarget[] = [];
  const transport = await openHid({
    vendorId: '0483',
    productId: '572b',
    ...extra,
    open: async (target) => {
      targets.push(target);
      return device;
    },
  });
  return { device, transport, targets };
}

describe('packReports', () => {
  it('makes nothing of nothing', () => {
    expect(packReports(new Uint8Array(0))).toEqual([]);
  });

  it('puts the length first and pads to 64 bytes', () => {
    const [only, ...rest] = packReports(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x12, 0xff, 0xee]));
    expect(rest).toEqual([]);
    expect(only).toHaveLength(64);
    expect(only![0]).toBe(10);
    expect(only!.subarray(1, 11).toString('hex')).toBe('aaaaaa9669000312ffee');
    expect(only!.subarray(11).every((byte) => byte === 0)).toBe(true);
  });

  it('splits at 63 payload bytes', () => {
    expect(packReports(bytes(63)).map((r) => r[0])).toEqual([63]);
    expect(packReports(bytes(64)).map((r) => r[0])).toEqual([63, 1]);
    // A whole text + photo answer (1295 bytes) takes 21 reports.
    const reports = packReports(bytes(1295));
    expect(reports).toHaveLength(21);
    expect(reports.every((r) => r.length === 64)).toBe(true);
    expect(reports.at(-1)![0]).toBe(1295 - 20 * 63);
  });

  it('round-trips through unpackReport for every length up to a few reports', () => {
    for (let length = 0; length <= 200; length++) {
      const data = bytes(length, length);
      const back = Buffer.concat(packReports(data).map((r) => unpackReport(r)!));
      expect(back.equals(data)).toBe(true);
    }
  });
});

describe('unpackReport', () => {
  it('strips the length byte and the padding', () => {
    expect(unpackReport(report(5, Buffer.from([1, 2, 3, 4, 5])))).toEqual(Buffer.from([1, 2, 3, 4, 5]));
    expect(unpackReport(report(63))).toEqual(bytes(63));
  });

  it('gives an empty payload for a zero length', () => {
    expect(unpackReport(report(0))).toEqual(Buffer.alloc(0));
  });

  it('rejects a length above 63, a length longer than the report, and an empty report', () => {
    expect(unpackReport(report(64))).toBeNull();
    expect(unpackReport(report(0xff))).toBeNull();
    expect(unpackReport(Buffer.from([10, 1, 2, 3]))).toBeNull();
    expect(unpackReport(Buffer.alloc(0))).toBeNull();
  });

  it('accepts a short report that holds its whole payload', () => {
    expect(unpackReport(Buffer.from([2, 9, 8]))).toEqual(Buffer.from([9, 8]));
  });
});

describe('openHid', () => {
  it('opens by USB ids, accepting the profiles’ hex strings', async () => {
    const { targets, transport } = await openFake();
    expect(targets).toEqual([{ vendorId: '0483', productId: '572b' }]);
    expect(transport.isOpen).toBe(true);
  });

  it('reports a failed open as TRANSPORT_OPEN_FAILED naming the device', async () => {
    const error = await openHid({
      vendorId: 0x0483,
      productId: 0x572b,
      open: () => Promise.reject(new Error('No HID devices with requested VID/PID found')),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'TRANSPORT_OPEN_FAILED' });
    expect((error as Error).message).toContain('HID 0483:572b');
  });

  it('fails to open a path that does not exist with the real node-hid', async () => {
    const error = await openHid({ path: '/dev/hidraw-that-does-not-exist' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TRANSPORT_OPEN_FAILED' });
    expect((error as Error).message).toContain('/dev/hidraw-that-does-not-exist');
  });

  it('writes each report behind a report-id byte 0 by default', async () => {
    const { device, transport } = await openFake();
    await transport.write(bytes(100));
    expect(device.writes.map((w) => w.length)).toEqual([65, 65]);
    expect(device.writes.map((w) => [w[0], w[1]])).toEqual([
      [0, 63],
      [0, 37],
    ]);
    expect(Buffer.concat(device.writes.map((w) => unpackReport(w.subarray(1))!)).equals(bytes(100))).toBe(true);
  });

  it('uses another report id, or none, when told', async () => {
    const five = await openFake(new FakeHid(), { reportId: 5 });
    await five.transport.write(bytes(3));
    expect(five.device.writes[0]!.subarray(0, 5)).toEqual(Buffer.from([5, 3, 1, 8, 15]));

    const bare = await openFake(new FakeHid(), { reportId: null });
    await bare.transport.write(bytes(3));
    expect(bare.device.writes[0]).toHaveLength(64);
    expect(bare.device.writes[0]![0]).toBe(3);
  });

  it('keeps the reports of two writes from interleaving', async () => {
    const device = new FakeHid();
    device.writeDelayMs = 2;
    const { transport } = await openFake(device);
    await Promise.all([transport.write(Buffer.alloc(100, 0x11)), transport.write(Buffer.alloc(100, 0x22))]);
    const payloads = device.writes.map((w) => unpackReport(w.subarray(1))!);
    expect(payloads.map((p) => p[0])).toEqual([0x11, 0x11, 0x22, 0x22]);
  });

  it('emits payloads, skips empty reports, and drops and counts bad ones', async () => {
    const { device, transport } = await openFake();
    const chunks: Buffer[] = [];
    transport.onData((chunk) => chunks.push(chunk));
    device.input(report(3, Buffer.from([1, 2, 3])));
    device.input(report(0));
    device.input(report(200));
    device.input(report(64));
    device.input(report(2, Buffer.from([4, 5])));
    expect(chunks).toEqual([Buffer.from([1, 2, 3]), Buffer.from([4, 5])]);
    expect(transport.droppedReports).toBe(2);
  });

  it('stops sending data to a listener that unsubscribed', async () => {
    const { device, transport } = await openFake();
    const chunks: Buffer[] = [];
    const stop = transport.onData((chunk) => chunks.push(chunk));
    stop();
    device.input(report(1));
    expect(chunks).toEqual([]);
  });

  it('rejects a failed write as TRANSPORT_WRITE_FAILED', async () => {
    const device = new FakeHid();
    device.failWrites = new Error('Cannot write to hid device');
    const { transport } = await openFake(device);
    await expect(transport.write(bytes(4))).rejects.toMatchObject({ code: 'TRANSPORT_WRITE_FAILED' });
    // The queue goes on after a failure.
    device.failWrites = null;
    await transport.write(bytes(4));
    expect(device.writes).toHaveLength(1);
  });

  it('ends the link once on a device error (unplugged): listeners once, writes rejected, device closed', async () => {
    const { device, transport } = await openFake();
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    const chunks: Buffer[] = [];
    transport.onData((chunk) => chunks.push(chunk));

    device.emit('error', new Error('could not read from HID device'));
    device.emit('error', new Error('again'));
    device.input(report(1));

    expect(closes).toHaveLength(1);
    expect(closes[0]!.message).toBe('could not read from HID device');
    expect(transport.isOpen).toBe(false);
    expect(chunks).toEqual([]);
    expect(device.closeCalls).toBe(1);
    await expect(transport.write(bytes(1))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
    await transport.close();
    expect(closes).toHaveLength(1);
  });

  it('closes once, telling listeners with no error', async () => {
    const { device, transport } = await openFake();
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.close();
    await transport.close();
    expect(closes).toEqual([null]);
    expect(device.closeCalls).toBe(1);
    await expect(transport.write(bytes(1))).rejects.toBeInstanceOf(TransportError);
  });

  it('carries the SAM protocol: the real reader code reads a card through the real framing', async () => {
    // The fake device plays a HID reader: it unwraps output reports, lets the simulated reader model answer,
    // and sends the answer back as 64-byte input reports.
    const model = new SimulatedReader();
    model.placeCard(SAMPLE_CARDS.elder);
    const device = new FakeHid();
    const inbound = new FrameDecoder();
    device.write = async (data) => {
      const out = Buffer.from(data);
      expect(out).toHaveLength(65);
      for (const event of inbound.push(unpackReport(out.subarray(1))!)) {
        const command = event.type === 'frame' ? parseCommand(event.body) : null;
        if (!command) throw new Error('the host sent something that is not a command');
        const answer = model.respond(command);
        setImmediate(() => packReports(answer).forEach((r) => device.input(r)));
      }
      return out.length;
    };
    const { transport } = await openFake(device);
    const reader = new IdCardReader(transport, { baudRate: 0 });

    expect(await reader.readSamId()).toBe(model.samId.toString('hex').toUpperCase());
    expect(await reader.findCard()).toBe(true);
    expect(await reader.selectCard()).toBe(true);
    const raw = await reader.readCard();
    expect(raw.photo.equals(SAMPLE_CARDS.elder.photo)).toBe(true);
    expect(parseCardText(raw.text, raw.photo)).toMatchObject({
      ok: true,
      record: { chineseName: '陈阿婆', documentNumber: '440825194803150020' },
    });
    expect(transport.droppedReports).toBe(0);
    await reader.close();
    await transport.close();
  });
});
