// kioskctl health | selftest | logs export: the technician's diagnostics from a shell on the kiosk. health reads
// the kiosk's own files (and the running kiosk's last report, data/health.json, for device states and uptime);
// selftest opens the configured devices itself, like `kioskctl printer status` (stop the kiosk first, or the
// reader's and printer's ports are busy); logs export writes the redacted log bundle to a folder or USB drive.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ReaderSession } from '../../drivers/idcard/session.ts';
import { CatalogueStore } from '../catalogue/store.ts';
import { openCatalogueDatabase } from '../catalogue/open-cache.ts';
import type { KioskConfig } from '../config/config.ts';
import { readAppVersion } from '../bootstrap.ts';
import { openDatabase } from '../db/database.ts';
import { idcardConnector } from '../devices/idcard-connect.ts';
import { receiptPrinterConnector } from '../devices/printer-connect.ts';
import { PrinterService } from '../devices/printer-service.ts';
import { collectHealth } from '../diagnostics/health.ts';
import { HEALTH_SNAPSHOT_FILE } from '../diagnostics/heartbeat.ts';
import { exportLogs } from '../diagnostics/log-export.ts';
import { runSelfTest, SELF_TEST_IDS, type SelfTestId, type SelfTestResult } from '../diagnostics/self-tests.ts';
import { CHROMIUM } from '../host/chromium.ts';
import { logsDirOf } from '../log-file.ts';
import { OUTBOX_MIGRATIONS } from '../outbox/migrations/index.ts';
import { Outbox } from '../outbox/outbox.ts';
import { healthReportSchema, type HealthReport } from '../protocol/diagnostics.ts';
import { kioskConfigOf, KIOSK_CONFIG_OPTIONS } from './kiosk-config-args.ts';
import { CliError, EXIT, printJson, printLines } from './output.ts';

const OPTIONS = {
  ...KIOSK_CONFIG_OPTIONS,
  json: { type: 'boolean', default: false },
  to: { type: 'string' },
} as const;

const quiet = () => pino({ level: 'silent' });

/** The running kiosk's last report, when it is recent enough to say the kiosk is running. */
function runningKioskReport(dataDir: string, config: KioskConfig): HealthReport | null {
  const file = path.join(dataDir, HEALTH_SNAPSHOT_FILE);
  if (!existsSync(file)) return null;
  try {
    const report = healthReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const fresh = Date.now() - Date.parse(report.at) <= 3 * config.diagnostics.heartbeatMinutes * 60_000;
    return fresh ? report : null;
  } catch {
    return null;
  }
}

export async function healthCommand(args: string[], rootDir: string): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  const { config, dataDir } = kioskConfigOf(values, rootDir);
  const outboxDb = openDatabase(path.join(dataDir, 'outbox.sqlite'), OUTBOX_MIGRATIONS);
  const catalogueDb = openCatalogueDatabase(path.join(dataDir, 'catalogue.sqlite'), quiet());
  try {
    const installed = new CatalogueStore(catalogueDb).installed();
    const running = runningKioskReport(dataDir, config);
    const fromFiles = await collectHealth({
      kioskCode: config.kioskCode,
      appVersion: readAppVersion(rootDir),
      devices: () => ({
        idcard: 'unknown',
        receiptPrinter: 'unknown',
        a4Printer: config.devices.a4Printer.queue === null ? 'none' : 'configured',
      }),
      hubConfigured: Boolean(config.outbox.hubUrl ?? config.catalogue.hubUrl),
      catalogue: () => ({ version: installed?.version ?? null, created: installed?.created ?? null }),
      // The outbox needs no key to count: summary and state only.
      outbox: new Outbox({ db: outboxDb, kioskCode: config.kioskCode, dataKey: Buffer.alloc(32) }),
      dataDir,
    });
    // The queue, catalogue and disk as they are now; what only the running kiosk knows from its last report.
    const report = running
      ? {
          ...fromFiles,
          devices: running.devices,
          uptimeSeconds: running.uptimeSeconds,
          memory: running.memory,
        }
      : fromFiles;
    const out = { ...report, kioskRunning: running !== null, reportedAt: running?.at ?? null };
    if (values.json) return printJson(out);
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    printLines([
      `kiosk ${report.kioskCode} · app ${report.appVersion} · ${running ? `running (report of ${running.at}), up ${Math.round(report.uptimeSeconds / 60)} min` : 'not running (no recent data/health.json)'}`,
      `devices: ID reader ${report.devices.idcard} · receipt printer ${report.devices.receiptPrinter} · A4 ${report.devices.a4Printer}`,
      `catalogue: version ${report.catalogue.version ?? '—'}`,
      `outbox: ${report.outbox.pending} waiting${report.outbox.oldestPendingAgeSeconds === null ? '' : ` (oldest ${Math.round(report.outbox.oldestPendingAgeSeconds / 60)} min)`}, ${report.outbox.refused} refused`,
      `network: hub ${report.network.hub}; last sync ${report.network.lastSyncAt ?? 'never'}${report.network.lastSyncError ? `; last error ${report.network.lastSyncError}` : ''}`,
      `disk: ${report.disk ? `${mb(report.disk.freeBytes)} free of ${mb(report.disk.totalBytes)}` : 'unreadable'}`,
      `memory: ${running ? `kiosk ${mb(report.memory.rssBytes)}, ` : ''}system ${mb(report.memory.systemFreeBytes)} free of ${mb(report.memory.systemTotalBytes)}`,
      `restarts: ${report.restarts}`,
    ]);
  } finally {
    outboxDb.close();
    catalogueDb.close();
  }
}

