// Where the hub keeps published catalogue bundles and rollouts: the interface, implemented on the hub's database
// (SQLite or PostgreSQL) by sql-storage.ts. Storage only stores and finds: the publication rules (signature,
// version order, what a kiosk gets) live in service.ts.
import type { KioskProfile } from '../../core/catalogue/schema.ts';

/** A published bundle without its manifest bytes: enough to list and choose bundles. */
export interface BundleRecord {
  bundleId: string;
  catalogueId: string;
  version: number;
  /** The version a delta changes; null for a full bundle. */
  base: number | null;
  created: string;
  expires: string;
  keyId: string;
  regions: string[];
  profiles: KioskProfile[];
  publishedAt: string;
  /** sha256 of the manifest bytes (its strong ETag). */
  manifestSha256: string;
}

/** A published bundle as stored: the record plus manifest.json and manifest.sig exactly as uploaded. */
export interface StoredBundle extends BundleRecord {
  manifest: Buffer;
  signature: string;
  /** The files its manifest lists. */
  files: { sha256: string; size: number }[];
}

/** A full bundle rolled out to an area that contains a given kiosk. */
export interface RolloutMatch {
  bundle: BundleRecord;
  /** The region code it was rolled out to. */
  region: string;
  at: string;
}

export interface CatalogueStorage {
  getBundle(bundleId: string): Promise<StoredBundle | null>;
  /** Record only (no manifest bytes); null when absent. */
  getRecord(bundleId: string): Promise<BundleRecord | null>;
  /** Every bundle, newest version first (a full bundle before the deltas to the same version). */
  listBundles(): Promise<BundleRecord[]>;
  /** The highest published version of a catalogue, or null when none is published. */
  newestVersion(catalogueId: string): Promise<number | null>;
  /** Inserts the bundle and its file list atomically; false (and nothing written) when its id is taken. */
  insertBundle(bundle: StoredBundle): Promise<boolean>;
  bundleListsFile(bundleId: string, sha256: string): Promise<boolean>;
  /** Records a rollout to each region; a region the version is already rolled out to keeps its first date. */
  addRollout(catalogueId: string, version: number, regions: readonly string[], at: string): Promise<void>;
  /** Withdraws a version's rollout from exactly these region codes; how many were rolled out. */
  removeRollout(catalogueId: string, version: number, regions: readonly string[]): Promise<number>;
  /** Region codes a version is rolled out to, in the order they were added. */
  rolloutsOf(catalogueId: string, version: number): Promise<string[]>;
  /** Full bundles rolled out to an area containing the 12-digit village code, highest version first. */
  rolloutsCovering(kioskRegion: string): Promise<RolloutMatch[]>;
  /** Every rollout of a full bundle, in the same order: one read for many villages at once. */
  everyRollout(): Promise<RolloutMatch[]>;
  /**
   * A short text that changes whenever a rollout is added or removed or a bundle published (counts and latest
   * times). Cheap enough to ask every few seconds: hubs sharing one database learn of each other's rollouts by it.
   */
  rolloutFingerprint(): Promise<string>;
  close(): Promise<void>;
}
