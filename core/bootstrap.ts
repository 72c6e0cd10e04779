// Builds the kiosk back end from a config: the SQLite cache, the catalogue (seeded on first start) and the
// KioskService. Both shells (browser host and Electron) start the back end through here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from './api/errors.ts';
import type { KioskInfo } from './api/contract.ts';
import { CatalogueStore } from './catalogue/store.ts';
import type { KioskConfig } from './config/config.ts';
import { openDatabase, type Db } from './db/database.ts';
import { idcardConnector } from './devices/idcard-connect.ts';
import { IdCardService } from './devices/idcard-service.ts';
import { receiptPrinterConnector } from './devices/printer-connect.ts';
import { PrinterService } from './devices/printer-service.ts';
import { createPrintingDesk } from './devices/printing-desk.ts';
import { CHROMIUM } from './host/chromium.ts';
import { KioskService } from './kiosk-service.ts';
import type { Logger } from './log.ts';

export interface KioskCore {
  service: KioskService;
  idcard: IdCardService;
  printers: PrinterService;
  db: Db;
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
}

export function readAppVersion(rootDir: string): string {
  const pkg = JSON.parse(readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export function createKioskCore(options: CreateCoreOptions): KioskCore {
  const readerConfig = options.config.devices.idcard;
  const connect = idcardConnector(readerConfig, {
    rootDir: options.rootDir,
    simulatorPath: options.idcardSimulatorPath,
  });
  const printerConfig = options.config.devices.receiptPrinter;
  const connectReceipt = receiptPrinterConnector(printerConfig, options.printerSimulatorPath);
  const db = openDatabase(path.join(options.dataDir, 'kiosk.sqlite'));
  const catalogue = new CatalogueStore(db);
  catalogue.fillMissingPinyin();
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
  service = new KioskService({
    config: options.config,
    catalogue,
    appVersion: readAppVersion(options.rootDir),
    shell: options.shell,
    log: options.log,
    idcardState: () => idcard?.state ?? 'none',
    printing,
  });
  idcard = new IdCardService({
    connect,
    pollIntervalMs: readerConfig.pollIntervalMs,
    log: options.log,
    publish: (event) => service.publish(event),
  });

  const seedFile = options.config.catalogue.seedFile;
  if (catalogue.version() === null && seedFile !== undefined) {
    const file = path.resolve(options.rootDir, seedFile);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      db.close();
      throw new KioskError('CATALOGUE_INVALID', `seed catalogue ${file} cannot be read: ${(error as Error).message}`);
    }
    try {
      service.installCatalogue(data);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  const reader = idcard;
  reader.start();
  printers.start();
  return {
    service,
    idcard: reader,
    printers,
    db,
    close: async () => {
      await reader.stop();
      await printers.stop();
      db.close();
    },
  };
}
