// kioskctl: the technician's command line. Each command prints a plain result (or JSON with --json) and exits
// 0, or prints what went wrong on stderr and exits non-zero (see output.ts for the codes).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueBuild, catalogueKeygen, catalogueVerify } from './catalogue-commands.ts';
import { catalogueList, cataloguePublish, catalogueRollback, catalogueRollout } from './catalogue-publish.ts';
import { configCheck } from './config-commands.ts';
import { devicesCommand } from './devices-command.ts';
import { healthCommand, logsExportCommand, selftestCommand } from './diagnostics-commands.ts';
import { idcardRead, idcardSam } from './idcard-commands.ts';
import { printerA4Test, printerStatus, printerTest } from './printer-commands.ts';
import { CliError, EXIT } from './output.ts';
import { outboxStatus, outboxSync } from './outbox-commands.ts';
import { decommissionCommand, provisionCommand } from './provisioning-commands.ts';
import { simCommand } from './sim-commands.ts';
import { technicianAudit, technicianSetPin } from './technician-commands.ts';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `kioskctl — technician tools for the village kiosk

  kioskctl config check [--config FILE] [--profile P] [--json]
      validate this kiosk's configuration as it does at start (exit 4 naming the file, the field and what is allowed)
  kioskctl devices [--json]
      list serial ports and HID devices with the ID card reader profile each matches
  kioskctl idcard read (--port PATH [--baud 115200] | --hid PATH|VID:PID) [--timeout 10000] [--json] [--reveal]
      wait for one ID card and print its record (ID numbers masked unless --reveal)
  kioskctl idcard sam (--port PATH [--baud 115200] | --hid PATH|VID:PID) [--reset] [--json]
      print the reader's SAM id (optionally reset the SAM first)
  kioskctl printer status (--port PATH [--baud 115200] | --device PATH | --tcp HOST:PORT) [--timeout 1000] [--json]
      ask the receipt printer how it is (exit 0 ready, 4 cannot print, 3 not responding)
  kioskctl printer test (--port PATH | --device PATH | --tcp HOST:PORT) [--paper 80mm] [--json]
      print the test receipt: Chinese, every size, alignment, QR code, cut
  kioskctl printer a4-test --queue NAME [--json]
      print an A4 test page through the CUPS queue
  kioskctl catalogue keygen --key-id ID --out DIR
      make an Ed25519 signing key pair (ID.key.pem stays with staff, ID.pub.pem goes to kiosks)
  kioskctl catalogue build SOURCE_DIR --key KEY.pem --key-id ID --out DIR [--regions 440000] [--profiles …] [--valid-days 90]
                          [--delta-from BASE_BUNDLE_DIR --delta-out DIR]
      sign SOURCE_DIR/catalogue.json and its attachments into a bundle (and a delta from an older bundle)
  kioskctl catalogue verify DIR --trust ID=PUB.pem [--region CODE] [--profile P] [--installed N]
      check a bundle as a kiosk would (exit 4 with the reason when it is refused)
  kioskctl catalogue publish BUNDLE_DIR… --hub URL [--token T] [--rollout 440825,…]
      upload bundles to the hub (staff credential: --token or KIOSK_HUB_TOKEN) and optionally make them current
  kioskctl catalogue rollout --hub URL --catalogue ID --version N --regions 440000,…
      make a published version current for more regions (staged rollout)
  kioskctl catalogue rollback --hub URL --to N --key KEY.pem --key-id ID --regions 440000,…
      sign version N's content again as a new, higher version and roll it out
  kioskctl catalogue list --hub URL [--json]
      what the hub has published and where each version is current
  kioskctl outbox status [--config FILE] [--json]
      the submissions queue on this kiosk: waiting, oldest, delivered, refused, last sync and last error
  kioskctl outbox sync --now [--config FILE] [--json]
      deliver the queue to the hub now (exit 3 with the reason when the hub cannot take it)
  kioskctl technician set-pin [--config FILE]
      set the PIN of the technician screen, read from stdin (6–12 digits; clears a wrong-PIN lockout)
  kioskctl technician audit [--limit 50] [--config FILE] [--json]
      what technicians did on this kiosk, newest first (sign-ins, wrong PINs, syncs; never personal data)
  kioskctl health [--config FILE] [--json]
      the kiosk's health: devices, network and last sync, catalogue, outbox, disk, memory, uptime, version
  kioskctl selftest [idcard|receiptPrinter|a4Printer|network|disk …] [--config FILE] [--json]
      run the device self-tests with the configured devices (stop the kiosk first); exit 4 when any fails
  kioskctl logs export --to DIR [--config FILE] [--json]
      write the logs, personal data redacted, as one kiosk-logs-….jsonl.gz to DIR (e.g. a USB drive)
  kioskctl provision --hub URL --token T --region CODE --kiosk-code C --site-name S [--address A] [--config FILE] [--json]
      enrol this (stopped, blank) kiosk with the hub using a single-use enrolment token, write its provisioning
      record and download the first catalogue (exit 3 hub unreachable, 4 hub refused, with the reason)
  kioskctl decommission --yes [--config FILE] [--json]
      wipe this (stopped) kiosk's databases, outbox, device keys, provisioning record and catalogue cache
  kioskctl sim place <card> | remove | fault <name>=<value>… | status | cards [--control SOCKET]
      steer the simulated reader that npm start runs

exit codes: 0 ok · 1 usage · 2 timed out · 3 no device · 4 device error`;