function selfTestIds(positionals: string[]): SelfTestId[] {
  for (const id of positionals) {
    if (!(SELF_TEST_IDS as readonly string[]).includes(id)) {
      throw new CliError(EXIT.usage, `unknown self-test ${id}; tests: ${SELF_TEST_IDS.join(', ')}`);
    }
  }
  return positionals.length > 0 ? (positionals as SelfTestId[]) : [...SELF_TEST_IDS];
}

export async function selftestCommand(args: string[], rootDir: string): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  const ids = selfTestIds(positionals);
  const { config, dataDir } = kioskConfigOf(values, rootDir);
  const { devices } = config;
  // In simulator mode the running kiosk's simulators sit at data/<device>-simulator/host.
  const connectReader = idcardConnector(devices.idcard, {
    rootDir,
    simulatorPath: path.join(dataDir, 'idcard-simulator', 'host'),
  });
  const reader = connectReader ? new ReaderSession({ connect: connectReader, reconnectIntervalMs: 60_000 }) : null;
  const printers = new PrinterService({
    connectReceipt: receiptPrinterConnector(devices.receiptPrinter, path.join(dataDir, 'printer-simulator', 'host')),
    statusTimeoutMs: devices.receiptPrinter.statusTimeoutMs,
    holdTimeoutMs: devices.receiptPrinter.holdTimeoutMs,
    a4Queue: devices.a4Printer.queue,
    chromium: CHROMIUM,
    log: quiet(),
    publish: () => undefined,
  });
  if (ids.includes('idcard')) reader?.start();
  const results: SelfTestResult[] = [];
  try {
    for (const id of ids) {
      if (!values.json && id === 'idcard' && reader) process.stderr.write('Lay a test ID card on the reader…\n');
      results.push(
        await runSelfTest(id, {
          reader: () => reader,
          printers,
          paper: devices.receiptPrinter.paper,
          a4Queue: devices.a4Printer.queue,
          hubUrl: config.outbox.hubUrl ?? config.catalogue.hubUrl ?? null,
          dataDir,
          minFreeDiskBytes: config.diagnostics.minFreeDiskMb * 1024 * 1024,
        }),
      );
    }
  } finally {
    await reader?.stop();
    await printers.stop();
  }
  if (values.json) printJson(results);
  else
    printLines(
      results.flatMap((result) => [
        `${result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '–'} ${result.id.padEnd(15)} ${result.reason.zh} / ${result.reason.en}`,
        ...(result.fix ? [`  ${''.padEnd(15)} 处理：${result.fix.zh} / Fix: ${result.fix.en}`] : []),
      ]),
    );
  const failed = results.filter((result) => result.status === 'fail');
  if (failed.length > 0) {
    throw new CliError(
      EXIT.deviceError,
      `${failed.length} self-test(s) failed: ${failed.map((r) => `${r.id} ${r.code}`).join(', ')}`,
    );
  }
}

export async function logsExportCommand(args: string[], rootDir: string): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  if (!values.to)
    throw new CliError(EXIT.usage, 'usage: kioskctl logs export --to DIR (a folder or a mounted USB drive)');
  const { config, dataDir } = kioskConfigOf(values, rootDir);
  let exported;
  try {
    exported = exportLogs(logsDirOf(dataDir), path.resolve(values.to), config.kioskCode);
  } catch (error) {
    throw new CliError(EXIT.usage, (error as Error).message, 'LOGS_EXPORT_FAILED');
  }
  if (values.json) return printJson(exported);
  printLines([`${exported.file} (${exported.lines} lines, ${exported.bytes} bytes; personal data redacted)`]);
}
