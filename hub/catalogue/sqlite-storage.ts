// CatalogueStorage on the hub's SQLite file (better-sqlite3: synchronous underneath, so each call is atomic).
import { regionPrefix } from '../../core/catalogue/region.ts';
import type { KioskProfile } from '../../core/catalogue/schema.ts';
import { openHubDatabase, type HubDb } from '../db/database.ts';
import type { BundleRecord, CatalogueStorage, RolloutMatch, StoredBundle } from './storage.ts';

interface BundleRow {
  bundle_id: string;
  catalogue_id: string;
  version: number;
  base: number | null;
  created: string;
  expires: string;
  key_id: string;
  regions: string;
  profiles: string;
  published_at: string;
  manifest_sha256: string;
}

const RECORD_COLUMNS = `b.bundle_id, b.catalogue_id, b.version, b.base, b.created, b.expires, b.key_id, b.regions,
  b.profiles, b.published_at, b.manifest_sha256`;

function toRecord(row: BundleRow): BundleRecord {
  return {
    bundleId: row.bundle_id,
    catalogueId: row.catalogue_id,
    version: row.version,
    base: row.base,
    created: row.created,
    expires: row.expires,
    keyId: row.key_id,
    regions: JSON.parse(row.regions) as string[],
    profiles: JSON.parse(row.profiles) as KioskProfile[],
    publishedAt: row.published_at,
    manifestSha256: row.manifest_sha256,
  };
}

export class SqliteCatalogueStorage implements CatalogueStorage {
  private readonly db: HubDb;

  constructor(file: string) {
    this.db = openHubDatabase(file);
  }

  async getBundle(bundleId: string): Promise<StoredBundle | null> {
    const row = this.db
      .prepare(`SELECT ${RECORD_COLUMNS}, b.manifest, b.signature FROM bundles b WHERE b.bundle_id = ?`)
      .get(bundleId) as (BundleRow & { manifest: Buffer; signature: string }) | undefined;
    if (!row) return null;
    const files = this.db
      .prepare('SELECT sha256, size FROM bundle_files WHERE bundle_id = ? ORDER BY sha256')
      .all(bundleId) as { sha256: string; size: number }[];
    return { ...toRecord(row), manifest: row.manifest, signature: row.signature, files };
  }

  async getRecord(bundleId: string): Promise<BundleRecord | null> {
    const row = this.db.prepare(`SELECT ${RECORD_COLUMNS} FROM bundles b WHERE b.bundle_id = ?`).get(bundleId) as
      BundleRow | undefined;
    return row ? toRecord(row) : null;
  }

  async listBundles(): Promise<BundleRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM bundles b
         ORDER BY b.version DESC, b.base IS NOT NULL, b.base DESC, b.catalogue_id`,
      )
      .all() as BundleRow[];
    return rows.map(toRecord);
  }

  async newestVersion(catalogueId: string): Promise<number | null> {
    const row = this.db
      .prepare('SELECT max(version) AS newest FROM bundles WHERE catalogue_id = ?')
      .get(catalogueId) as { newest: number | null } | undefined;
    return row?.newest ?? null;
  }

  async insertBundle(bundle: StoredBundle): Promise<boolean> {
    const insert = this.db.transaction((): boolean => {
      const result = this.db
        .prepare(
          `INSERT OR IGNORE INTO bundles (bundle_id, catalogue_id, version, base, manifest, manifest_sha256, signature,
             created, expires, key_id, regions, profiles, published_at)
           VALUES (@bundleId, @catalogueId, @version, @base, @manifest, @manifestSha256, @signature,
             @created, @expires, @keyId, @regions, @profiles, @publishedAt)`,
        )
        .run({
          bundleId: bundle.bundleId,
          catalogueId: bundle.catalogueId,
          version: bundle.version,
          base: bundle.base,
          manifest: bundle.manifest,
          manifestSha256: bundle.manifestSha256,
          signature: bundle.signature,
          created: bundle.created,
          expires: bundle.expires,
          keyId: bundle.keyId,
          regions: JSON.stringify(bundle.regions),
          profiles: JSON.stringify(bundle.profiles),
          publishedAt: bundle.publishedAt,
        });
      if (result.changes === 0) return false;
      // A manifest may list the same content under two paths: one row per distinct file.
      const addFile = this.db.prepare('INSERT OR IGNORE INTO bundle_files (bundle_id, sha256, size) VALUES (?, ?, ?)');
      for (const file of bundle.files) addFile.run(bundle.bundleId, file.sha256, file.size);
      return true;
    });
    return insert();
  }

  async bundleListsFile(bundleId: string, sha256: string): Promise<boolean> {
    return (
      this.db.prepare('SELECT 1 FROM bundle_files WHERE bundle_id = ? AND sha256 = ?').get(bundleId, sha256) !==
      undefined
    );
  }

  async addRollout(catalogueId: string, version: number, regions: readonly string[], at: string): Promise<void> {
    const add = this.db.prepare(
      'INSERT OR IGNORE INTO rollouts (catalogue_id, version, region, region_prefix, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const region of regions) add.run(catalogueId, version, region, regionPrefix(region), at);
    })();
  }

  async rolloutsOf(catalogueId: string, version: number): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT region FROM rollouts WHERE catalogue_id = ? AND version = ? ORDER BY at, rowid')
      .all(catalogueId, version) as { region: string }[];
    return rows.map((row) => row.region);
  }

  async rolloutsCovering(kioskRegion: string): Promise<RolloutMatch[]> {
    const rows = this.db
      .prepare(
        `SELECT ${RECORD_COLUMNS}, r.region AS rollout_region, r.at AS rollout_at
         FROM rollouts r
         JOIN bundles b ON b.catalogue_id = r.catalogue_id AND b.version = r.version AND b.base IS NULL
         WHERE substr(@kiosk, 1, length(r.region_prefix)) = r.region_prefix
         ORDER BY b.version DESC, r.at DESC`,
      )
      .all({ kiosk: kioskRegion }) as (BundleRow & { rollout_region: string; rollout_at: string })[];
    return rows.map((row) => ({ bundle: toRecord(row), region: row.rollout_region, at: row.rollout_at }));
  }

  async rolloutFingerprint(): Promise<string> {
    const row = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM rollouts) AS rollouts, (SELECT max(at) FROM rollouts) AS latest,
           (SELECT count(*) FROM bundles) AS bundles`,
      )
      .get() as { rollouts: number; latest: string | null; bundles: number };
    return `${row.rollouts}/${row.latest ?? '-'}/${row.bundles}`;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
