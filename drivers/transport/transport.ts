// One interface for the byte links devices sit behind: a serial port (or USB-CDC, or a PTY in tests) and,
// later, HID reports. Drivers see bytes in, bytes out, and a close.

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
