// Builds the kiosk back end from a config: the SQLite cache, the catalogue (seeded on first start) and the
// KioskService. Both shells (browser host and Electron) start the back end through here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from './api/errors.ts';
import type { KioskInfo } from './api/contract.ts';
import { LocalBundles } from './catalogue/local-bundles.ts';
import { CatalogueStore } from './catalogue/store.ts';
import { CatalogueUpdater, localBundlesDir } from './catalogue/updater.ts';
import { CatalogueChangeListener } from './catalogue/change-listener.ts';
import type { KioskConfig } from './config/config.ts';
import { openCatalogueDatabase } from './catalogue/open-cache.ts';
import type { Db } from './db/database.ts';
import { idcardConnector } from './devices/idcard-connect.ts';
import { IdCardService } from './devices/idcard-service.ts';
import { photoDecoderModule } from './devices/photo-decoder-module.ts';
import type { PhotoDecoder } from '../drivers/idcard/card-text.ts';
import { receiptPrinterConnector } from './devices/printer-connect.ts';
import { PrinterService } from './devices/printer-service.ts';
import { createPrintingDesk } from './devices/printing-desk.ts';
import { CHROMIUM } from './host/chromium.ts';
import { createDiagnosticsDesk, exportsDirOf, type DiagnosticsDesk } from './diagnostics/diagnostics-desk.ts';
import { collectHealth } from './diagnostics/health.ts';
import { HeartbeatWorker } from './diagnostics/heartbeat.ts';
import { redactedLogBundle } from './diagnostics/log-export.ts';
import { KioskService, type ProvisioningDesk } from './kiosk-service.ts';
import { logsDirOf } from './log-file.ts';
import type { Logger } from './log.ts';
import { loadDeviceKeys, FILE_ONLY, type SecretProtector } from './outbox/device-keys.ts';
import { SignedHubClient } from './outbox/hub-client.ts';
import { OUTBOX_MIGRATIONS } from './outbox/migrations/index.ts';
import { Outbox } from './outbox/outbox.ts';
import { SubmissionsDesk } from './outbox/submissions-desk.ts';
import { SyncWorker } from './outbox/sync-worker.ts';
import { openDatabase } from './db/database.ts';
import { TechnicianAccess } from './technician/access.ts';
import { TECHNICIAN_MIGRATIONS } from './technician/migrations.ts';
import { espeakSynthesizer, firstThatSpeaks, type SpeechSynthesizer } from './voice/speech.ts';
import { shippedPrompts } from './voice/shipped-prompts.ts';

/** The catalogue poll while the hub's event stream is open. */
const STREAM_POLL_SECONDS = 3_600;

export interface KioskCore {
  service: KioskService;
  idcard: IdCardService;
  printers: PrinterService;
  db: Db;
  /** Fetches catalogue updates from the hub; null when no hub is configured. */
  updater: CatalogueUpdater | null;
  /** The submissions outbox and, with a hub, its sync worker. */
  outbox: Outbox;
  /** The outbox's SQLite file, for diagnostics (size, integrity). */
  outboxDb: Db;
  sync: SyncWorker | null;
  /** Technician PIN, sessions and audit log (technician.sqlite). */
  technician: TechnicianAccess;
  /** Self-tests, health report and log export (the technician screen's and kioskctl's). */
  diagnostics: DiagnosticsDesk;
  /** Sends the health report to the hub every diagnostics.heartbeatMinutes (and keeps data/health.json). */
  heartbeat: HeartbeatWorker;
  /** The device's public signing key (SPKI PEM), which the hub must know to accept this kiosk's requests. */
  devicePublicKey: string;
  /** Stops the devices and closes the database. */
  close(): Promise<void>;
}

export interface CreateCoreOptions {
  config: KioskConfig;
  /** Project root, for resolving the seed catalogue path. */
  rootDir: string;
  /** Absolute folder for the SQLite file. */
  dataDir: string;
  shell: KioskInfo['shell'];
  log: Logger;
  /** The PTY path of the ID card reader simulator, when devices.idcard.mode is "simulator". */
  idcardSimulatorPath?: string | undefined;
  /** The PTY path of the receipt printer simulator, when devices.receiptPrinter.mode is "simulator". */
  printerSimulatorPath?: string | undefined;
  /** How the shell renders HTML to PDF for A4 documents; headless Chromium by default. */
  htmlToPdf?: (html: string) => Promise<Buffer>;
  /** How the shell prints an A4 document itself, where there is no CUPS (Electron on Windows). */
  printA4Directly?: (html: string) => Promise<void>;
  /** How device keys are protected on disk beyond mode 0600 (Electron's safeStorage); none by default. */
  secretProtector?: SecretProtector;
  /** Speech for browsers without a voice; by default the prompts shipped in dist/voice-prompts, then espeak-ng. */
  speech?: SpeechSynthesizer;
  /** The identity's source and decommissioning, when the provisioning runtime starts this core. */
  provisioning?: ProvisioningDesk;
}

