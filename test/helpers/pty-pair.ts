// A real pseudo-terminal pair from socat: what one end writes, the other reads, as over a serial cable.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PtyPair {
  /** The end the driver opens (the "reader's port"). */
  host: string;
  /** The end the simulator opens. */
  device: string;
  close(): Promise<void>;
}

export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-pty-'));
  const host = path.join(dir, 'host');
  const device = path.join(dir, 'device');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
  let exited = false;
  socat.once('exit', () => (exited = true));
  for (let i = 0; i < 200 && !(existsSync(host) && existsSync(device)); i++) {
    if (exited) break;
    await sleep(10);
  }
  if (!existsSync(host) || !existsSync(device)) {
    socat.kill();
    rmSync(dir, { recursive: true, force: true });
    throw new Error('socat did not create the PTY pair (is socat installed? scripts/setup-system.sh installs it)');
  }
  return {
    host,
    device,
    close: async () => {
      if (!exited) {
        const gone = new Promise((resolve) => socat.once('exit', resolve));
        socat.kill();
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
