// Chooses how to reach the receipt printer from the kiosk's configuration.
import { openDeviceFile } from '../../drivers/transport/device-file.ts';
import { openSerial } from '../../drivers/transport/serial.ts';
import { openTcp } from '../../drivers/transport/tcp.ts';
import type { ByteTransport } from '../../drivers/transport/transport.ts';
import { KioskError } from '../api/errors.ts';
import type { ReceiptPrinterConfig } from '../config/config.ts';

/** The receipt printer connector for a config; null when the kiosk has none. */
export function receiptPrinterConnector(
  config: ReceiptPrinterConfig,
  simulatorPath?: string,
): (() => Promise<ByteTransport>) | null {
  switch (config.mode) {
    case 'none':
      return null;
    case 'serial':
      return () => openSerial({ path: config.path!, baudRate: config.baudRate });
    case 'device':
      return () => openDeviceFile({ path: config.path! });
    case 'tcp':
      return () => openTcp({ host: config.host!, port: config.port });
    case 'simulator':
      if (simulatorPath === undefined) {
        throw new KioskError(
          'CONFIG_INVALID',
          'devices.receiptPrinter.mode is "simulator" but no printer simulator is running (npm start starts one)',
        );
      }
      return () => openSerial({ path: simulatorPath, baudRate: config.baudRate });
  }
}
