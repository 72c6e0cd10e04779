// A simulated network receipt printer: a TCP server on 127.0.0.1 taking raw ESC/POS, as printers do on port
// 9100. Each connection has its own parser (a client that drops mid-command leaves nothing half-read behind),
// all of them print on the same printer, and status answers go back on the connection that asked.
import net from 'node:net';
import { transportEvents, TransportError, type ByteTransport } from '../../transport/transport.ts';
import { SimulatedPrinter } from './printer-model.ts';
import { servePrinter } from './serve.ts';

export interface TcpPrinterSimulator {
  readonly host: string;
  /** The port the server listens on (chosen by the system when 0 was asked for). */
  readonly port: number;
  readonly printer: SimulatedPrinter;
  /** Connections open now. */
  readonly connections: number;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

export interface TcpPrinterSimulatorOptions {
  /** 0 (the default) lets the system choose. */
  port?: number;
  host?: string;
  printer?: SimulatedPrinter;
}

/** The server side of one connection as a ByteTransport, so the same serve loop works on PTYs and sockets. */
function socketTransport(socket: net.Socket): ByteTransport {
  const events = transportEvents();
  socket.on('data', (chunk: Buffer) => events.data(chunk));
  // A client that vanishes mid-job resets the connection: an error, then 'close'. Neither may crash the server.
  socket.on('error', () => undefined);
  socket.on('close', () => events.close(null));
  return {
    ...events.listeners,
    get isOpen() {
      return !events.closed && !socket.destroyed;
    },
    write(bytes) {
      if (events.closed) return Promise.reject(new TransportError('TRANSPORT_CLOSED', 'the client is gone'));
      return new Promise((resolve, reject) =>
        socket.write(bytes, (error) =>
          error ? reject(new TransportError('TRANSPORT_WRITE_FAILED', error.message)) : resolve(),
        ),
      );
    },
    close() {
      socket.destroy();
      return Promise.resolve();
    },
  };
}

export async function startTcpPrinterSimulator(options: TcpPrinterSimulatorOptions = {}): Promise<TcpPrinterSimulator> {
  const host = options.host ?? '127.0.0.1';
  const printer = options.printer ?? new SimulatedPrinter();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    const stop = servePrinter(printer, socketTransport(socket));
    socket.once('close', () => {
      stop();
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    host,
    port: address.port,
    printer,
    get connections() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
