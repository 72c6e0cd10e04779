// ByteTransport over a character device that is not a serial port: the USB printer-class node Linux makes for
// a receipt printer (/dev/usb/lp0). Writes go straight to the device; the device is read without blocking,
// polled every few milliseconds, because a blocking read on it would hold a libuv thread until the printer
// speaks (and could not be cancelled on close).
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { TransportError, transportEvents, type ByteTransport } from './transport.ts';

export interface DeviceFileOptions {
  path: string;
  /** Time between two looks for bytes from the device. */
  readIntervalMs?: number;
}

export async function openDeviceFile(options: DeviceFileOptions): Promise<ByteTransport> {
  let handle: FileHandle;
  try {
    handle = await open(options.path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch (error) {
    throw new TransportError('TRANSPORT_OPEN_FAILED', `${options.path}: ${(error as Error).message}`);
  }
  const events = transportEvents();
  const buffer = Buffer.alloc(256);
  let reading = false;
  const finish = (error: Error | null) => {
    if (events.closed) return;
    clearInterval(poller);
    events.close(error);
    handle.close().catch(() => undefined);
  };
  const poll = async () => {
    if (reading || events.closed) return;
    reading = true;
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        events.data(Buffer.from(buffer.subarray(0, bytesRead)));
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EAGAIN: nothing to read now. Anything else (ENODEV, EIO: unplugged) ends the link.
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') finish(error as Error);
    } finally {
      reading = false;
    }
    if (!events.closed && !existsSync(options.path)) finish(new Error(`${options.path} is gone`));
  };
  const poller = setInterval(() => void poll(), options.readIntervalMs ?? 10);

  return {
    ...events.listeners,
    get isOpen() {
      return !events.closed;
    },
    async write(bytes) {
      if (events.closed) throw new TransportError('TRANSPORT_CLOSED', `${options.path} is closed`);
      let offset = 0;
      while (offset < bytes.length) {
        try {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
          offset += bytesWritten;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
            await new Promise((resolve) => setTimeout(resolve, 5)); // the device's buffer is full: wait a moment
            continue;
          }
          finish(error as Error);
          throw new TransportError('TRANSPORT_WRITE_FAILED', `${options.path}: ${(error as Error).message}`);
        }
      }
    },
    async close() {
      finish(null);
    },
  };
}
