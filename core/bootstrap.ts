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
import { KioskService } from './kiosk-service.ts';
import type { Logger } from './log.ts';

export interface KioskCore {
  service: KioskService;
  idcard: IdCardService;
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
  const db = openDatabase(path.join(options.dataDir, 'kiosk.sqlite'));
  const catalogue = new CatalogueStore(db);
  let idcard: IdCardService | null = null;
  const service = new KioskService({
    config: options.config,
    catalogue,
    appVersion: readAppVersion(options.rootDir),
    shell: options.shell,
    log: options.log,
    idcardState: () => idcard?.state ?? 'none',
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
  return {
    service,
    idcard: reader,
    db,
    close: async () => {
      await reader.stop();
      db.close();
    },
  };
}
