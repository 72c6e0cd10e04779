// The serial ports of this machine, with the USB ids behind them, for the technician's device list and for
// matching reader profiles. On Linux it reads sysfs directly: SerialPort.list() runs `udevadm`, and where
// that program is missing the spawn fails with an 'error' event nobody listens to, which ends the process.
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface SerialPortInfo {
  /** Device node to open: /dev/ttyUSB0, /dev/ttyACM0, COM3. */
  path: string;
  /** USB ids as lower-case 4-digit hex ('1a86'); null for a port that is not on USB. */
  vendorId: string | null;
  productId: string | null;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
}

export interface ListSerialPortsOptions {
  /** Root of sysfs; tests point it at a fake tree. */
  sysRoot?: string;
  platform?: NodeJS.Platform;
}

export async function listSerialPorts(options: ListSerialPortsOptions = {}): Promise<SerialPortInfo[]> {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') return listFromSysfs(options.sysRoot ?? '/sys');
  return listWithSerialport();
}

async function listFromSysfs(sysRoot: string): Promise<SerialPortInfo[]> {
  const classDir = path.join(sysRoot, 'class', 'tty');
  const names = await readdir(classDir).catch(() => [] as string[]);
  const ports: SerialPortInfo[] = [];
  for (const name of names.sort()) {
    const ttyDir = path.join(classDir, name);
    // Virtual terminals (tty0…, console, ptmx) have no `device`: they are not ports.
    const deviceDir = await realpath(path.join(ttyDir, 'device')).catch(() => null);
    if (deviceDir === null) continue;
    // The 8250 driver registers ttyS0…ttyS31 whether or not a UART is there; type 0 means there is none.
    if ((await readAttribute(ttyDir, 'type')) === '0') continue;
    const usb = await usbDeviceAbove(deviceDir, await realpath(sysRoot));
    ports.push({
      path: `/dev/${name}`,
      vendorId: usb ? await readUsbId(usb, 'idVendor') : null,
      productId: usb ? await readUsbId(usb, 'idProduct') : null,
      manufacturer: usb ? await readAttribute(usb, 'manufacturer') : null,
      product: usb ? await readAttribute(usb, 'product') : null,
      serialNumber: usb ? await readAttribute(usb, 'serial') : null,
    });
  }
  return ports;
}

/**
 * The USB device directory (the one holding idVendor) at or above a tty's device: for ttyUSB0 the port's
 * parent interface's parent, for ttyACM0 the interface's parent. Null for ports not on USB (ttyS0).
 */
async function usbDeviceAbove(deviceDir: string, sysRoot: string): Promise<string | null> {
  for (let dir = deviceDir; dir.startsWith(sysRoot + path.sep); dir = path.dirname(dir)) {
    if ((await readAttribute(dir, 'idVendor')) !== null) return dir;
  }
  return null;
}

async function readAttribute(dir: string, name: string): Promise<string | null> {
  try {
    const value = (await readFile(path.join(dir, name), 'utf8')).trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}

async function readUsbId(dir: string, name: string): Promise<string | null> {
  const value = await readAttribute(dir, name);
  return value !== null && /^[0-9a-f]{4}$/i.test(value) ? value.toLowerCase() : null;
}

// Windows and macOS have no sysfs; there serialport asks the system (SetupAPI, IOKit) without spawning.
async function listWithSerialport(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await import('serialport');
  const ports = await SerialPort.list();
  const id = (value: string | undefined) => (value ? value.toLowerCase().padStart(4, '0') : null);
  return ports.map((port) => ({
    path: port.path,
    vendorId: id(port.vendorId),
    productId: id(port.productId),
    manufacturer: port.manufacturer ?? null,
    product: null,
    serialNumber: port.serialNumber ?? null,
  }));
}
