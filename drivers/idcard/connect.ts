// Ways to reach a reader, as ConnectReader functions for the session: a serial port at a known path (also
// USB-CDC readers and the simulator's PTY).
import { existsSync } from 'node:fs';
import { openSerial } from '../transport/serial.ts';
import { IdCardError } from './errors.ts';
import type { ConnectReader } from './session.ts';

export function serialReader(path: string, baudRate: number): ConnectReader {
  return async () => {
    const transport = await openSerial({ path, baudRate }).catch((error: Error) => {
      throw new IdCardError('IDCARD_NO_READER', `cannot open the reader's port: ${error.message}`);
    });
    return {
      transport,
      description: `serial ${path} @ ${baudRate}`,
      baudRate,
      // An unplugged USB-serial adapter (and a PTY whose far end is gone) loses its device node.
      stillPresent: () => existsSync(path),
    };
  };
}