/** The vendor photo decoder the config names, if any; a module that is not there is a configuration problem. */
function configuredPhotoDecoder(spec: string | undefined, rootDir: string): PhotoDecoder | null {
  if (spec === undefined) return null;
  try {
    return photoDecoderModule(spec, rootDir);
  } catch (error) {
    throw new KioskError('CONFIG_INVALID', `devices.idcard.photoDecoder: ${(error as Error).message}`);
  }
}

export function readAppVersion(rootDir: string): string {
  const pkg = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export function createKioskCore(options: CreateCoreOptions): KioskCore {
  const readerConfig = options.config.devices.idcard;
  const photoDecoder = configuredPhotoDecoder(readerConfig.photoDecoder, options.rootDir);
  const connect = idcardConnector(readerConfig, {
    rootDir: options.rootDir,
    simulatorPath: options.idcardSimulatorPath,
  });
  const printerConfig = options.config.devices.receiptPrinter;
  const connectReceipt = receiptPrinterConnector(printerConfig, options.printerSimulatorPath);
  const catalogueConfig = options.config.catalogue;
  const trusted = catalogueConfig.trustedKeys;
  const bundles = new LocalBundles(localBundlesDir(options.dataDir));
  const db = openCatalogueDatabase(path.join(options.dataDir, 'catalogue.sqlite'), options.log);
  const catalogue = new CatalogueStore(db);
  catalogue.fillMissingPinyin();
  const keys = loadDeviceKeys(
    path.resolve(options.dataDir, options.config.outbox.keysDir),
    options.secretProtector ?? FILE_ONLY,
  );
  const outboxDb = openDatabase(path.join(options.dataDir, 'outbox.sqlite'), OUTBOX_MIGRATIONS);
  const outbox = new Outbox({ db: outboxDb, kioskCode: options.config.kioskCode, dataKey: keys.dataKey });
  const technicianDb = openDatabase(path.join(options.dataDir, 'technician.sqlite'), TECHNICIAN_MIGRATIONS);
  const technician = new TechnicianAccess({
    db: technicianDb,
    sessionMinutes: options.config.technician.sessionMinutes,
  });
  const submissionsHub = options.config.outbox.hubUrl ?? catalogueConfig.hubUrl;
  const hubClient = submissionsHub
    ? new SignedHubClient({
        hubUrl: submissionsHub,
        kioskCode: options.config.kioskCode,
        signingKey: keys.signingKey,
        clockOffset: {
          get: () => Number(outbox.getState('clockOffsetMs') ?? 0),
          set: (ms) => outbox.setState('clockOffsetMs', String(ms)),
        },
      })
    : null;
  const sync = hubClient
    ? new SyncWorker({
        outbox,
        client: hubClient,
        log: options.log,
        retentionDays: options.config.outbox.retentionDays,
      })
    : null;
  if (catalogue.version() === null) {
    // An empty cache (first start, or a corrupt file set aside): the newest verified bundle on disk comes first.
    const rebuilt = bundles.rebuild(trusted);
    if (rebuilt) {
      catalogue.installValidated(rebuilt.catalogue, { created: rebuilt.manifest.created, files: rebuilt.files });
      options.log.info({ version: rebuilt.catalogue.version, chain: rebuilt.chain }, 'catalogue rebuilt from bundles');
    }
  }
  let idcard: IdCardService | null = null;
  let service: KioskService | null = null;
  const printers = new PrinterService({
    connectReceipt,
    statusTimeoutMs: printerConfig.statusTimeoutMs,
    holdTimeoutMs: printerConfig.holdTimeoutMs,
    a4Queue: options.config.devices.a4Printer.queue,
    chromium: CHROMIUM,
    ...(options.htmlToPdf ? { htmlToPdf: options.htmlToPdf } : {}),
    ...(options.printA4Directly ? { printA4Directly: options.printA4Directly } : {}),
    log: options.log,
    publish: (event) => service?.publish(event),
  });
  const printing = createPrintingDesk({
    printers,
    paper: printerConfig.paper,
    kiosk: { kioskCode: options.config.kioskCode, siteName: options.config.siteName },
    log: options.log,
  });
  const appVersion = readAppVersion(options.rootDir);
  const startedAt = new Date();
  const health = () =>
    collectHealth({
      kioskCode: options.config.kioskCode,
      appVersion,
      devices: () => ({
        idcard: idcard?.state ?? 'none',
        receiptPrinter: printers.receiptPrinterState,
        a4Printer: printers.a4Available ? 'configured' : 'none',
      }),
      hubConfigured: hubClient !== null,
      catalogue: () => {
        const installed = catalogue.installed();
        return { version: installed?.version ?? null, created: installed?.created ?? null };
      },
      outbox,
      dataDir: options.dataDir,
      startedAt,
    });
  const logsDir = logsDirOf(options.dataDir);
  const diagnostics = createDiagnosticsDesk({
    kioskCode: options.config.kioskCode,
    devices: {
      reader: () => idcard?.reader ?? null,
      printers,
      paper: printerConfig.paper,
      a4Queue: options.config.devices.a4Printer.queue,
      hubUrl: submissionsHub ?? null,
      dataDir: options.dataDir,
      minFreeDiskBytes: options.config.diagnostics.minFreeDiskMb * 1024 * 1024,
    },
    health,
    logsDir,
    exportsDir: exportsDirOf(options.dataDir),
  });
  const heartbeat = new HeartbeatWorker({
    kioskCode: options.config.kioskCode,
    collect: health,
    client: hubClient,
    intervalMs: options.config.diagnostics.heartbeatMinutes * 60_000,
    dataDir: options.dataDir,
    logBundle: () => redactedLogBundle(logsDir),
    onStatusCursor: (cursor) => sync?.statusNews(cursor),
    log: options.log,
  });
  service = new KioskService({
    config: options.config,
    catalogue,
    appVersion,
    shell: options.shell,
    log: options.log,
    idcardState: () => idcard?.state ?? 'none',
    printing,
    submissions: new SubmissionsDesk({ outbox, sync, client: hubClient }),
    technician,
    speech:
      options.speech ??
      firstThatSpeaks(
        shippedPrompts(path.join(options.rootDir, 'dist/voice-prompts'), (problem) => options.log.warn(problem)),
        espeakSynthesizer(),
      ),
    endSession: () => printers.endSession(),
    diagnostics,
    ...(options.provisioning ? { provisioning: options.provisioning } : {}),
  });
  idcard = new IdCardService({
    connect,
    pollIntervalMs: readerConfig.pollIntervalMs,
    ...(photoDecoder ? { photoDecoder } : {}),
    log: options.log,
    publish: (event) => service.publish(event),
  });

  const seedFile = catalogueConfig.seedFile;
  if (catalogue.version() === null && seedFile !== undefined && seedFile !== null) {
    const file = path.resolve(options.rootDir, seedFile);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      db.close();
      outboxDb.close();
      technicianDb.close();
      throw new KioskError('CATALOGUE_INVALID', `seed catalogue ${file} cannot be read: ${(error as Error).message}`);
    }
    try {
      service.installCatalogue(data);
    } catch (error) {
      db.close();
      outboxDb.close();
      technicianDb.close();
      throw error;
    }
  }
  const kioskService = service;
  const updater = catalogueConfig.hubUrl
    ? new CatalogueUpdater({
        hubUrl: catalogueConfig.hubUrl,
        store: catalogue,
        bundles,
        trusted,
        regionCode: options.config.regionCode,
        profile: options.config.profile,
        maxBundleBytes: catalogueConfig.maxBundleBytes,
        log: options.log,
        onInstalled: (version) => kioskService.publish({ type: 'catalogue.changed', version }),
        // The hub answers again after an outage: deliver what waited instead of sleeping out the backoff.
        onContact: () => sync?.nudge(),
      })
    : null;
  // While the hub's event stream is open a rollout arrives by it, so polling hourly is enough as a safety net.
  const listener =
    updater && catalogueConfig.hubUrl && catalogueConfig.events
      ? new CatalogueChangeListener({
          hubUrl: catalogueConfig.hubUrl,
          regionCode: options.config.regionCode,
          profile: options.config.profile,
          log: options.log,
          onChange: () => void updater.checkNow(),
          onStreamState: (up) =>
            updater.setPollSeconds(
              up ? Math.max(STREAM_POLL_SECONDS, catalogueConfig.pollSeconds) : catalogueConfig.pollSeconds,
            ),
        })
      : null;
  const reader = idcard;
  reader.start();
  printers.start();
  updater?.start(catalogueConfig.pollSeconds);
  listener?.start();
  sync?.start();
  heartbeat.start();
  return {
    service,
    idcard: reader,
    printers,
    db,
    updater,
    outbox,
    outboxDb,
    sync,
    technician,
    diagnostics,
    heartbeat,
    devicePublicKey: keys.publicKeyPem,
    close: async () => {
      await heartbeat.stop();
      await listener?.stop();
      await updater?.stop();
      await sync?.stop();
      await reader.stop();
      await printers.stop();
      technician.signOutAll();
      db.close();
      outboxDb.close();
      technicianDb.close();
    },
  };
}
