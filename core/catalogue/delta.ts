// Deltas between catalogue versions: what a delta bundle carries (diffCatalogues, at build time) and how a
// kiosk rebuilds a whole catalogue from a base and its deltas (applyDelta, when it rebuilds its cache).
import { KioskError } from '../api/errors.ts';
import { catalogueSchema, type Catalogue, type CatalogueDelta } from './schema.ts';
import { canonicalJson } from '../protocol/canonical-json.ts';

/** The delta that turns `base` into `next`; `baseFiles`/`nextFiles` are the attachment paths of each. */
export function diffCatalogues(
  base: Catalogue,
  next: Catalogue,
  baseFiles: readonly string[],
  nextFiles: readonly string[],
): CatalogueDelta {
  if (base.catalogueId !== next.catalogueId) {
    throw new Error(`cannot diff catalogue ${next.catalogueId} against ${base.catalogueId}`);
  }
  const before = new Map(base.items.map((item) => [item.id, canonicalJson(item)]));
  const nextIds = new Set(next.items.map((item) => item.id));
  const keptFiles = new Set(nextFiles);
  return {
    catalogueId: next.catalogueId,
    version: next.version,
    base: base.version,
    categories: next.categories,
    upsert: next.items.filter((item) => before.get(item.id) !== canonicalJson(item)),
    remove: base.items.filter((item) => !nextIds.has(item.id)).map((item) => item.id),
    removedFiles: baseFiles.filter((file) => !keptFiles.has(file)),
  };
}

/** The whole catalogue a delta produces from its base, validated like any catalogue. */
export function applyDelta(base: Catalogue, delta: CatalogueDelta): Catalogue {
  if (delta.base !== base.version || delta.catalogueId !== base.catalogueId) {
    throw new KioskError(
      'CATALOGUE_INVALID',
      `the delta changes ${delta.catalogueId} version ${delta.base}, not ${base.catalogueId} version ${base.version}`,
    );
  }
  const removed = new Set(delta.remove);
  const changed = new Map(delta.upsert.map((item) => [item.id, item]));
  const items = base.items.filter((item) => !removed.has(item.id)).map((item) => changed.get(item.id) ?? item);
  const existing = new Set(items.map((item) => item.id));
  for (const item of delta.upsert) if (!existing.has(item.id)) items.push(item);
  const result = catalogueSchema.safeParse({ ...base, version: delta.version, categories: delta.categories, items });
  if (!result.success) {
    throw new KioskError(
      'CATALOGUE_INVALID',
      `the delta gives an invalid catalogue: ${result.error.issues[0]?.message}`,
    );
  }
  return result.data;
}
