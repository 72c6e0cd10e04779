// ID card reader profiles: the shipped file, matching USB ids to profiles, and errors that name the field.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_READER_PROFILES_FILE, loadReaderProfiles } from '../../core/config/reader-profiles.ts';
import { DeviceProfileError } from '../../core/config/profile-file.ts';
import { matchProfiles, type ReaderProfile } from '../../drivers/idcard/profiles.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kiosk-profiles-');
const SHIPPED = path.join(ROOT_DIR, 'kiosk-config', 'devices', 'idcard-readers.json');

function shippedData(): { profiles: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(SHIPPED, 'utf8')) as { profiles: Record<string, unknown>[] };
}

function loadError(data: unknown): DeviceProfileError {
  const file = path.join(tempDir(), 'readers.json');
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  try {
    loadReaderProfiles(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DeviceProfileError);
    expect((error as DeviceProfileError).file).toBe(file);
    return error as DeviceProfileError;
  }
  throw new Error('the file was accepted');
}

describe('the shipped reader profiles', () => {
  const profiles = loadReaderProfiles();

  it('are the default file and validate', () => {
    expect(DEFAULT_READER_PROFILES_FILE).toBe(SHIPPED);
    expect(profiles.length).toBeGreaterThanOrEqual(3);
  });

  it('cover the serial bridges, the STM32 virtual COM port, the HID reader and a 9600-baud variant', () => {
    const byId = (id: string) => profiles.find((profile) => profile.id === id);
    expect(byId('generic-serial-115200')).toMatchObject({
      transport: 'serial',
      baudRate: 115200,
      usb: [
        { vendorId: '1a86', productId: '7523' },
        { vendorId: '10c4', productId: 'ea60' },
        { vendorId: '067b', productId: '2303' },
        { vendorId: '0403', productId: '6001' },
      ],
    });
    expect(byId('generic-serial-9600')).toMatchObject({ transport: 'serial', baudRate: 9600 });
    expect(byId('usb-cdc-stm32')).toMatchObject({
      transport: 'serial',
      usb: [{ vendorId: '0483', productId: '5740' }],
    });
    expect(byId('hid-0483-572b')).toMatchObject({ transport: 'hid', usb: [{ vendorId: '0483', productId: '572b' }] });
    expect(byId('hid-0483-572b')).not.toHaveProperty('baudRate');
  });

  it('say where a maker is not verified', () => {
    for (const profile of profiles) {
      expect(profile.name).toMatch(/^(Generic|Common) /);
      expect(profile.notes).toMatch(/not verified|not of any reader maker|not a reader brand/);
    }
  });
});

describe('matchProfiles', () => {
  const profiles = loadReaderProfiles();
  const ids = (found: ReaderProfile[]) => found.map((profile) => profile.id);

  it('finds the profiles of a USB-serial bridge, 115200 before 9600', () => {
    expect(ids(matchProfiles(profiles, { vendorId: '1a86', productId: '7523', transport: 'serial' }))).toEqual([
      'generic-serial-115200',
      'generic-serial-9600',
    ]);
  });

  it('takes numbers and any case', () => {
    expect(ids(matchProfiles(profiles, { vendorId: 0x10c4, productId: 0xea60 }))).toEqual([
      'generic-serial-115200',
      'generic-serial-9600',
    ]);
    expect(ids(matchProfiles(profiles, { vendorId: '0483', productId: '572B' }))).toEqual(['hid-0483-572b']);
  });

  it('keeps to the transport the device was found on', () => {
    expect(ids(matchProfiles(profiles, { vendorId: 0x483, productId: 0x572b, transport: 'hid' }))).toEqual([
      'hid-0483-572b',
    ]);
    expect(matchProfiles(profiles, { vendorId: 0x483, productId: 0x572b, transport: 'serial' })).toEqual([]);
    expect(ids(matchProfiles(profiles, { vendorId: '0483', productId: '5740', transport: 'serial' }))).toEqual([
      'usb-cdc-stm32',
    ]);
  });

  it('finds nothing for a device no profile lists', () => {
    expect(matchProfiles(profiles, { vendorId: '046d', productId: 'c52b' })).toEqual([]);
  });

  it('puts a profile of its own before a generic one listing many ids', () => {
    const own: ReaderProfile = {
      id: 'own',
      name: 'A reader with its own bridge',
      transport: 'serial',
      baudRate: 115200,
      usb: [{ vendorId: '1a86', productId: '7523' }],
      notes: '',
    };
    const found = matchProfiles([...profiles, own], { vendorId: '1a86', productId: '7523' });
    expect(ids(found)).toEqual(['own', 'generic-serial-115200', 'generic-serial-9600']);
  });
});

describe('loadReaderProfiles errors', () => {
  it('name the file, the profile and the field', () => {
    const data = shippedData();
    data.profiles[2]!.usb = [{ vendorId: '1A86', productId: '7523' }];
    const error = loadError(data);
    expect(error.message).toBe(
      `${error.file}: profiles[2] ("generic-serial-115200").usb.0.vendorId: must be 4 lower-case hex digits (e.g. "1a86")`,
    );
  });

  it('report every problem, one line each', () => {
    const data = shippedData();
    data.profiles[0]!.transport = 'bluetooth';
    data.profiles[1]!.baudRate = 12345;
    delete data.profiles[3]!.notes;
    data.profiles[3]!.colour = 'red';
    expect(loadError(data).problems).toEqual([
      'profiles[0] ("hid-0483-572b").transport: must be one of "serial", "hid"',
      'profiles[1] ("usb-cdc-stm32").baudRate: must be one of 9600, 19200, 38400, 57600, 115200',
      'profiles[3] ("generic-serial-9600").notes: is missing (must be a string)',
      'profiles[3] ("generic-serial-9600"): unknown field(s) colour',
    ]);
  });

  it('catch a serial profile without a line speed, a HID one with one, and duplicate ids', () => {
    const data = shippedData();
    delete data.profiles[1]!.baudRate;
    data.profiles[0]!.baudRate = 9600;
    expect(loadError(data).problems).toEqual([
      'profiles[0] ("hid-0483-572b").baudRate: a HID reader has no baudRate',
      'profiles[1] ("usb-cdc-stm32").baudRate: a serial reader needs a baudRate',
    ]);
    const twice = shippedData();
    twice.profiles.push(twice.profiles[0]!);
    expect(loadError(twice).problems).toEqual(['profiles[4] ("hid-0483-572b").id: duplicate id "hid-0483-572b"']);
  });

  it('say when the file is missing or not JSON', () => {
    expect(loadError('{ "profiles": [').message).toMatch(/readers\.json: cannot be read as JSON/);
    expect(() => loadReaderProfiles(path.join(tempDir(), 'none.json'))).toThrow(/none\.json: cannot be read .*ENOENT/);
    expect(loadError({ profiles: {} }).problems).toEqual(['profiles: must be an array']);
  });
});
