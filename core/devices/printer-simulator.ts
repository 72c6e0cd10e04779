// Starts the receipt printer simulator process (devices.receiptPrinter.mode "simulator"); every receipt it
// prints is saved as a PNG (and its decoded text as JSON) in the output folder, for a person to look at.
import path from 'node:path';
import { startSimulatorProcess } from './simulator-process.ts';

export interface PrinterSimulatorProcess {
  /** The PTY the kiosk opens as its printer. */
  path: string;
  control: string;
  /** Where receipt-N.png and receipt-N.json go. */
  outDir: string;
  stop(): Promise<void>;
}

export async function startPrinterSimulatorProcess(options: {
  rootDir: string;
  dir: string;
  paper: '58mm' | '80mm';
}): Promise<PrinterSimulatorProcess> {
  const outDir = path.join(options.dir, 'receipts');
  const sim = await startSimulatorProcess<{ ready: true; pty: string; control: string }>({
    rootDir: options.rootDir,
    main: 'drivers/printer/simulator/main.ts',
    args: [
      '--pty',
      options.dir,
      '--paper',
      options.paper,
      '--out',
      outDir,
      '--control',
      path.join(options.dir, 'control.sock'),
    ],
    name: 'receipt printer',
  });
  return { path: sim.ready.pty, control: sim.ready.control, outDir, stop: sim.stop };
}
