// A simulated receipt printer on a real pseudo-terminal: socat makes the PTY pair, the printer sits on the
// device end, and the driver opens the host end like a USB-serial printer's /dev/ttyUSB0.
import { openPtyPair, type PtyPair, type PtyPairOptions } from '../../transport/pty-pair.ts';
import { openSerial } from '../../transport/serial.ts';
import type { ByteTransport } from '../../transport/transport.ts';
import { SimulatedPrinter } from './printer-model.ts';
import { servePrinter } from './serve.ts';

export interface PtyPrinterSimulator {
  /** The path the driver opens. */
  readonly path: string;
  readonly printer: SimulatedPrinter;
  /** Pulls the cable: the path disappears and the printer hears nothing more. */
  unplug(): Promise<void>;
  /** Puts it back at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface PtyPrinterSimulatorOptions extends PtyPairOptions {
  /** The printer to serve; a new 58 mm one when absent. */
  printer?: SimulatedPrinter;
}

export async function startPtyPrinterSimulator(options: PtyPrinterSimulatorOptions = {}): Promise<PtyPrinterSimulator> {
  const pair: PtyPair = await openPtyPair(options.dir === undefined ? {} : { dir: options.dir });
  const printer = options.printer ?? new SimulatedPrinter();
  let deviceEnd: ByteTransport | null = null;
  let stopServing: (() => void) | null = null;

  const attach = async () => {
    // A PTY has no line speed; the number only satisfies the serial port.
    deviceEnd = await openSerial({ path: pair.device, baudRate: 115200 });
    stopServing = servePrinter(printer, deviceEnd);
  };
  const detach = async () => {
    stopServing?.();
    stopServing = null;
    await deviceEnd?.close();
    deviceEnd = null;
  };
  try {
    await attach();
  } catch (error) {
    await pair.close();
    throw error;
  }

  return {
    path: pair.host,
    printer,
    unplug: async () => {
      await detach();
      await pair.unplug();
    },
    replug: async () => {
      await pair.replug();
      await attach();
    },
    close: async () => {
      await detach();
      await pair.close();
    },
  };
}
