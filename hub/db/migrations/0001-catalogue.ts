import type { Migration } from './index.ts';

// Catalogue publication: every published bundle (full or delta) with its manifest exactly as signed, the files
// each bundle lists (so a file is served only under a bundle that names it), and where each version is rolled out.
export const migration0001: Migration = {
  name: 'catalogue',
  sqlite: `
    CREATE TABLE bundles (
      bundle_id TEXT PRIMARY KEY,          -- 'v12' or 'v12-from-11'
      catalogue_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      base INTEGER,                        -- NULL for a full bundle
      manifest BLOB NOT NULL,              -- manifest.json, the exact signed bytes
      manifest_sha256 TEXT NOT NULL,       -- its strong ETag
      signature TEXT NOT NULL,             -- manifest.sig as uploaded
      created TEXT NOT NULL,
      expires TEXT NOT NULL,
      key_id TEXT NOT NULL,
      regions TEXT NOT NULL,               -- JSON array of region codes
      profiles TEXT NOT NULL,              -- JSON array of kiosk profiles
      published_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX bundles_by_catalogue ON bundles(catalogue_id, version);

    CREATE TABLE bundle_files (
      bundle_id TEXT NOT NULL REFERENCES bundles(bundle_id),
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      PRIMARY KEY (bundle_id, sha256)
    ) STRICT;

    -- region: the code staff rolled out to ('440825'); region_prefix: its significant digits ('440825', '44' for
    -- 440000), so the rollouts that cover a kiosk are those whose prefix starts the kiosk's village code.
    CREATE TABLE rollouts (
      catalogue_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      region TEXT NOT NULL,
      region_prefix TEXT NOT NULL,
      at TEXT NOT NULL,
      PRIMARY KEY (catalogue_id, version, region)
    ) STRICT;
    CREATE INDEX rollouts_by_prefix ON rollouts(region_prefix);
  `,
  // rollouts.rowid: SQLite's implicit row id made explicit, so "in the order they were added" reads the same.
  postgres: `
    CREATE TABLE bundles (
      bundle_id TEXT PRIMARY KEY,
      catalogue_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      base INTEGER,
      manifest BYTEA NOT NULL,
      manifest_sha256 TEXT NOT NULL,
      signature TEXT NOT NULL,
      created TEXT NOT NULL,
      expires TEXT NOT NULL,
      key_id TEXT NOT NULL,
      regions TEXT NOT NULL,
      profiles TEXT NOT NULL,
      published_at TEXT NOT NULL
    );
    CREATE INDEX bundles_by_catalogue ON bundles(catalogue_id, version);

    CREATE TABLE bundle_files (
      bundle_id TEXT NOT NULL REFERENCES bundles(bundle_id),
      sha256 TEXT NOT NULL,
      size BIGINT NOT NULL,
      PRIMARY KEY (bundle_id, sha256)
    );

    CREATE TABLE rollouts (
      catalogue_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      region TEXT NOT NULL,
      region_prefix TEXT NOT NULL,
      at TEXT NOT NULL,
      rowid BIGINT GENERATED ALWAYS AS IDENTITY,
      PRIMARY KEY (catalogue_id, version, region)
    );
    CREATE INDEX rollouts_by_prefix ON rollouts(region_prefix);
  `,
};
