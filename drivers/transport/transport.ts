// One interface for the byte links devices sit behind: a serial port (or USB-CDC, or a PTY in tests) and
// HID reports. Drivers see bytes in, bytes out, and a close.
import { EventEmitter } from 'node:events';

export interface ByteTransport {
  /** Sends bytes; resolves once the operating system has taken them. */
  write(bytes: Uint8Array): Promise<void>;
  /** Receives every chunk of bytes as it arrives; returns the function that stops receiving. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the link goes away (unplugged, closed, or failed). */
  onClose(listener: (error: Error | null) => void): () => void;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

export class TransportError extends Error {
  constructor(
    readonly code: 'TRANSPORT_OPEN_FAILED' | 'TRANSPORT_WRITE_FAILED' | 'TRANSPORT_CLOSED',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Seconds a byte takes on an 8N1 serial line (start + 8 data + stop bits). */
export function byteTimeMs(baudRate: number): number {
  return (10 / baudRate) * 1000;
}

/**
 * The listener side every ByteTransport shares: data goes to every listener, close is announced once.
 * Transports spread `listeners` into the object they return and call `data` / `close` as things happen.
 */
export function transportEvents() {
  const emitter = new EventEmitter();
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    data(chunk: Buffer): void {
      if (!closed) emitter.emit('data', chunk);
    },
    /** Marks the link closed and tells the close listeners; later calls do nothing. */
    close(error: Error | null): void {
      if (closed) return;
      closed = true;
      emitter.emit('close', error);
    },
    listeners: {
      onData(listener: (chunk: Buffer) => void): () => void {
        emitter.on('data', listener);
        return () => emitter.off('data', listener);
      },
      onClose(listener: (error: Error | null) => void): () => void {
        emitter.once('close', listener);
        return () => emitter.off('close', listener);
      },
    } satisfies Pick<ByteTransport, 'onData' | 'onClose'>,
  };
}
