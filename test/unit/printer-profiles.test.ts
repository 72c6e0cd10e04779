// Receipt printer profiles: the shipped file validates and says what it covers; USB ids match the most specific
// profile first (vendor and product before vendor alone); a broken file is refused naming the file, the profile
// and the field.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_PROFILES_FILE, loadPrinterProfiles } from '../../core/config/printer-profiles.ts';
import { DeviceProfileError } from '../../core/config/profile-file.ts';
import { matchPrinterProfiles, type ReceiptPrinterProfile } from '../../drivers/printer/profiles.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('printer-profiles-');

describe('receipt printer profiles', () => {
  const profiles = loadPrinterProfiles();

  it('ship in kiosk-config/devices and cover USB, serial and network printers of both paper widths', () => {
    expect(DEFAULT_PRINTER_PROFILES_FILE).toBe(path.join(ROOT_DIR, 'kiosk-config', 'devices', 'receipt-printers.json'));
    expect(profiles.length).toBeGreaterThanOrEqual(3);
    expect(new Set(profiles.flatMap((profile) => profile.transports))).toEqual(new Set(['serial', 'device', 'tcp']));
    expect(new Set(profiles.flatMap((profile) => profile.paper))).toEqual(new Set(['58mm', '80mm']));
  });

  it('match an exact vendor and product before a vendor alone, and nothing for an unknown device', () => {
    const mixed: ReceiptPrinterProfile[] = [
      { ...profiles[0]!, id: 'any-epson', usb: [{ vendorId: '04b8' }] },
      { ...profiles[0]!, id: 'epson-t82', usb: [{ vendorId: '04b8', productId: '0e15' }] },
    ];
    expect(matchPrinterProfiles(mixed, { vendorId: '04B8', productId: '0E15' }).map((p) => p.id)).toEqual([
      'epson-t82',
      'any-epson',
    ]);
    expect(matchPrinterProfiles(mixed, { vendorId: '04b8', productId: '0202' }).map((p) => p.id)).toEqual([
      'any-epson',
    ]);
    expect(matchPrinterProfiles(profiles, { vendorId: 'ffff', productId: '0001' })).toEqual([]);
    // A CH340 bridge is only "a serial device": the generic profile, never a maker's.
    expect(matchPrinterProfiles(profiles, { vendorId: '1a86', productId: '7523' }).map((p) => p.id)).toEqual([
      'generic-serial-bridge',
    ]);
  });

  it('refuse a file with a bad profile, naming the file, the profile and the field', () => {
    const file = path.join(tempDir(), 'printers.json');
    writeFileSync(
      file,
      JSON.stringify({
        profiles: [
          { ...profiles[0], id: 'no-speed', transports: ['serial'], baudRate: undefined },
          { ...profiles[0], id: 'no-speed' },
        ],
      }),
    );
    let error: unknown;
    try {
      loadPrinterProfiles(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DeviceProfileError);
    expect((error as Error).message).toContain(
      `${file}: profiles[0] ("no-speed").baudRate: a serial printer needs a baudRate`,
    );
    expect((error as Error).message).toContain('profiles[1] ("no-speed").id: duplicate id "no-speed"');
  });
});
