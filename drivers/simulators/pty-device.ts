// A simulated device on a real pseudo-terminal: socat makes the PTY pair, the device model is served on the
// device end, and drivers open the host end like any serial port. Unplug and replug imitate the cable.
import { openPtyPair, type PtyPairOptions } from '../transport/pty-pair.ts';
import { openSerial } from '../transport/serial.ts';
import type { ByteTransport } from '../transport/transport.ts';

export interface PtyDevice {
  /** The path the driver opens. */
  readonly path: string;
  /** Pulls the cable: the path disappears and the device hears nothing more. */
  unplug(): Promise<void>;
  /** Puts it back at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** `serve` starts answering on the device end and returns the function that stops it. */
export async function startPtyDevice(
  options: PtyPairOptions,
  serve: (deviceEnd: ByteTransport) => () => void,
): Promise<PtyDevice> {
  const pair = await openPtyPair(options.dir === undefined ? {} : { dir: options.dir });
  let deviceEnd: ByteTransport | null = null;
  let stopServing: (() => void) | null = null;

  const attach = async () => {
    // A PTY has no line speed; the number only satisfies the serial port (simulators pace themselves).
    deviceEnd = await openSerial({ path: pair.device, baudRate: 115200 });
    stopServing = serve(deviceEnd);
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