/** The usage entries of one command group (`kioskctl idcard …`), or null when there is no such group. */
function usageOf(group: string): string | null {
  const entries = USAGE.split(/\n(?= {2}kioskctl )/).slice(1);
  const matching = entries.filter(
    (entry) => entry.startsWith(`  kioskctl ${group} `) || entry === `  kioskctl ${group}`,
  );
  return matching.length === 0 ? null : matching.map((entry) => entry.replace(/\n\nexit codes:[^]*$/, '')).join('\n');
}

async function run(argv: string[]): Promise<void> {
  const [group, command, ...rest] = argv;
  const groupUsage = group === undefined ? null : usageOf(group);
  // `kioskctl idcard read --help`, or a group without its command: that group's lines, not a parse error.
  if (groupUsage !== null && (argv.includes('--help') || argv.includes('-h'))) {
    process.stdout.write(`${groupUsage}\n`);
    return;
  }
  if (group === 'config' && command === 'check') return configCheck(rest, ROOT_DIR);
  if (group === 'devices') return devicesCommand(command === undefined ? [] : [command, ...rest], ROOT_DIR);
  if (group === 'idcard' && command === 'read') return idcardRead(rest);
  if (group === 'idcard' && command === 'sam') return idcardSam(rest);
  if (group === 'printer' && command === 'status') return printerStatus(rest);
  if (group === 'printer' && command === 'test') return printerTest(rest);
  if (group === 'printer' && command === 'a4-test') return printerA4Test(rest);
  if (group === 'catalogue' && command === 'keygen') return catalogueKeygen(rest);
  if (group === 'catalogue' && command === 'build') return catalogueBuild(rest);
  if (group === 'catalogue' && command === 'verify') return catalogueVerify(rest);
  if (group === 'catalogue' && command === 'publish') return cataloguePublish(rest);
  if (group === 'catalogue' && command === 'rollout') return catalogueRollout(rest);
  if (group === 'catalogue' && command === 'rollback') return catalogueRollback(rest);
  if (group === 'catalogue' && command === 'list') return catalogueList(rest);
  if (group === 'outbox' && command === 'status') return outboxStatus(rest, ROOT_DIR);
  if (group === 'outbox' && command === 'sync') return outboxSync(rest, ROOT_DIR);
  if (group === 'technician' && command === 'set-pin') return technicianSetPin(rest, ROOT_DIR);
  if (group === 'technician' && command === 'audit') return technicianAudit(rest, ROOT_DIR);
  if (group === 'health') return healthCommand(command === undefined ? [] : [command, ...rest], ROOT_DIR);
  if (group === 'selftest') return selftestCommand(command === undefined ? [] : [command, ...rest], ROOT_DIR);
  if (group === 'logs' && command === 'export') return logsExportCommand(rest, ROOT_DIR);
  if (group === 'provision') return provisionCommand(argv.slice(1), ROOT_DIR);
  if (group === 'decommission') return decommissionCommand(argv.slice(1), ROOT_DIR);
  if (group === 'sim') return simCommand(command === undefined ? [] : [command, ...rest], ROOT_DIR);
  if (group === undefined || group === 'help' || group === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (groupUsage !== null) throw new CliError(EXIT.usage, `which ${group} command?\n\n${groupUsage}`);
  throw new CliError(EXIT.usage, `unknown command: ${argv.join(' ')}\n\n${USAGE}`);
}

run(process.argv.slice(2)).then(
  () => process.exit(EXIT.ok),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`kioskctl: ${error.message}${error.code ? ` (${error.code})` : ''}\n`);
      process.exit(error.exitCode);
    }
    // parseArgs reports unknown options with ERR_PARSE_ARGS_*: a usage problem, not a crash.
    const code = (error as { code?: string }).code ?? '';
    process.stderr.write(`kioskctl: ${(error as Error).message ?? String(error)}\n`);
    process.exit(code.startsWith('ERR_PARSE_ARGS') ? EXIT.usage : EXIT.deviceError);
  },
);
