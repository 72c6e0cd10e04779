// A simulated receipt printer on a real pseudo-terminal: socat makes the PTY pair, the printer sits on the
// device end, and the driver opens the host end like a USB-serial printer's /dev/ttyUSB0.
import { startPtyDevice } from '../../simulators/pty-device.ts';
import type { PtyPairOptions } from '../../transport/pty-pair.ts';
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
  const printer = options.printer ?? new SimulatedPrinter();
  const device = await startPtyDevice(options, (deviceEnd) => servePrinter(printer, deviceEnd));
  return { path: device.path, printer, unplug: device.unplug, replug: device.replug, close: device.close };
}
