// kioskctl config check: validates this kiosk's configuration as the kiosk does at start, so a technician can
// fix a site file before restarting the kiosk (which otherwise starts in its "needs configuration" screen).
import { parseArgs } from 'node:util';
import { KioskError } from '../api/errors.ts';
import { KIOSK_CONFIG_OPTIONS, kioskConfigOf } from './kiosk-config-args.ts';
import { CliError, EXIT, printJson, printLines } from './output.ts';

export function configCheck(args: string[], rootDir: string): void {
  const { values } = parseArgs({
    args,
    options: { ...KIOSK_CONFIG_OPTIONS, json: { type: 'boolean', default: false } },
  });
  let checked: ReturnType<typeof kioskConfigOf>;
  try {
    checked = kioskConfigOf(values, rootDir);
  } catch (error) {
    if (error instanceof KioskError && error.code === 'CONFIG_INVALID') {
      throw new CliError(EXIT.deviceError, error.message, error.code);
    }
    throw error;
  }
  const { config, dataDir } = checked;
  const summary = {
    kioskCode: config.kioskCode,
    profile: config.profile,
    regionCode: config.regionCode,
    siteName: config.siteName,
    dataDir,
    hubUrl: config.catalogue.hubUrl ?? null,
    devices: {
      idcard: config.devices.idcard.mode,
      receiptPrinter: config.devices.receiptPrinter.mode,
      a4Printer: config.devices.a4Printer.queue,
    },
  };
  if (values.json) return printJson({ ok: true, ...summary });
  printLines([
    `ok: kiosk ${summary.kioskCode} (${summary.profile}), region ${summary.regionCode}, ${summary.siteName}`,
    `  data: ${dataDir}`,
    `  hub: ${summary.hubUrl ?? 'none (offline, or the local hub of npm start)'}`,
    `  devices: ID reader ${summary.devices.idcard}, receipt printer ${summary.devices.receiptPrinter}, ` +
      `A4 ${summary.devices.a4Printer ?? 'none'}`,
  ]);
}
