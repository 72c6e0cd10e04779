// Starting the back end from config: the SQLite file under the data folder, seeded once from the sample.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKioskCore } from '../../core/bootstrap.ts';
import { loadConfig } from '../../core/config/config.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { startTestCore, testDevices } from '../helpers/kiosk-host.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir();
const NO_READER = testDevices();

describe('kiosk core bootstrap', () => {
  it('seeds the sample catalogue on first start only', async () => {
    const dataDir = tempDir();
    const config = loadConfig({ rootDir: ROOT_DIR, overrides: NO_READER });
    const first = createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() });
    const info = await first.service.getKioskInfo();
    expect(info.catalogueVersion).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(dataDir, 'catalogue.sqlite'))).toBe(true);
    // Mark the cache so a second seeding would be visible.
    first.db.prepare(`UPDATE catalogue_meta SET value = '777' WHERE key = 'version'`).run();
    await first.close();

    const second = createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() });
    expect((await second.service.getKioskInfo()).catalogueVersion).toBe(777);
    expect((await second.service.listCategories()).length).toBeGreaterThan(3);
    await second.close();
  });

  it('fails clearly on a broken seed file and leaves no open database behind', async () => {
    const dataDir = tempDir();
    const seed = path.join(dataDir, 'broken.json');
    writeFileSync(seed, '{"catalogueId": "x", "version": 1, "categories": [], "items": []}');
    const base = loadConfig({ rootDir: ROOT_DIR, overrides: NO_READER });
    const config = { ...base, catalogue: { ...base.catalogue, seedFile: seed } };
    expect(() =>
      createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() }),
    ).toThrow(/catalogue failed validation/);
    writeFileSync(seed, 'not json');
    expect(() =>
      createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() }),
    ).toThrow(/cannot be read/);
    // The file is not left locked: a good start works afterwards.
    const good = createKioskCore({
      config: loadConfig({ rootDir: ROOT_DIR, overrides: NO_READER }),
      rootDir: ROOT_DIR,
      dataDir,
      shell: 'browser',
      log: silentLogger(),
    });
    await good.close();
  });

  it('refuses simulator mode when no simulator is running, before touching the data folder', () => {
    const dataDir = path.join(tempDir(), 'data');
    const config = loadConfig({
      rootDir: ROOT_DIR,
      overrides: { devices: { receiptPrinter: { mode: 'none' }, a4Printer: { queue: null } } },
    });
    expect(config.devices.idcard.mode).toBe('simulator');
    expect(() =>
      createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() }),
    ).toThrow(/no simulator is running/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a photo decoder module that is not there as a configuration problem, before opening anything', () => {
    const dataDir = path.join(tempDir(), 'data');
    const base = loadConfig({ rootDir: ROOT_DIR, overrides: NO_READER });
    const config = {
      ...base,
      devices: { ...base.devices, idcard: { ...base.devices.idcard, photoDecoder: 'vendor/wlt-decoder.mjs' } },
    };
    expect(() =>
      createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log: silentLogger() }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('photoDecoder') }));
    expect(existsSync(dataDir)).toBe(false);
  });

  it('reports a kiosk without a reader as having none', async () => {
    const core = startTestCore(tempDir(), NO_READER);
    expect(await core.service.getIdCardStatus()).toEqual({ state: 'none' });
    await core.close();
  });
});
