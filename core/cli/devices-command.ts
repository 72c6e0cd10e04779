// kioskctl devices: the serial ports, HID devices and USB printer nodes this machine sees, each serial port and
// HID device with the reader and receipt printer profiles it matches, so a technician can tell at a glance
// whether the reader and the printer are plugged in and recognised.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listHidDevices } from '../../drivers/devices/hid-devices.ts';
import { listSerialPorts } from '../../drivers/devices/serial-ports.ts';
import { matchProfiles } from '../../drivers/idcard/profiles.ts';
import { loadReaderProfiles } from '../config/reader-profiles.ts';
import { loadPrinterProfiles } from '../config/printer-profiles.ts';
import { matchPrinterProfiles } from '../../drivers/printer/profiles.ts';
import { readdirSync } from 'node:fs';
import { CliError, EXIT, printJson, printLines } from './output.ts';

export async function devicesCommand(args: string[], rootDir: string): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  let profiles;
  let printerProfiles;
  try {
    profiles = loadReaderProfiles(path.join(rootDir, 'kiosk-config', 'devices', 'idcard-readers.json'));
    printerProfiles = loadPrinterProfiles(path.join(rootDir, 'kiosk-config', 'devices', 'receipt-printers.json'));
  } catch (error) {
    throw new CliError(EXIT.usage, (error as Error).message);
  }
  const printersMatching = (vendorId: string | null, productId: string | null) =>
    vendorId === null || productId === null
      ? []
      : matchPrinterProfiles(printerProfiles, { vendorId, productId }).map((profile) => profile.id);
  const matching = (vendorId: string | null, productId: string | null, transport: 'serial' | 'hid') =>
    vendorId === null || productId === null
      ? []
      : matchProfiles(profiles, { vendorId, productId, transport }).map((profile) => profile.id);

  const serial = (await listSerialPorts()).map((port) => ({
    ...port,
    profiles: matching(port.vendorId, port.productId, 'serial'),
    printerProfiles: printersMatching(port.vendorId, port.productId),
  }));
  const usbPrinterNodes = listUsbPrinterNodes();
  const hidList = await listHidDevices();
  const hid = hidList.devices.map((device) => ({
    ...device,
    profiles: matching(device.vendorId, device.productId, 'hid'),
  }));
  if (values.json) return printJson({ serial, hid, hidError: hidList.error, usbPrinterNodes });

  const ids = (vendorId: string | null, productId: string | null) =>
    vendorId && productId ? `${vendorId}:${productId}` : 'no USB ids';
  const profileText = (list: string[]) =>
    list.length > 0 ? `reader profile: ${list.join(', ')}` : 'no reader profile';
  const printerText = (list: string[]) => (list.length > 0 ? ` · printer profile: ${list.join(', ')}` : '');
  printLines([
    `USB printer nodes (${usbPrinterNodes.length}): ${usbPrinterNodes.join(', ') || '—'}`,
    `Serial ports (${serial.length}):`,
    ...serial.map(
      (port) =>
        `  ${port.path.padEnd(16)} ${ids(port.vendorId, port.productId).padEnd(11)} ${[port.manufacturer, port.product].filter(Boolean).join(' ') || '—'} · ${profileText(port.profiles)}${printerText(port.printerProfiles)}`,
    ),
    `HID devices (${hid.length}):${hidList.error ? ` could not list them: ${hidList.error}` : ''}`,
    ...hid.map(
      (device) =>
        `  ${(device.path ?? '—').padEnd(16)} ${ids(device.vendorId, device.productId).padEnd(11)} ${[device.manufacturer, device.product].filter(Boolean).join(' ') || '—'} · ${profileText(device.profiles)}`,
    ),
  ]);
}

/** USB printer-class nodes the kernel made (Linux /dev/usb/lp*): devices.receiptPrinter.mode "device" uses one. */
function listUsbPrinterNodes(dir = '/dev/usb'): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => /^lp\d+$/.test(name))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}
