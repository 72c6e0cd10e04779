// ByteTransport over TCP: network receipt printers take raw ESC/POS on port 9100 and answer status on the
// same connection.
import net from 'node:net';
import { TransportError, transportEvents, type ByteTransport } from './transport.ts';

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up connecting after this long (a printer that is switched off never answers SYN). */
  connectTimeoutMs?: number;
}

export function openTcp(options: TcpOptions): Promise<ByteTransport> {
  const name = `${options.host}:${options.port}`;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: options.host, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new TransportError(
          'TRANSPORT_OPEN_FAILED',
          `${name}: no connection within ${options.connectTimeoutMs ?? 3000} ms`,
        ),
      );
    }, options.connectTimeoutMs ?? 3000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new TransportError('TRANSPORT_OPEN_FAILED', `${name}: ${error.message}`));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      const events = transportEvents();
      socket.on('data', (chunk: Buffer) => events.data(chunk));
      // After connecting, an error is always followed by 'close'; the close carries it to the listeners.
      let lastError: Error | null = null;
      socket.removeAllListeners('error');
      socket.on('error', (error) => (lastError = error));
      socket.on('close', () => events.close(lastError));
      resolve({
        ...events.listeners,
        get isOpen() {
          return !events.closed && !socket.destroyed;
        },
        write(bytes) {
          if (events.closed) return Promise.reject(new TransportError('TRANSPORT_CLOSED', `${name} is closed`));
          return new Promise((done, fail) =>
            socket.write(bytes, (error) =>
              error ? fail(new TransportError('TRANSPORT_WRITE_FAILED', `${name}: ${error.message}`)) : done(),
            ),
          );
        },
        close() {
          if (events.closed) return Promise.resolve();
          return new Promise((done) => {
            socket.once('close', () => done());
            socket.end();
            // A peer that never finishes its side would keep us waiting: cut it off.
            setTimeout(() => socket.destroy(), 500).unref();
          });
        },
      });
    });
  });
}
