// A simulated reader on a real pseudo-terminal: socat makes the PTY pair, the simulator answers on the device
// end, and the driver opens the host end like any serial port. Used by the simulator process, the tests and
// the benchmark.
import { startPtyDevice } from '../../simulators/pty-device.ts';
import type { PtyPairOptions } from '../../transport/pty-pair.ts';
import { SimulatedReader } from './reader-model.ts';
import { noFaults, serveReader, type ReplyFaults, type ServeOptions } from './serve.ts';

export interface PtySimulator {
  /** The path the driver opens. */
  readonly path: string;
  readonly reader: SimulatedReader;
  /** Live fault switches. */
  readonly faults: ReplyFaults;
  /** Pulls the cable: the path disappears and the simulator stops answering. */
  unplug(): Promise<void>;
  /** Puts it back at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface PtySimulatorOptions extends PtyPairOptions {
  baudRate: number;
  onExchange?: ServeOptions['onExchange'];
}

export async function startPtySimulator(options: PtySimulatorOptions): Promise<PtySimulator> {
  const reader = new SimulatedReader();
  const faults = noFaults();
  const device = await startPtyDevice(options, (deviceEnd) =>
    serveReader(reader, deviceEnd, {
      baudRate: options.baudRate,
      faults,
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    }),
  );
  return { path: device.path, reader, faults, unplug: device.unplug, replug: device.replug, close: device.close };
}
