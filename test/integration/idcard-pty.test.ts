// The ID card protocol over a real pseudo-terminal: the simulated reader on one end, the host on the other,
// both through the serial transport.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCardText, PHOTO_BYTES } from '../../drivers/idcard/card-text.ts';
import { residentCardText } from '../../drivers/idcard/card-text-writer.ts';
import {
  encodeCommand,
  FrameDecoder,
  parseResponse,
  type CommandName,
  type ResponseFrame,
} from '../../drivers/idcard/frame.ts';
import { SimulatedReader } from '../../drivers/idcard/simulator/reader-model.ts';
import { serveReader } from '../../drivers/idcard/simulator/serve.ts';
import { interpretStatus } from '../../drivers/idcard/status.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import type { ByteTransport } from '../../drivers/transport/transport.ts';
import { openPtyPair, type PtyPair } from '../../drivers/transport/pty-pair.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(baudRate: number) {
  const pair: PtyPair = await openPtyPair();
  cleanups.push(() => pair.close());
  const deviceEnd = await openSerial({ path: pair.device, baudRate: 115200 });
  cleanups.push(() => deviceEnd.close());
  const reader = new SimulatedReader();
  const stopServing = serveReader(reader, deviceEnd, { baudRate });
  cleanups.push(async () => stopServing());
  const hostEnd = await openSerial({ path: pair.host, baudRate: 115200 });
  cleanups.push(() => hostEnd.close());
  return { reader, hostEnd, deviceEnd };
}

/** Sends one command and waits for one response frame. */
function exchange(port: ByteTransport, name: CommandName): Promise<ResponseFrame> {
  const decoder = new FrameDecoder();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no answer to ${name}`));
    }, 5000);
    const stop = port.onData((chunk) => {
      for (const event of decoder.push(chunk)) {
        const frame = event.type === 'frame' ? parseResponse(event.body) : null;
        if (frame) {
          clearTimeout(timer);
          stop();
          resolve(frame);
        }
      }
    });
    port.write(encodeCommand(name)).catch(reject);
  });
}

describe('ID card protocol over a PTY', () => {
  it('reads a card through find, select and read at 115200 baud', async () => {
    const { reader, hostEnd } = await setUp(115200);
    expect(interpretStatus(0, 0, (await exchange(hostEnd, 'findCard')).sw3)).toMatchObject({ code: 'IDCARD_NO_CARD' });
    reader.placeCard({
      text: residentCardText({
        name: '王五',
        sex: '1',
        nation: '01',
        birth: '19491231',
        address: '广东省徐闻县示范村',
        id: '11010519491231002X',
        authority: '徐闻县公安局',
        from: '20200101',
        to: '长期',
      }),
      photo: Buffer.alloc(PHOTO_BYTES, 1),
    });
    expect((await exchange(hostEnd, 'findCard')).sw3).toBe(0x9f);
    expect((await exchange(hostEnd, 'selectCard')).sw3).toBe(0x90);
    const read = await exchange(hostEnd, 'readTextAndPhoto');
    expect(read.sw3).toBe(0x90);
    expect(read.data.length).toBe(4 + 256 + 1024);
    const result = parseCardText(read.data.subarray(4, 260), read.data.subarray(260));
    expect(result).toMatchObject({ ok: true, record: { chineseName: '王五', validTo: null } });
  });

  it('reports its own close and refuses writes afterwards', async () => {
    const { hostEnd, deviceEnd } = await setUp(0);
    const closed = new Promise<Error | null>((resolve) => hostEnd.onClose(resolve));
    await hostEnd.close();
    expect(await closed).toBeNull();
    expect(hostEnd.isOpen).toBe(false);
    await expect(hostEnd.write(encodeCommand('findCard'))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
    expect(deviceEnd.isOpen).toBe(true);
  });

  it('fails to open a port that does not exist, with a clear code', async () => {
    await expect(openSerial({ path: '/dev/does-not-exist', baudRate: 115200 })).rejects.toMatchObject({
      code: 'TRANSPORT_OPEN_FAILED',
    });
  });
});
