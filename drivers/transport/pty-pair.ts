// A real pseudo-terminal pair from socat: what one end writes, the other reads, as over a serial cable.
// Simulators sit on the device end; drivers open the host end exactly as they open /dev/ttyUSB0.
// unplug() and replug() imitate pulling the USB cable and putting it back: the host path vanishes, then
// reappears at the same place.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PtyPair {
  /** The end the driver opens (the "reader's port"). */
  host: string;
  /** The end the simulator opens. */
  device: string;
  /** Ends socat: both ends close and both paths disappear. */
  unplug(): Promise<void>;
  /** Starts socat again on the same paths. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Folder for the two links; a new temporary folder when absent. */
  dir?: string;
}

async function startSocat(host: string, device: string): Promise<ChildProcess> {
  const socat = spawn('socat', [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
  let exited = false;
  socat.once('exit', () => (exited = true));
  socat.once('error', () => (exited = true));
  for (let i = 0; i < 300 && !(existsSync(host) && existsSync(device)); i++) {
    if (exited) break;
    await sleep(10);
  }
  if (!existsSync(host) || !existsSync(device)) {
    socat.kill();
    throw new Error('socat did not create the PTY pair (is socat installed? scripts/setup-system.sh installs it)');
  }
  return socat;
}

async function stopSocat(socat: ChildProcess | null): Promise<void> {
  if (!socat || socat.exitCode !== null || socat.signalCode !== null) return;
  const gone = new Promise((resolve) => socat.once('exit', resolve));
  socat.kill();
  await gone;
}

export async function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'kiosk-pty-'));
  const host = path.join(dir, 'host');
  const device = path.join(dir, 'device');
  let socat: ChildProcess | null = null;
  try {
    socat = await startSocat(host, device);
  } catch (error) {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    device,
    unplug: async () => {
      await stopSocat(socat);
      socat = null;
    },
    replug: async () => {
      await stopSocat(socat);
      socat = await startSocat(host, device);
    },
    close: async () => {
      await stopSocat(socat);
      socat = null;
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
