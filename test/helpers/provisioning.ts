// A kiosk run the way the shells run it (core/provisioning/runtime.ts) on a temp data folder, with no devices:
// blank until provisioned, unless its data folder holds a provisioning record.
import { createKioskCore } from '../../core/bootstrap.ts';
import { loadKioskSetup } from '../../core/provisioning/kiosk-setup.ts';
import { startKioskRuntime, type KioskRuntime } from '../../core/provisioning/runtime.ts';
import { testDevices } from './kiosk-host.ts';
import { ROOT_DIR } from './paths.ts';
import { silentLogger } from './silent-log.ts';

/** Overrides giving the default config a data folder and no devices; identity comes only from provisioning. */
export function blankKioskOverrides(dataDir: string): Record<string, unknown> {
  return { dataDir, ...testDevices() };
}

export function startRuntime(dataDir: string, options: { enrolTimeoutMs?: number } = {}): Promise<KioskRuntime> {
  const log = silentLogger();
  return startKioskRuntime({
    loadSetup: () => loadKioskSetup({ rootDir: ROOT_DIR, overrides: blankKioskOverrides(dataDir) }),
    startCore: (config, provisioning) =>
      createKioskCore({ config, rootDir: ROOT_DIR, dataDir, shell: 'browser', log, provisioning }),
    log,
    ...options,
  });
}

/** A provisioning form as a technician fills it in, for the hub at `hubUrl`. */
export function provisionForm(hubUrl: string, token: string, kioskCode = 'XW-PROV-001') {
  return {
    kioskCode,
    regionCode: '440825100201',
    siteName: '徐闻县示范村党群服务中心',
    siteAddress: '徐闻县示范村委会一楼',
    hubUrl,
    token,
  };
}
