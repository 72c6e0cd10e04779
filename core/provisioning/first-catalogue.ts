// The first catalogue of a kiosk provisioned from the command line: one check with its hub, into the kiosk's
// own cache and bundle folder, as the running kiosk would do on its first poll.
import path from 'node:path';
import { LocalBundles } from '../catalogue/local-bundles.ts';
import { openCatalogueDatabase } from '../catalogue/open-cache.ts';
import { CatalogueStore } from '../catalogue/store.ts';
import { CatalogueUpdater, localBundlesDir, type UpdateResult } from '../catalogue/updater.ts';
import type { KioskConfig } from '../config/config.ts';
import type { Logger } from '../log.ts';

export async function downloadFirstCatalogue(config: KioskConfig, dataDir: string, log: Logger): Promise<UpdateResult> {
  const db = openCatalogueDatabase(path.join(dataDir, 'catalogue.sqlite'), log);
  try {
    const updater = new CatalogueUpdater({
      hubUrl: config.catalogue.hubUrl!,
      store: new CatalogueStore(db),
      bundles: new LocalBundles(localBundlesDir(dataDir)),
      trusted: config.catalogue.trustedKeys,
      regionCode: config.regionCode,
      profile: config.profile,
      maxBundleBytes: config.catalogue.maxBundleBytes,
      log,
      onInstalled: () => undefined,
    });
    return await updater.checkNow();
  } finally {
    db.close();
  }
}
