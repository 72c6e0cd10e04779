// ID card reader device profiles: how each kind of reader is reached (serial line speed or HID) and the USB ids
// it shows, so a kiosk can find its reader by itself. The profiles file (kiosk-config/devices/idcard-readers.json)
// is read and checked by core/config/reader-profiles.ts; a USB id match only makes a profile a candidate: the
// device must still answer like a reader.

export interface ReaderProfile {
  id: string;
  /** Maker and model as sold, or "Generic …" / "Common …" where no maker is verified. */
  name: string;
  transport: 'serial' | 'hid';
  /** Line speed, for serial (and USB-CDC) readers only. */
  baudRate?: 9600 | 19200 | 38400 | 57600 | 115200 | undefined;
  /** Lower-case hex, e.g. { vendorId: '1a86', productId: '7523' }. */
  usb: { vendorId: string; productId: string }[];
  notes: string;
}

export interface UsbDeviceIds {
  /** 0x1a86 or "1a86" (any case). */
  vendorId: number | string;
  productId: number | string;
  /** How the device was found: serial ports match serial profiles, HID devices HID profiles. */
  transport?: ReaderProfile['transport'];
}

function hex(id: number | string): string {
  return typeof id === 'number' ? id.toString(16).padStart(4, '0') : id.toLowerCase().padStart(4, '0');
}

/**
 * The profiles whose USB ids include the device's, most specific first: a profile listing one id (a reader
 * of its own) before one listing many (generic bridge chips). Equal ones keep the file's order.
 */
export function matchProfiles(profiles: readonly ReaderProfile[], device: UsbDeviceIds): ReaderProfile[] {
  const vendorId = hex(device.vendorId);
  const productId = hex(device.productId);
  return profiles
    .filter((profile) => device.transport === undefined || profile.transport === device.transport)
    .filter((profile) => profile.usb.some((usb) => usb.vendorId === vendorId && usb.productId === productId))
    .sort((a, b) => a.usb.length - b.usb.length);
}
