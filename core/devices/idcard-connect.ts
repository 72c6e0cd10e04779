// Chooses how to reach the ID card reader from the kiosk's configuration.
import path from 'node:path';
import { autoDetectReader, hidReader, serialReader } from '../../drivers/idcard/connect.ts';
import type { ReaderProfile } from '../../drivers/idcard/profiles.ts';
import { loadReaderProfiles } from '../config/reader-profiles.ts';
import type { ConnectReader } from '../../drivers/idcard/session.ts';
import { KioskError } from '../api/errors.ts';
import type { IdCardReaderConfig } from '../config/config.ts';

export interface ConnectorContext {
  /** Project root: the reader profiles are in kiosk-config/devices/ under it. */
  rootDir: string;
  /** The PTY path of the running simulator process, in simulator mode. */
  simulatorPath?: string | undefined;
}

/** The reader connector for a config; null when the kiosk has no reader. */
function readerProfiles(rootDir: string): ReaderProfile[] {
  try {
    return loadReaderProfiles(path.join(rootDir, 'kiosk-config', 'devices', 'idcard-readers.json'));
  } catch (error) {
    throw new KioskError('CONFIG_INVALID', (error as Error).message);
  }
}

export function idcardConnector(config: IdCardReaderConfig, context: ConnectorContext): ConnectReader | null {
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
    case 'hid': {
      if (config.path !== undefined) return hidReader({ path: config.path });
      const usb = readerProfiles(context.rootDir).find((profile) => profile.transport === 'hid')?.usb[0];
      if (!usb)
        throw new KioskError('CONFIG_INVALID', 'devices.idcard.mode "hid" needs a path or a HID reader profile');
      return hidReader(usb);
    }
    case 'auto':
      return autoDetectReader({ profiles: readerProfiles(context.rootDir), path: config.path });
  }
}
