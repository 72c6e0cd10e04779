import type { Migration } from './index.ts';

// The catalogue cache: categories and items of the installed catalogue, with the profile and region
// applicability of each item in their own tables so listing stays an indexed query.
export const migration0001: Migration = {
  name: 'catalogue',
  sql: `
    CREATE TABLE catalogue_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE categories (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      icon TEXT NOT NULL,
      sort_order INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE category_profiles (
      category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
      profile TEXT NOT NULL,
      PRIMARY KEY (profile, category_id)
    ) STRICT;

    CREATE TABLE services (
      id TEXT PRIMARY KEY,
      category_id TEXT NOT NULL REFERENCES categories(id),
      title TEXT NOT NULL,
      summary TEXT NOT NULL,
      synonyms TEXT NOT NULL,
      popularity INTEGER NOT NULL,
      kiosk_supported INTEGER NOT NULL,
      online_available INTEGER NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX services_by_category ON services(category_id, popularity DESC);

    CREATE TABLE service_profiles (
      service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
      profile TEXT NOT NULL,
      PRIMARY KEY (profile, service_id)
    ) STRICT;

    -- region_prefix: the significant digits of a region code ('44' for all Guangdong, '440825' for 徐闻县);
    -- an item applies to a kiosk whose village code starts with one of its prefixes.
    CREATE TABLE service_regions (
      service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
      region_prefix TEXT NOT NULL,
      PRIMARY KEY (service_id, region_prefix)
    ) STRICT;
  `,
};
