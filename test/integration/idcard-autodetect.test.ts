// Auto-detection over real PTYs: candidates come from the device profiles; only a device that answers like a
// reader is taken; a silent device or a port that cannot be opened is passed over.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autoDetectReader, readerCandidates, type DeviceLists } from '../../drivers/idcard/connect.ts';
import { loadReaderProfiles } from '../../core/config/reader-profiles.ts';
import { ReaderSession, type ReaderStatus } from '../../drivers/idcard/session.ts';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import { startTestCore, testDevices } from '../helpers/kiosk-host.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('autodetect-');
const profiles = loadReaderProfiles();
const sims: PtySimulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function simulator(): Promise<PtySimulator> {
  const sim = await startPtySimulator({ baudRate: 0 });
  sims.push(sim);
  return sim;
}

const ch340 = (devicePath: string) => ({
  path: devicePath,
  vendorId: '1a86',
  productId: '7523',
  manufacturer: null,
  product: 'USB Serial',
  serialNumber: null,
});

describe('ID card reader auto-detection', () => {
  it('lists candidates only for devices a profile names, plus a configured path', () => {
    const devices: DeviceLists = {
      serial: [ch340('/dev/ttyUSB0'), { ...ch340('/dev/ttyS0'), vendorId: null, productId: null }],
      hid: [{ path: '/dev/hidraw0', vendorId: '0483', productId: '572b', manufacturer: null, product: null }],
    };
    expect(readerCandidates(profiles, devices).map((c) => c.description)).toEqual([
      '/dev/ttyUSB0 as generic-serial-115200',
      '/dev/ttyUSB0 as generic-serial-9600',
      'HID /dev/hidraw0 as hid-0483-572b',
    ]);
    expect(readerCandidates(profiles, { serial: [], hid: [] }, '/dev/ttyS1').map((c) => c.profile.id)).toEqual([
      'usb-cdc-stm32',
      'generic-serial-115200',
      'generic-serial-9600',
    ]);
  });

  it('skips a port that cannot be opened and a device that does not answer, and takes the reader', async () => {
    const silent = await simulator();
    silent.faults.mute = true;
    const reader = await simulator();
    const connect = autoDetectReader({
      profiles,
      probeTimeoutMs: 150,
      list: async () => ({
        serial: [ch340(path.join(tempDir(), 'gone')), ch340(silent.path), ch340(reader.path)],
        hid: [],
      }),
    });
    const session = new ReaderSession({ connect, pollIntervalMs: 30 });
    const statuses: ReaderStatus[] = [];
    const card = new Promise((resolve) =>
      session.subscribe((event) => {
        if (event.type === 'status') statuses.push(event.status);
        if (event.type === 'card') resolve(event.record);
      }),
    );
    session.start();
    reader.reader.placeCard(SAMPLE_CARDS.elder);
    expect(await card).toMatchObject({ chineseName: '陈阿婆' });
    await session.stop();
    expect(statuses[0]).toMatchObject({
      state: 'ready',
      device: `serial ${reader.path} @ 115200 (generic-serial-115200)`,
    });
  });

  it('says what it tried when nothing answers', async () => {
    const silent = await simulator();
    silent.faults.mute = true;
    const none = autoDetectReader({ profiles, list: async () => ({ serial: [], hid: [] }) });
    await expect(none()).rejects.toMatchObject({
      code: 'IDCARD_NO_READER',
      message: 'no connected device matches an ID card reader profile',
    });
    const quiet = autoDetectReader({
      profiles,
      probeTimeoutMs: 100,
      list: async () => ({ serial: [ch340(silent.path)], hid: [] }),
    });
    await expect(quiet()).rejects.toMatchObject({ message: expect.stringContaining(`tried ${silent.path} as`) });
  });

  it('runs in the kiosk with devices.idcard.mode "auto" and a configured port', async () => {
    const sim = await simulator();
    const core = startTestCore(tempDir(), {
      devices: { ...testDevices().devices, idcard: { mode: 'auto', path: sim.path } },
    });
    try {
      const ready = new Promise<void>((resolve) =>
        core.service.subscribe((event) => event.type === 'idcard.status' && event.state === 'ready' && resolve()),
      );
      await ready;
      expect(await core.service.getIdCardStatus()).toEqual({ state: 'ready' });
    } finally {
      await core.close();
    }
  });
});
