// Listing HID devices: node-hid's records mapped to hex ids, and failures turned into a message.
// This machine has no HID devices (and no /dev/uhid to make one), so the real enumeration can only be checked
// for not failing; the mapping is checked with records shaped like node-hid's.
import { describe, expect, it } from 'vitest';
import { listHidDevices } from '../../drivers/devices/hid-devices.ts';

describe('listHidDevices', () => {
  it('maps node-hid records to lower-case hex ids and nulls', async () => {
    const list = await listHidDevices(async () => [
      { vendorId: 0x0483, productId: 0x572b, path: '/dev/hidraw0', manufacturer: 'STMicroelectronics', product: '' },
      { vendorId: 0x46d, productId: 0xc52b, path: '/dev/hidraw1', manufacturer: undefined, product: 'USB Receiver' },
      { vendorId: 0x1, productId: 0x2 },
    ]);
    expect(list).toEqual({
      devices: [
        {
          path: '/dev/hidraw0',
          vendorId: '0483',
          productId: '572b',
          manufacturer: 'STMicroelectronics',
          product: null,
        },
        { path: '/dev/hidraw1', vendorId: '046d', productId: 'c52b', manufacturer: null, product: 'USB Receiver' },
        { path: null, vendorId: '0001', productId: '0002', manufacturer: null, product: null },
      ],
      error: null,
    });
  });

  it('turns a failure into an empty list and a message, never a throw', async () => {
    expect(await listHidDevices(() => Promise.reject(new Error('hid_init failed')))).toEqual({
      devices: [],
      error: 'cannot list HID devices: hid_init failed',
    });
    expect(
      await listHidDevices(() => {
        throw new Error('native module missing');
      }),
    ).toEqual({ devices: [], error: 'cannot list HID devices: native module missing' });
  });

  it('asks the real node-hid without failing', async () => {
    const list = await listHidDevices();
    expect(list.error).toBeNull();
    for (const device of list.devices) expect(device.vendorId).toMatch(/^[0-9a-f]{4}$/);
  });
});
