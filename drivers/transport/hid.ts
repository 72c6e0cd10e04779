// ByteTransport over a USB HID device with node-hid, for the HID ID card reader 0483:572B (DOMAIN.md §1).
// That reader wraps the byte stream in 64-byte reports: byte 0 is the payload length (≤ 63), the payload
// follows, the rest is padding. Above this module the reader looks like any serial reader: bytes in, bytes out.
import HID from 'node-hid';
import { TransportError, transportEvents, type ByteTransport } from './transport.ts';

export const HID_REPORT_SIZE = 64;
export const HID_MAX_PAYLOAD = HID_REPORT_SIZE - 1;

/** Splits bytes into 64-byte reports: length byte, up to 63 payload bytes, zero padding. */
export function packReports(bytes: Uint8Array): Buffer[] {
  const reports: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += HID_MAX_PAYLOAD) {
    const payload = bytes.subarray(offset, offset + HID_MAX_PAYLOAD);
    const report = Buffer.alloc(HID_REPORT_SIZE);
    report[0] = payload.length;
    report.set(payload, 1);
    reports.push(report);
  }
  return reports;
}

/**
 * The payload of one input report (possibly empty), or null when the report cannot be one of this reader's:
 * empty, a length byte above 63, or a length byte claiming more bytes than the report holds.
 */
export function unpackReport(report: Uint8Array): Buffer | null {
  if (report.length === 0) return null;
  const length = report[0]!;
  if (length > HID_MAX_PAYLOAD || length > report.length - 1) return null;
  return Buffer.from(report.subarray(1, 1 + length));
}

/** The part of node-hid's HIDAsync this transport uses; tests pass a fake with the same shape. */
export interface HidDeviceHandle {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  write(data: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

export type HidTarget = { path: string } | { vendorId: number | string; productId: number | string };

export type OpenHidDevice = (target: HidTarget) => Promise<HidDeviceHandle>;

export type HidOptions = HidTarget & {
  /**
   * Report-id byte put before every output report. hidapi (and so node-hid, on Linux hidraw as elsewhere)
   * takes the report id as the first byte of each write and, when it is 0 (a device without numbered
   * reports), strips it before sending — without it the length byte would be eaten. Default 0; null sends
   * the bare 64-byte report (only for a stack that does not expect the id byte).
   */
  reportId?: number | null;
  /** Opens the device; node-hid's HIDAsync by default (tests inject a fake). */
  open?: OpenHidDevice;
};

export interface HidTransport extends ByteTransport {
  /** Input reports dropped because their length byte made no sense (noise, or not this reader's framing). */
  readonly droppedReports: number;
}

/** USB ids as numbers: 0x0483 or '0483' (the lower-case hex the profiles use). */
function usbId(value: number | string): number {
  return typeof value === 'number' ? value : Number.parseInt(value, 16);
}

function deviceName(target: HidTarget): string {
  if ('path' in target) return `HID ${target.path}`;
  const hex = (value: number) => value.toString(16).padStart(4, '0');
  return `HID ${hex(usbId(target.vendorId))}:${hex(usbId(target.productId))}`;
}

// The async API reads on node-hid's own thread, so a read never blocks the event loop.
const openWithNodeHid: OpenHidDevice = (target) =>
  'path' in target
    ? HID.HIDAsync.open(target.path)
    : HID.HIDAsync.open(usbId(target.vendorId), usbId(target.productId));

export async function openHid(options: HidOptions): Promise<HidTransport> {
  const { reportId = 0, open = openWithNodeHid, ...target } = options;
  const name = deviceName(target);
  let device: HidDeviceHandle;
  try {
    device = await open(target);
  } catch (error) {
    throw new TransportError('TRANSPORT_OPEN_FAILED', `${name}: ${(error as Error).message}`);
  }

  const events = transportEvents();
  let dropped = 0;
  // Whole writes go out one after another, so the reports of two frames never interleave.
  let writing: Promise<unknown> = Promise.resolve();

  device.on('data', (report) => {
    if (events.closed) return;
    const payload = unpackReport(report);
    if (payload === null) dropped++;
    else if (payload.length > 0) events.data(payload);
  });
  // A read error means the device is gone (unplugged) or broken: the link ends here.
  device.on('error', (error) => {
    if (events.closed) return;
    events.close(error);
    device.close().catch(() => undefined);
  });

  const sendAll = async (bytes: Uint8Array) => {
    for (const report of packReports(bytes)) {
      if (events.closed) throw new TransportError('TRANSPORT_CLOSED', `${name} is closed`);
      const out = reportId === null ? report : Buffer.concat([Buffer.of(reportId), report]);
      try {
        await device.write(out);
      } catch (error) {
        throw new TransportError('TRANSPORT_WRITE_FAILED', `${name}: ${(error as Error).message}`);
      }
    }
  };

  return {
    ...events.listeners,
    get isOpen() {
      return !events.closed;
    },
    get droppedReports() {
      return dropped;
    },
    write(bytes) {
      if (events.closed) return Promise.reject(new TransportError('TRANSPORT_CLOSED', `${name} is closed`));
      const done = writing.then(() => sendAll(bytes));
      writing = done.catch(() => undefined);
      return done;
    },
    async close() {
      if (events.closed) return;
      events.close(null);
      await device.close().catch(() => undefined);
    },
  };
}
