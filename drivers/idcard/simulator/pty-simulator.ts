// A simulated reader on a real pseudo-terminal: socat makes the PTY pair, the simulator answers on the device
// end, and the driver opens the host end like any serial port. Used by the simulator process, the tests and
// the benchmark.
import { openPtyPair, type PtyPair, type PtyPairOptions } from '../../transport/pty-pair.ts';
import { openSerial } from '../../transport/serial.ts';
import type { ByteTransport } from '../../transport/transport.ts';
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
  const pair: PtyPair = await openPtyPair(options.dir === undefined ? {} : { dir: options.dir });
  const reader = new SimulatedReader();
  const faults = noFaults();
  let deviceEnd: ByteTransport | null = null;
  let stopServing: (() => void) | null = null;

  const attach = async () => {
    deviceEnd = await openSerial({ path: pair.device, baudRate: options.baudRate || 115200 });
    stopServing = serveReader(reader, deviceEnd, {
      baudRate: options.baudRate,
      faults,
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    });
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
    reader,
    faults,
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
