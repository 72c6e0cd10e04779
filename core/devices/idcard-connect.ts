// Chooses how to reach the ID card reader from the kiosk's configuration.
import { serialReader } from '../../drivers/idcard/connect.ts';
import type { ConnectReader } from '../../drivers/idcard/session.ts';
import { KioskError } from '../api/errors.ts';
import type { IdCardReaderConfig } from '../config/config.ts';

export interface ConnectorContext {
  /** The PTY path of the running simulator process, in simulator mode. */
  simulatorPath?: string | undefined;
}

/** The reader connector for a config; null when the kiosk has no reader. */
export function idcardConnector(config: IdCardReaderConfig, context: ConnectorContext = {}): ConnectReader | null {
  switch (config.mode) {
    case 'none':
      return null;
    case 'serial':
      return serialReader(config.path!, config.baudRate);
    case 'simulator':
      if (context.simulatorPath === undefined) {
        throw new KioskError(
          'CONFIG_INVALID',
          'devices.idcard.mode is "simulator" but no simulator is running (npm start starts one)',
        );
      }
      return serialReader(context.simulatorPath, config.baudRate);
    case 'hid':
    case 'auto':
      throw new KioskError('CONFIG_INVALID', `devices.idcard.mode "${config.mode}" is not available yet`);
  }
}
