// Listing serial ports from sysfs: a fake sysfs tree laid out (with relative symlinks) like the real one.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { listSerialPorts } from '../../drivers/devices/serial-ports.ts';
import { useTempDir } from '../helpers/temp.ts';

// serialport is only the hardware layer for the non-Linux branch; on Linux it must not be called at all.
const list = vi.hoisted(() => vi.fn());
vi.mock('serialport', () => ({ SerialPort: { list } }));

const tempDir = useTempDir('kiosk-sysfs-');

function files(dir: string, attributes: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(attributes)) writeFileSync(path.join(dir, name), `${value}\n`);
}

/** Links /sys/class/tty/<name> to its device directory and, when given, that directory's `device` link. */
function tty(sys: string, name: string, ttyDir: string, deviceDir: string | null, attributes = {}): void {
  const real = path.join(sys, 'devices', ttyDir);
  files(real, { dev: '188:0', ...attributes });
  if (deviceDir !== null) {
    symlinkSync(path.relative(real, path.join(sys, 'devices', deviceDir)), path.join(real, 'device'));
  }
  const link = path.join(sys, 'class', 'tty', name);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(path.relative(path.dirname(link), real), link);
}

function fakeSysfs(): string {
  const sys = tempDir();
  const hub = 'pci0000:00/0000:00:14.0/usb1';
  // The root hub has ids too: the nearest USB device must win.
  files(path.join(sys, 'devices', hub), { idVendor: '1d6b', idProduct: '0002', product: 'xHCI Host Controller' });
  // A CH340 USB-serial adapter: tty → usb-serial port → interface → USB device.
  files(path.join(sys, 'devices', hub, '1-1'), {
    idVendor: '1A86',
    idProduct: '7523',
    manufacturer: 'QinHeng Electronics',
    product: 'USB Serial',
    serial: 'A1B2C3',
  });
  files(path.join(sys, 'devices', hub, '1-1/1-1:1.0'), { bInterfaceClass: 'ff' });
  files(path.join(sys, 'devices', hub, '1-1/1-1:1.0/ttyUSB0'), { port_number: '0' });
  tty(sys, 'ttyUSB0', `${hub}/1-1/1-1:1.0/ttyUSB0/tty/ttyUSB0`, `${hub}/1-1/1-1:1.0/ttyUSB0`);
  // An STM32 virtual COM port with no serial number string: tty → interface → USB device.
  files(path.join(sys, 'devices', hub, '1-2'), { idVendor: '0483', idProduct: '5740', product: 'STM32 Virtual COM' });
  files(path.join(sys, 'devices', hub, '1-2/1-2:1.0'), { bInterfaceClass: '02' });
  tty(sys, 'ttyACM0', `${hub}/1-2/1-2:1.0/tty/ttyACM0`, `${hub}/1-2/1-2:1.0`);
  // A motherboard UART, and a phantom 8250 port with no UART behind it.
  files(path.join(sys, 'devices', 'pnp0/00:01'), { id: 'PNP0501' });
  tty(sys, 'ttyS0', 'pnp0/00:01/tty/ttyS0', 'pnp0/00:01', { type: '4' });
  files(path.join(sys, 'devices', 'platform/serial8250'), { driver_override: '(null)' });
  tty(sys, 'ttyS1', 'platform/serial8250/tty/ttyS1', 'platform/serial8250', { type: '0' });
  // Virtual terminals have no device.
  tty(sys, 'tty0', 'virtual/tty/tty0', null);
  tty(sys, 'console', 'virtual/tty/console', null);
  return sys;
}

describe('listSerialPorts on Linux', () => {
  it('finds USB and built-in ports with their USB ids, skipping virtual terminals and phantom UARTs', async () => {
    const ports = await listSerialPorts({ sysRoot: fakeSysfs(), platform: 'linux' });
    expect(ports).toEqual([
      {
        path: '/dev/ttyACM0',
        vendorId: '0483',
        productId: '5740',
        manufacturer: null,
        product: 'STM32 Virtual COM',
        serialNumber: null,
      },
      {
        path: '/dev/ttyS0',
        vendorId: null,
        productId: null,
        manufacturer: null,
        product: null,
        serialNumber: null,
      },
      {
        path: '/dev/ttyUSB0',
        vendorId: '1a86',
        productId: '7523',
        manufacturer: 'QinHeng Electronics',
        product: 'USB Serial',
        serialNumber: 'A1B2C3',
      },
    ]);
    expect(list).not.toHaveBeenCalled();
  });

  it('returns nothing when there is no tty class (a container without sysfs)', async () => {
    expect(await listSerialPorts({ sysRoot: path.join(tempDir(), 'nothing'), platform: 'linux' })).toEqual([]);
  });

  it('reads this machine’s real sysfs without spawning anything', async () => {
    const ports = await listSerialPorts({ platform: 'linux' });
    for (const port of ports) expect(port.path).toMatch(/^\/dev\/\S+$/);
    expect(list).not.toHaveBeenCalled();
  });
});

describe('listSerialPorts elsewhere', () => {
  it('asks serialport and maps its answer to the same shape', async () => {
    list.mockResolvedValueOnce([
      { path: 'COM3', vendorId: '1A86', productId: '7523', manufacturer: 'wch.cn', serialNumber: undefined },
      { path: 'COM1', manufacturer: '(Standard port types)' },
    ]);
    expect(await listSerialPorts({ platform: 'win32' })).toEqual([
      {
        path: 'COM3',
        vendorId: '1a86',
        productId: '7523',
        manufacturer: 'wch.cn',
        product: null,
        serialNumber: null,
      },
      {
        path: 'COM1',
        vendorId: null,
        productId: null,
        manufacturer: '(Standard port types)',
        product: null,
        serialNumber: null,
      },
    ]);
  });
});
