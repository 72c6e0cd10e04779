// The device simulators a config asks for (mode "simulator"), started before the kiosk core so it can open
// their PTYs like real devices. Both shells use this; a provisioned kiosk names real devices and starts none.
import path from 'node:path';
import type { KioskConfig } from '../config/config.ts';
import { startIdCardSimulatorProcess, type IdCardSimulatorProcess } from './idcard-simulator.ts';
import { startPrinterSimulatorProcess, type PrinterSimulatorProcess } from './printer-simulator.ts';

export interface RunningSimulators {
  idcard?: IdCardSimulatorProcess;
  printer?: PrinterSimulatorProcess;
  stop(): Promise<void>;
}

export async function startConfiguredSimulators(
  config: KioskConfig,
  rootDir: string,
  dataDir: string,
): Promise<RunningSimulators> {
  const running: RunningSimulators = {
    stop: async () => {
      await Promise.all([running.idcard?.stop(), running.printer?.stop()]);
    },
  };
  try {
    if (config.devices.idcard.mode === 'simulator') {
      running.idcard = await startIdCardSimulatorProcess({
        rootDir,
        dir: path.join(dataDir, 'idcard-simulator'),
        baudRate: config.devices.idcard.baudRate,
      });
    }
    if (config.devices.receiptPrinter.mode === 'simulator') {
      running.printer = await startPrinterSimulatorProcess({
        rootDir,
        dir: path.join(dataDir, 'printer-simulator'),
        paper: config.devices.receiptPrinter.paper,
      });
    }
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}
