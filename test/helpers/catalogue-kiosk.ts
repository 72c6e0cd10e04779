// The catalogue side of a kiosk for update tests: a real SQLite cache, the kept-bundle folder and the updater,
// on a temp data folder; plus signing keys and bundle builders like central staff use.
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { buildBundle, buildDeltaBundle, readBundleForDelta, type TrustedKey } from '../../core/catalogue/bundle.ts';
import { LocalBundles } from '../../core/catalogue/local-bundles.ts';
import type { Catalogue } from '../../core/catalogue/schema.ts';
import { CatalogueStore } from '../../core/catalogue/store.ts';
import { CatalogueUpdater, localBundlesDir } from '../../core/catalogue/updater.ts';
import { openDatabase, type Db } from '../../core/db/database.ts';
import { FIXTURE_REGION } from './catalogue-fixture.ts';
import { silentLogger } from './silent-log.ts';

export interface SigningKey {
  privateKey: string;
  trusted: TrustedKey;
}

export function signingKey(keyId: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    trusted: { keyId, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}

export interface BundleOptions {
  key: SigningKey;
  attachments?: Record<string, Buffer>;
  regions?: string[];
  now?: Date;
  validDays?: number;
}

function buildOptions(catalogue: Catalogue, options: BundleOptions) {
  return {
    catalogue,
    attachments: options.attachments ?? {},
    privateKey: options.key.privateKey,
    keyId: options.key.trusted.keyId,
    regions: options.regions ?? ['440000'],
    profiles: ['fabaobao', 'yuezizhu'] as const,
    now: options.now ?? new Date(),
    validDays: options.validDays ?? 30,
  };
}

/** A signed full bundle of `catalogue` in `dir`. */
export function fullBundle(dir: string, catalogue: Catalogue, options: BundleOptions): string {
  const built = buildOptions(catalogue, options);
  buildBundle(dir, { ...built, profiles: [...built.profiles] });
  return dir;
}

/** A signed delta bundle in `dir` from the full bundle in `baseDir` to `catalogue`. */
export function deltaBundle(dir: string, baseDir: string, catalogue: Catalogue, options: BundleOptions): string {
  const built = buildOptions(catalogue, options);
  buildDeltaBundle(dir, readBundleForDelta(baseDir), { ...built, profiles: [...built.profiles] });
  return dir;
}

export interface TestKiosk {
  db: Db;
  store: CatalogueStore;
  bundles: LocalBundles;
  updater: CatalogueUpdater;
  installedEvents: number[];
  close(): void;
}

export function catalogueKiosk(
  dataDir: string,
  hubUrl: string,
  trusted: TrustedKey[],
  options: { regionCode?: string; maxBundleBytes?: number; now?: () => Date } = {},
): TestKiosk {
  const db = openDatabase(path.join(dataDir, 'catalogue.sqlite'));
  const store = new CatalogueStore(db);
  const bundles = new LocalBundles(localBundlesDir(dataDir));
  const installedEvents: number[] = [];
  const updater = new CatalogueUpdater({
    hubUrl,
    store,
    bundles,
    trusted,
    regionCode: options.regionCode ?? FIXTURE_REGION,
    profile: 'fabaobao',
    maxBundleBytes: options.maxBundleBytes ?? 100_000_000,
    log: silentLogger(),
    onInstalled: (version) => installedEvents.push(version),
    ...(options.now ? { now: options.now } : {}),
  });
  return { db, store, bundles, updater, installedEvents, close: () => db.close() };
}
