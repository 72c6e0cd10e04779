// The kiosk's ID card service over a real PTY: card events reach KioskApi subscribers as card holders (photo
// decoded when a decoder is configured), problems become plain problem codes, and the log holds no personal data.
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskEvent } from '../../core/api/contract.ts';
import { IdCardService } from '../../core/devices/idcard-service.ts';
import { rgbToBmp } from '../../core/devices/photo.ts';
import { photoDecoderModule, PhotoDecoderModuleError } from '../../core/devices/photo-decoder-module.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { createLogger } from '../../core/log.ts';
import { serialReader } from '../../drivers/idcard/connect.ts';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(decoder?: ConstructorParameters<typeof IdCardService>[0]['photoDecoder']) {
  const sim: PtySimulator = await startPtySimulator({ baudRate: 115200 });
  cleanups.push(() => sim.close());
  let logText = '';
  const log = createLogger({
    destination: new Writable({
      write(chunk, _encoding, done) {
        logText += String(chunk);
        done();
      },
    }),
  });
  const events: KioskEvent[] = [];
  const waiters: ((event: KioskEvent) => void)[] = [];
  const service = new IdCardService({
    connect: serialReader(sim.path, 115200),
    pollIntervalMs: 30,
    log,
    publish: (event) => {
      events.push(event);
      for (const waiter of waiters) waiter(event);
    },
    ...(decoder ? { photoDecoder: decoder } : {}),
  });
  const next = <T extends KioskEvent['type']>(type: T, match: (event: KioskEvent) => boolean = () => true) =>
    new Promise<Extract<KioskEvent, { type: T }>>((resolve) =>
      waiters.push((event) => event.type === type && match(event) && resolve(event as never)),
    );
  const ready = next('idcard.status', (event) => event.type === 'idcard.status' && event.state === 'ready');
  service.start();
  cleanups.push(() => service.stop());
  await ready;
  return { sim, service, events, next, log: () => logText };
}

describe('kiosk ID card service', () => {
  it('publishes the card holder without the photo bytes, and logs no personal data', async () => {
    const { sim, service, next, log } = await setUp();
    expect(service.state).toBe('ready');
    const read = next('idcard.read');
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    const { holder } = await read;
    expect(holder).toEqual({
      cardType: 'resident',
      chineseName: '陈阿婆',
      englishName: null,
      sex: 'female',
      nation: '汉',
      nationality: null,
      birthDate: '1948-03-15',
      address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
      documentNumber: '440825194803150020',
      issuingAuthority: '徐闻县公安局',
      validFrom: '2008-03-15',
      validTo: null,
      expired: false,
      photo: null,
    });
    const removed = next('idcard.removed');
    sim.reader.removeCard();
    await removed;
    expect(log()).toContain('ID card read');
    for (const secret of ['陈阿婆', '440825194803150020', '下桥镇', '1948-03-15']) expect(log()).not.toContain(secret);
  });

  it('turns the photo into an image when a decoder is configured, and survives a decoder that fails', async () => {
    const pixel = { width: 2, height: 2, rgb: Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]) };
    let fail = false;
    const { sim, next } = await setUp({
      decode: async (wlt) => {
        expect(wlt).toEqual(SAMPLE_CARDS.resident.photo);
        if (fail) throw new Error('vendor library missing');
        return pixel;
      },
    });
    const read = next('idcard.read');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    expect((await read).holder.photo).toBe(`data:image/bmp;base64,${rgbToBmp(pixel).toString('base64')}`);
    sim.reader.removeCard();
    fail = true;
    const again = next('idcard.read');
    await new Promise((resolve) => setTimeout(resolve, 100));
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    expect((await again).holder.photo).toBeNull();
  });

  it('loads the photo decoder module the configuration names, and shows the placeholder with a wrong module', async () => {
    const solid = photoDecoderModule('test/fixtures/solid-photo-decoder.mjs', ROOT_DIR);
    const { sim, next } = await setUp(solid);
    const read = next('idcard.read');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    const bmp = Buffer.from((await read).holder.photo!.replace('data:image/bmp;base64,', ''), 'base64');
    expect(bmp.readInt32LE(18)).toBe(102);
    expect(bmp.readInt32LE(22)).toBe(126);

    const wrong = photoDecoderModule(path.join(ROOT_DIR, 'test/fixtures/not-a-photo-decoder.mjs'), ROOT_DIR);
    await expect(wrong.decode(SAMPLE_CARDS.resident.photo)).rejects.toThrow(/does not export a photo decoder/);
    expect(() => photoDecoderModule('vendor/no-such-decoder.mjs', ROOT_DIR)).toThrow(PhotoDecoderModuleError);
  });

  it('reports problems as plain codes and the reader going away as unavailable', async () => {
    const { sim, service, next } = await setUp();
    const invalid = next('idcard.error');
    sim.reader.placeCard(SAMPLE_CARDS.badCheckDigit);
    expect(await invalid).toEqual({ type: 'idcard.error', problem: 'IDCARD_ID_NUMBER_INVALID' });
    const gone = next('idcard.status', (event) => event.type === 'idcard.status' && event.state === 'unavailable');
    await sim.unplug();
    await gone;
    expect(service.state).toBe('unavailable');
  });
});

describe('photo to BMP', () => {
  it('writes a 24-bit bottom-up bitmap with padded rows', () => {
    const bmp = rgbToBmp({ width: 1, height: 2, rgb: Buffer.from([1, 2, 3, 4, 5, 6]) });
    expect(bmp.subarray(0, 2).toString('ascii')).toBe('BM');
    expect(bmp.readUInt32LE(2)).toBe(bmp.length);
    expect(bmp.readInt32LE(18)).toBe(1);
    expect(bmp.readUInt16LE(28)).toBe(24);
    // Rows are 4 bytes (3 + 1 padding); the bottom row (4, 5, 6) comes first, as B, G, R.
    expect([...bmp.subarray(54)]).toEqual([6, 5, 4, 0, 3, 2, 1, 0]);
    expect(() => rgbToBmp({ width: 2, height: 2, rgb: Buffer.alloc(3) })).toThrow('expected 12 RGB bytes');
  });
});
