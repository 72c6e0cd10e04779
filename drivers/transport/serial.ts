// ByteTransport over a serial device (RS-232, USB-CDC, or a pseudo-terminal) with the serialport package.
import { SerialPort } from 'serialport';
import { TransportError, transportEvents, type ByteTransport } from './transport.ts';

export interface SerialOptions {
  path: string;
  baudRate: number;
}

export async function openSerial(options: SerialOptions): Promise<ByteTransport> {
  const port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error ? reject(new TransportError('TRANSPORT_OPEN_FAILED', `${options.path}: ${error.message}`)) : resolve(),
    ),
  );
  const events = transportEvents();
  port.on('data', (chunk: Buffer) => events.data(chunk));
  port.on('close', (error: Error | null | undefined) => events.close(error ?? null));
  // Errors after opening end in 'close' on Linux; keep them from becoming unhandled.
  port.on('error', () => undefined);

  return {
    ...events.listeners,
    get isOpen() {
      return !events.closed && port.isOpen;
    },
    write(bytes) {
      if (events.closed) return Promise.reject(new TransportError('TRANSPORT_CLOSED', `${options.path} is closed`));
      return new Promise((resolve, reject) => {
        port.write(Buffer.from(bytes), (error) => {
          if (error) return reject(new TransportError('TRANSPORT_WRITE_FAILED', error.message));
          port.drain((drainError) =>
            drainError ? reject(new TransportError('TRANSPORT_WRITE_FAILED', drainError.message)) : resolve(),
          );
        });
      });
    },
    close() {
      if (events.closed || !port.isOpen) return Promise.resolve();
      return new Promise((resolve) => port.close(() => resolve()));
    },
  };
}
