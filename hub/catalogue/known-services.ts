// The service ids submissions are checked against: every item of every published full catalogue bundle, read
// from the bundle's catalogue.json in the blob store (checked with catalogueSchema) once per bundle.
//
// Every published version counts, not only the newest: a kiosk that was offline while a service was withdrawn
// still holds citizens' applications for it, taken while that service was in its catalogue; refusing them for
// good would lose them. A catalogue.json that cannot be read makes the hub take any id (and log an error) for
// the same reason. null: no catalogue is published at all.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { CATALOGUE_FILE, manifestSchema } from '../../core/catalogue/bundle-manifest.ts';
import { catalogueSchema } from '../../core/catalogue/schema.ts';
import type { BlobStore } from '../blob-store.ts';
import type { CatalogueStorage } from './storage.ts';

/** Item ids of one bundle, or 'unreadable'. */
type BundleServices = Set<string> | 'unreadable';

export function knownServicesOf(
  storage: CatalogueStorage,
  blobs: BlobStore,
  log?: Logger,
): () => Promise<Set<string> | null> {
  const perBundle = new Map<string, BundleServices>();
  let union: { key: string; ids: Set<string> | null } | null = null;

  async function servicesOf(bundleId: string): Promise<BundleServices> {
    const cached = perBundle.get(bundleId);
    if (cached) return cached;
    let services: BundleServices;
    try {
      const stored = await storage.getBundle(bundleId);
      if (!stored) throw new Error('the bundle is gone');
      const manifest = manifestSchema.parse(JSON.parse(stored.manifest.toString('utf8')));
      const file = manifest.files.find((entry) => entry.path === CATALOGUE_FILE);
      if (!file) throw new Error(`the bundle lists no ${CATALOGUE_FILE}`);
      const catalogue = catalogueSchema.parse(JSON.parse(await readFile(path.join(blobs.dir, file.sha256), 'utf8')));
      services = new Set(catalogue.items.map((item) => item.id));
    } catch (error) {
      log?.error(
        { bundleId, err: error },
        'cannot read the services of a published catalogue; submissions are taken for any service',
      );
      services = 'unreadable';
    }
    perBundle.set(bundleId, services);
    return services;
  }

  return async () => {
    const full = (await storage.listBundles()).filter((bundle) => bundle.base === null);
    if (full.length === 0) return null;
    const key = full
      .map((bundle) => bundle.bundleId)
      .sort()
      .join(',');
    if (union?.key === key) return union.ids;
    let ids: Set<string> | null = new Set<string>();
    for (const bundle of full) {
      const services = await servicesOf(bundle.bundleId);
      if (services === 'unreadable') {
        ids = null;
        break;
      }
      for (const id of services) ids.add(id);
    }
    union = { key, ids };
    return ids;
  };
}
