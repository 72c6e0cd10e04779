// kioskctl provision | decommission: the scriptable side of provisioning. provision enrols this kiosk with a hub
// using a single-use enrolment token, writes the provisioning record and downloads the first catalogue;
// decommission (only with --yes) wipes the kiosk's data and keys. Both work on the data folder of a kiosk that
// is not running; start the kiosk afterwards.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KioskError, type ErrorCode } from '../api/errors.ts';
import { createLogger } from '../log.ts';
import { wipeKioskData } from '../provisioning/decommission.ts';
import { downloadFirstCatalogue } from '../provisioning/first-catalogue.ts';
import { loadKioskSetup } from '../provisioning/kiosk-setup.ts';
import { provisionKiosk } from '../provisioning/provision.ts';
import { KIOSK_CONFIG_OPTIONS } from './kiosk-config-args.ts';
import { CliError, EXIT, printJson, printLines } from './output.ts';

function setupOf(values: { config?: string[] | undefined; profile?: string | undefined }, rootDir: string) {
  return loadKioskSetup({
    rootDir,
    profile: values.profile,
    siteFiles: values.config ?? (process.env.KIOSK_CONFIG ? [process.env.KIOSK_CONFIG] : []),
  });
}

/** The hub could not be reached: like a device that does not answer. Anything else it said: a refusal. */
function exitCodeOf(code: ErrorCode): number {
  if (code === 'API_BAD_REQUEST' || code === 'ALREADY_PROVISIONED') return EXIT.usage;
  if (code === 'HUB_UNAVAILABLE') return EXIT.noDevice;
  return EXIT.deviceError;
}

export async function provisionCommand(args: string[], rootDir: string): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...KIOSK_CONFIG_OPTIONS,
      hub: { type: 'string' },
      token: { type: 'string' },
      region: { type: 'string' },
      'kiosk-code': { type: 'string' },
      'site-name': { type: 'string' },
      address: { type: 'string', default: '' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const missing = ['hub', 'token', 'region', 'kiosk-code', 'site-name'].filter(
    (option) => values[option as keyof typeof values] === undefined,
  );
  if (missing.length > 0) throw new CliError(EXIT.usage, `missing ${missing.map((o) => `--${o}`).join(', ')}`);
  const setup = setupOf(values, rootDir);
  if (setup.record) {
    throw new CliError(EXIT.usage, 'this kiosk is provisioned; decommission it first', 'ALREADY_PROVISIONED');
  }
  const log = createLogger({ level: 'warn' });
  let record;
  try {
    record = await provisionKiosk({
      dataDir: setup.dataDir,
      keysDir: path.resolve(setup.dataDir, setup.config.outbox.keysDir),
      input: {
        hubUrl: values.hub!,
        token: values.token!,
        regionCode: values.region!,
        kioskCode: values['kiosk-code']!,
        siteName: values['site-name']!,
        siteAddress: values.address,
      },
    });
  } catch (error) {
    if (error instanceof KioskError) throw new CliError(exitCodeOf(error.code), error.message, error.code);
    throw error;
  }
  const provisioned = setupOf(values, rootDir);
  const catalogue = await downloadFirstCatalogue(provisioned.config, provisioned.dataDir, log);
  const catalogueVersion = catalogue.outcome === 'failed' ? null : catalogue.version;
  const catalogueProblem = catalogue.outcome === 'failed' ? `${catalogue.code}: ${catalogue.message}` : null;
  if (values.json) {
    printJson({ ...record, catalogueVersion, catalogueProblem });
    return;
  }
  printLines([
    `kiosk ${record.kioskCode} provisioned with ${record.hubUrl} (region ${record.regionCode})`,
    `trusted catalogue keys: ${record.trustedKeys.map((key) => key.keyId).join(', ') || 'none'}`,
    catalogueVersion === null
      ? `no catalogue yet (${catalogueProblem}); the kiosk keeps asking its hub`
      : `catalogue version ${catalogueVersion} installed`,
  ]);
}

export async function decommissionCommand(args: string[], rootDir: string): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...KIOSK_CONFIG_OPTIONS,
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.yes) {
    throw new CliError(
      EXIT.usage,
      'decommissioning wipes all data and keys of this kiosk for good; stop the kiosk, then run it again with --yes',
    );
  }
  const setup = setupOf(values, rootDir);
  const removed = wipeKioskData(setup.dataDir, path.resolve(setup.dataDir, setup.config.outbox.keysDir));
  if (values.json) {
    printJson({ dataDir: setup.dataDir, removed });
    return;
  }
  printLines([
    removed.length === 0 ? `nothing to wipe in ${setup.dataDir}` : `wiped from ${setup.dataDir}: ${removed.join(', ')}`,
    'the kiosk starts blank (provisioning screen) next time',
  ]);
}
