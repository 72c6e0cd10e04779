// The options every kioskctl command that works on this kiosk's own data takes: which config (--config FILE,
// else KIOSK_CONFIG) and profile, and the data folder that config names.
import { dataDirOf, loadConfig, type KioskConfig } from '../config/config.ts';

export const KIOSK_CONFIG_OPTIONS = {
  config: { type: 'string', multiple: true },
  profile: { type: 'string' },
} as const;

export function kioskConfigOf(
  values: { config?: string[] | undefined; profile?: string | undefined },
  rootDir: string,
): { config: KioskConfig; dataDir: string } {
  const config = loadConfig({
    rootDir,
    profile: values.profile,
    siteFiles: values.config ?? (process.env.KIOSK_CONFIG ? [process.env.KIOSK_CONFIG] : []),
  });
  return { config, dataDir: dataDirOf(config, rootDir) };
}
