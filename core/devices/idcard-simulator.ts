// Starts the ID card reader simulator process (devices.idcard.mode "simulator").
import { startSimulatorProcess } from './simulator-process.ts';

export interface IdCardSimulatorProcess {
  /** The PTY the kiosk opens as its reader. */
  path: string;
  /** The control socket `kioskctl sim …` talks to. */
  control: string;
  stop(): Promise<void>;
}

export async function startIdCardSimulatorProcess(options: {
  rootDir: string;
  /** Folder for the PTY links and the control socket. */
  dir: string;
  baudRate: number;
}): Promise<IdCardSimulatorProcess> {
  const sim = await startSimulatorProcess<{ ready: true; path: string; control: string }>({
    rootDir: options.rootDir,
    main: 'drivers/idcard/simulator/main.ts',
    args: ['--baud', String(options.baudRate), '--dir', options.dir],
    name: 'ID card reader',
  });
  return { path: sim.ready.path, control: sim.ready.control, stop: sim.stop };
}
