// Which kiosk this is, at start: the config files merged with the provisioning record when there is one. A
// kiosk with neither a record nor a kiosk code in its own config files has no identity and starts in
// provisioning mode; its config then serves only for the data folder, the port and the devices.
import { configNamesKiosk, dataDirOf, loadConfig, type KioskConfig, type LoadConfigOptions } from '../config/config.ts';
import { provisioningFile, readProvisioningRecord, recordAsConfigLayer, type ProvisioningRecord } from './record.ts';

export type KioskIdentity = 'provisioned' | 'configured' | 'none';

export interface KioskSetup {
  identity: KioskIdentity;
  /** With identity 'none', its kioskCode, siteName and regionCode are the demo defaults: never serve with them. */
  config: KioskConfig;
  dataDir: string;
  record: ProvisioningRecord | null;
}

export function loadKioskSetup(options: Omit<LoadConfigOptions, 'provisioning'>): KioskSetup {
  const files = loadConfig(options);
  const dataDir = dataDirOf(files, options.rootDir);
  const record = readProvisioningRecord(dataDir);
  if (record) {
    const provisioning = { file: provisioningFile(dataDir), data: recordAsConfigLayer(record) };
    return { identity: 'provisioned', config: loadConfig({ ...options, provisioning }), dataDir, record };
  }
  return { identity: configNamesKiosk(options) ? 'configured' : 'none', config: files, dataDir, record: null };
}
