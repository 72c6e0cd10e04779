// CatalogueStorage on the hub's database (SQLite or PostgreSQL, hub/db/sql.ts); writes of more than a row are one
// transaction each.
import { regionPrefix } from '../../core/catalogue/region.ts';
import type { KioskProfile } from '../../core/catalogue/schema.ts';
import type { SqlDatabase, SqlValue } from '../db/sql.ts';
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

export class SqlCatalogueStorage implements CatalogueStorage {
  constructor(private readonly db: SqlDatabase) {}

  async getBundle(bundleId: string): Promise<StoredBundle | null> {
    const row = await this.db.get<BundleRow & { manifest: Buffer; signature: string }>(
      `SELECT ${RECORD_COLUMNS}, b.manifest, b.signature FROM bundles b WHERE b.bundle_id = ?`,
      [bundleId],
    );
    if (!row) return null;
    const files = await this.db.query<{ sha256: string; size: number }>(
      'SELECT sha256, size FROM bundle_files WHERE bundle_id = ? ORDER BY sha256',
      [bundleId],
    );
    return { ...toRecord(row), manifest: row.manifest, signature: row.signature, files };
  }

  async getRecord(bundleId: string): Promise<BundleRecord | null> {
    const row = await this.db.get<BundleRow>(`SELECT ${RECORD_COLUMNS} FROM bundles b WHERE b.bundle_id = ?`, [
      bundleId,
    ]);
    return row ? toRecord(row) : null;
  }

  async listBundles(): Promise<BundleRecord[]> {
    const rows = await this.db.query<BundleRow>(
      `SELECT ${RECORD_COLUMNS} FROM bundles b
       ORDER BY b.version DESC, b.base IS NOT NULL, b.base DESC, b.catalogue_id`,
    );
    return rows.map(toRecord);
  }

  async newestVersion(catalogueId: string): Promise<number | null> {
    const row = await this.db.get<{ newest: number | null }>(
      'SELECT max(version) AS newest FROM bundles WHERE catalogue_id = ?',
      [catalogueId],
    );
    return row?.newest ?? null;
  }

  async insertBundle(bundle: StoredBundle): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.run(
        `INSERT INTO bundles (bundle_id, catalogue_id, version, base, manifest, manifest_sha256, signature,
           created, expires, key_id, regions, profiles, published_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          bundle.bundleId,
          bundle.catalogueId,
          bundle.version,
          bundle.base,
          bundle.manifest,
          bundle.manifestSha256,
          bundle.signature,
          bundle.created,
          bundle.expires,
          bundle.keyId,
          JSON.stringify(bundle.regions),
          JSON.stringify(bundle.profiles),
          bundle.publishedAt,
        ],
      );
      if (inserted === 0) return false;
      // A manifest may list the same content under two paths: one row per distinct file.
      for (const file of bundle.files) {
        await tx.run('INSERT INTO bundle_files (bundle_id, sha256, size) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
          bundle.bundleId,
          file.sha256,
          file.size,
        ]);
      }
      return true;
    });
  }

  async bundleListsFile(bundleId: string, sha256: string): Promise<boolean> {
    return (
      (await this.db.get('SELECT 1 AS found FROM bundle_files WHERE bundle_id = ? AND sha256 = ?', [
        bundleId,
        sha256,
      ])) !== undefined
    );
  }

  async addRollout(catalogueId: string, version: number, regions: readonly string[], at: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const region of regions) {
        await tx.run(
          `INSERT INTO rollouts (catalogue_id, version, region, region_prefix, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
          [catalogueId, version, region, regionPrefix(region), at],
        );
      }
    });
  }

  async removeRollout(catalogueId: string, version: number, regions: readonly string[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      let removed = 0;
      for (const region of regions) {
        removed += await tx.run('DELETE FROM rollouts WHERE catalogue_id = ? AND version = ? AND region = ?', [
          catalogueId,
          version,
          region,
        ]);
      }
      return removed;
    });
  }

  async rolloutsOf(catalogueId: string, version: number): Promise<string[]> {
    // rowid: SQLite's own; the PostgreSQL schema has an identity column of that name (migration 0001).
    const rows = await this.db.query<{ region: string }>(
      'SELECT region FROM rollouts WHERE catalogue_id = ? AND version = ? ORDER BY at, rowid',
      [catalogueId, version],
    );
    return rows.map((row) => row.region);
  }

  rolloutsCovering(kioskRegion: string): Promise<RolloutMatch[]> {
    return this.rollouts('WHERE substr(CAST(? AS TEXT), 1, length(r.region_prefix)) = r.region_prefix', [kioskRegion]);
  }

  everyRollout(): Promise<RolloutMatch[]> {
    return this.rollouts('', []);
  }

  private async rollouts(where: string, params: SqlValue[]): Promise<RolloutMatch[]> {
    const rows = await this.db.query<BundleRow & { rollout_region: string; rollout_at: string }>(
      `SELECT ${RECORD_COLUMNS}, r.region AS rollout_region, r.at AS rollout_at
       FROM rollouts r
       JOIN bundles b ON b.catalogue_id = r.catalogue_id AND b.version = r.version AND b.base IS NULL
       ${where}
       ORDER BY b.version DESC, r.at DESC`,
      params,
    );
    return rows.map((row) => ({ bundle: toRecord(row), region: row.rollout_region, at: row.rollout_at }));
  }

  async rolloutFingerprint(): Promise<string> {
    const row = await this.db.get<{ rollouts: number; latest: string | null; bundles: number }>(
      `SELECT (SELECT count(*) FROM rollouts) AS rollouts, (SELECT max(at) FROM rollouts) AS latest,
         (SELECT count(*) FROM bundles) AS bundles`,
      [],
    );
    return `${row?.rollouts ?? 0}/${row?.latest ?? '-'}/${row?.bundles ?? 0}`;
  }

  /** The database is the hub's, shared by every storage: the hub closes it. */
  async close(): Promise<void> {}
}
