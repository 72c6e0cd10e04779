// The HID devices of this machine, for the technician's device list and for finding the HID ID card reader.
// Never throws: a missing native module or a denied enumeration must not take the device screen down.
import HID from 'node-hid';

export interface HidDeviceInfo {
  /** What openHid({ path }) takes: /dev/hidraw0 on Linux, a long \\?\hid#… path on Windows. */
  path: string | null;
  /** USB ids as lower-case 4-digit hex ('0483'). */
  vendorId: string;
  productId: string;
  manufacturer: string | null;
  product: string | null;
}

export interface HidDeviceList {
  devices: HidDeviceInfo[];
  /** Why the list is empty when enumeration failed; null when it worked. */
  error: string | null;
}

/** node-hid's device record, as far as it is used here. */
export type RawHidDevice = Pick<HID.Device, 'vendorId' | 'productId' | 'path' | 'manufacturer' | 'product'>;

// devicesAsync enumerates off the main thread; older node-hid builds only have the blocking devices().
const enumerate = (): Promise<RawHidDevice[]> =>
  typeof HID.devicesAsync === 'function' ? HID.devicesAsync() : Promise.resolve(HID.devices());

const hex = (id: number) => id.toString(16).padStart(4, '0');

export async function listHidDevices(list: () => Promise<RawHidDevice[]> = enumerate): Promise<HidDeviceList> {
  try {
    const raw = await list();
    return {
      devices: raw.map((device) => ({
        path: device.path || null,
        vendorId: hex(device.vendorId),
        productId: hex(device.productId),
        manufacturer: device.manufacturer || null,
        product: device.product || null,
      })),
      error: null,
    };
  } catch (error) {
    return { devices: [], error: `cannot list HID devices: ${(error as Error)?.message ?? String(error)}` };
  }
}
