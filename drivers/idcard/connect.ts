// Ways to reach a reader, as ConnectReader functions for the session: a serial port at a known path (also
// USB-CDC readers and the simulator's PTY), a HID reader, or auto-detection through the device profiles.
import { existsSync } from 'node:fs';
import { listHidDevices, type HidDeviceInfo } from '../devices/hid-devices.ts';
import { listSerialPorts, type SerialPortInfo } from '../devices/serial-ports.ts';
import { openHid, type HidTarget } from '../transport/hid.ts';
import { openSerial } from '../transport/serial.ts';
import { IdCardError } from './errors.ts';
import { matchProfiles, type ReaderProfile } from './profiles.ts';
import { IdCardReader } from './reader.ts';
import type { ConnectReader, ReaderLink } from './session.ts';

export function serialReader(path: string, baudRate: number): ConnectReader {
  return async () => {
    const transport = await openSerial({ path, baudRate }).catch((error: Error) => {
      throw new IdCardError('IDCARD_NO_READER', `cannot open the reader's port: ${error.message}`);
    });
    return {
      transport,
      description: `serial ${path} @ ${baudRate}`,
      baudRate,
      // An unplugged USB-serial adapter (and a PTY whose far end is gone) loses its device node.
      stillPresent: () => existsSync(path),
    };
  };
}

export function hidReader(target: HidTarget): ConnectReader {
  return async () => {
    const transport = await openHid(target).catch((error: Error) => {
      throw new IdCardError('IDCARD_NO_READER', `cannot open the HID reader: ${error.message}`);
    });
    const name = 'path' in target ? target.path : `${target.vendorId}:${target.productId}`;
    return {
      transport,
      description: `HID ${name}`,
      baudRate: 0,
      // hidraw paths vanish when unplugged; other backends report removal as a read error (the link closes).
      stillPresent: () => !('path' in target) || !target.path.startsWith('/') || existsSync(target.path),
    };
  };
}

/** A device that matches a profile, in the order auto-detection tries them. */
export interface ReaderCandidate {
  profile: ReaderProfile;
  connect: ConnectReader;
  description: string;
}

export interface DeviceLists {
  serial: SerialPortInfo[];
  hid: HidDeviceInfo[];
}

/**
 * Every (device, profile) pair worth trying. Only devices whose USB ids a profile names are tried, plus an
 * explicitly configured serial path: probing unknown ports would send reader commands to whatever else is
 * plugged in (a receipt printer would print them).
 */
export function readerCandidates(profiles: ReaderProfile[], devices: DeviceLists, path?: string): ReaderCandidate[] {
  const candidates: ReaderCandidate[] = [];
  if (path !== undefined) {
    for (const profile of profiles.filter((p) => p.transport === 'serial')) {
      candidates.push({
        profile,
        connect: serialReader(path, profile.baudRate!),
        description: `${path} as ${profile.id}`,
      });
    }
  }
  for (const port of devices.serial) {
    if (port.path === path || port.vendorId === null || port.productId === null) continue;
    const ids = { vendorId: port.vendorId, productId: port.productId, transport: 'serial' as const };
    for (const profile of matchProfiles(profiles, ids)) {
      candidates.push({
        profile,
        connect: serialReader(port.path, profile.baudRate!),
        description: `${port.path} as ${profile.id}`,
      });
    }
  }
  for (const device of devices.hid) {
    const ids = { vendorId: device.vendorId, productId: device.productId, transport: 'hid' as const };
    for (const profile of matchProfiles(profiles, ids)) {
      const target: HidTarget = device.path ? { path: device.path } : ids;
      candidates.push({
        profile,
        connect: hidReader(target),
        description: `HID ${device.path ?? ''} as ${profile.id}`,
      });
    }
  }
  return candidates;
}

async function listDevices(): Promise<DeviceLists> {
  const [serial, hid] = await Promise.all([listSerialPorts().catch(() => []), listHidDevices()]);
  return { serial, hid: hid.devices };
}

/** Opens a candidate and keeps it only if it answers a SAM id request like a reader. */
async function probe(candidate: ReaderCandidate, timeoutMs: number): Promise<ReaderLink | null> {
  let link: ReaderLink;
  try {
    link = await candidate.connect();
  } catch {
    return null;
  }
  const reader = new IdCardReader(link.transport, { baudRate: link.baudRate, responseTimeoutMs: timeoutMs });
  try {
    await reader.readSamId();
    reader.detach();
    return { ...link, description: `${link.description} (${candidate.profile.id})` };
  } catch {
    await reader.close().catch(() => undefined);
    return null;
  }
}

export interface AutoDetectOptions {
  profiles: ReaderProfile[];
  /** A serial path to try with every serial profile (a motherboard RS-232 port has no USB ids). */
  path?: string | undefined;
  /** How long a candidate may take to answer. */
  probeTimeoutMs?: number;
  /** Device listing; the real ports and HID devices by default (tests pass their own). */
  list?: () => Promise<DeviceLists>;
}

/** Finds the reader by trying every candidate in turn; run again on every reconnect, so a replug may move it. */
export function autoDetectReader(options: AutoDetectOptions): ConnectReader {
  return async () => {
    const candidates = readerCandidates(options.profiles, await (options.list ?? listDevices)(), options.path);
    for (const candidate of candidates) {
      const link = await probe(candidate, options.probeTimeoutMs ?? 500);
      if (link) return link;
    }
    const tried = candidates.map((candidate) => candidate.description).join(', ');
    throw new IdCardError(
      'IDCARD_NO_READER',
      candidates.length === 0
        ? 'no connected device matches an ID card reader profile'
        : `no device answered like an ID card reader (tried ${tried})`,
    );
  };
}
