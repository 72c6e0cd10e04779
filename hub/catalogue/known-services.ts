// The service ids of the newest published full catalogue, which submissions are checked against; read from the
// bundle's catalogue.json in the blob store once per version.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE_FILE, manifestSchema } from '../../core/catalogue/bundle-manifest.ts';
import type { BlobStore } from '../blob-store.ts';
import type { CatalogueStorage } from './storage.ts';

export function knownServicesOf(storage: CatalogueStorage, blobs: BlobStore): () => Promise<Set<string> | null> {
  let cached: { bundleId: string; ids: Set<string> } | null = null;
  return async () => {
    const newest = (await storage.listBundles())
      .filter((bundle) => bundle.base === null)
      .sort((a, b) => b.version - a.version)[0];
    if (!newest) return null;
    if (cached?.bundleId === newest.bundleId) return cached.ids;
    const stored = await storage.getBundle(newest.bundleId);
    if (!stored) return null;
    const manifest = manifestSchema.parse(JSON.parse(stored.manifest.toString('utf8')));
    const file = manifest.files.find((entry) => entry.path === CATALOGUE_FILE);
    if (!file) return null;
    const catalogue = JSON.parse(readFileSync(path.join(blobs.dir, file.sha256), 'utf8')) as {
      items: { id: string }[];
    };
    cached = { bundleId: newest.bundleId, ids: new Set(catalogue.items.map((item) => item.id)) };
    return cached.ids;
  };
}
