// The catalogue cache in SQLite: installs a validated catalogue in one transaction and answers the
// KioskApi's catalogue queries for one kiosk's profile and region.
import type { CategorySummary, SearchHit, ServiceSummary } from '../api/contract.ts';
import { KioskError } from '../api/errors.ts';
import type { Db } from '../db/database.ts';
import { pinyinKeys, pinyinKeysOf, pinyinQuery } from './pinyin-keys.ts';
import { regionPrefix } from './region.ts';
import type { BundleFile } from './bundle-manifest.ts';
import {
  catalogueSchema,
  type Catalogue,
  type CatalogueDelta,
  type Category,
  type KioskProfile,
  type ServiceItem,
} from './schema.ts';

/** Who is asking: the kiosk's profile and its 12-digit village code. */
export interface CatalogueScope {
  profile: KioskProfile;
  regionCode: string;
}

interface ServiceRow {
  id: string;
  category_id: string;
  title: string;
  summary: string;
  kiosk_supported: number;
  online_available: number;
}

const SERVICE_COLUMNS = 's.id, s.category_id, s.title, s.summary, s.kiosk_supported, s.online_available';
// Items of the kiosk's profile that apply to its region (the kiosk's code starts with one of the item's prefixes).
const IN_SCOPE = `
  EXISTS (SELECT 1 FROM service_profiles p WHERE p.service_id = s.id AND p.profile = @profile)
  AND EXISTS (SELECT 1 FROM service_regions r WHERE r.service_id = s.id
              AND substr(@regionCode, 1, length(r.region_prefix)) = r.region_prefix)`;

function toSummary(row: ServiceRow): ServiceSummary {
  return {
    id: row.id,
    categoryId: row.category_id,
    title: row.title,
    summary: row.summary,
    kioskSupported: row.kiosk_supported === 1,
    onlineAvailable: row.online_available === 1,
  };
}

/** Where an installed catalogue came from: its signed bundle's date and attachments. */
export interface InstallSource {
  /** When the bundle was made (the manifest's `created`); shown to technicians beside the version. */
  created?: string;
  /** Attachments of a full bundle (all of them), or of a delta (only the new ones). */
  files?: readonly BundleFile[];
}

/** What the technician view shows about the installed catalogue. */
export interface InstalledCatalogue {
  catalogueId: string;
  version: number;
  /** ISO time the bundle was made; null for a catalogue installed from the seed file. */
  created: string | null;
  items: number;
}

export class CatalogueStore {
  /** This kiosk's items for search, per scope; dropped whenever the catalogue changes. */
  private readonly searchCache = new Map<string, SearchEntry[]>();

  constructor(private readonly db: Db) {}

  /** Installed catalogue version, or null when none is installed. */
  version(): number | null {
    const row = this.db.prepare(`SELECT value FROM catalogue_meta WHERE key = 'version'`).get() as
      { value: string } | undefined;
    return row ? Number(row.value) : null;
  }

  /** The installed catalogue's id, version, bundle date and size; null when none is installed. */
  installed(): InstalledCatalogue | null {
    const meta = new Map(
      (this.db.prepare('SELECT key, value FROM catalogue_meta').all() as { key: string; value: string }[]).map(
        (row) => [row.key, row.value],
      ),
    );
    const version = meta.get('version');
    if (version === undefined) return null;
    const { items } = this.db.prepare('SELECT count(*) AS items FROM services').get() as { items: number };
    return {
      catalogueId: meta.get('catalogueId') ?? '',
      version: Number(version),
      created: meta.get('created') ?? null,
      items,
    };
  }

  /** A version rolled back from: the updater skips it and anything older. */
  heldBackVersion(): number | null {
    const row = this.db.prepare(`SELECT value FROM catalogue_meta WHERE key = 'heldBack'`).get() as
      { value: string } | undefined;
    return row ? Number(row.value) : null;
  }

  holdBack(version: number): void {
    this.db.prepare(`INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES ('heldBack', ?)`).run(String(version));
  }

  /** The attachments the installed catalogue uses, by path. */
  files(): BundleFile[] {
    return this.db.prepare('SELECT path, sha256, size FROM catalogue_files ORDER BY path').all() as BundleFile[];
  }

  /** The whole installed catalogue, as it was installed (to rebuild or to diff against). */
  catalogue(): Catalogue | null {
    const installed = this.installed();
    if (!installed) return null;
    const categories = this.db
      .prepare('SELECT id, name, description, icon, sort_order FROM categories ORDER BY sort_order, id')
      .all() as { id: string; name: string; description: string; icon: string; sort_order: number }[];
    const profiles = this.db.prepare('SELECT category_id, profile FROM category_profiles').all() as {
      category_id: string;
      profile: KioskProfile;
    }[];
    const items = (this.db.prepare('SELECT data FROM services ORDER BY rowid').all() as { data: string }[]).map(
      (row) => JSON.parse(row.data) as ServiceItem,
    );
    return {
      catalogueId: installed.catalogueId,
      version: installed.version,
      categories: categories.map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        icon: row.icon,
        order: row.sort_order,
        profiles: profiles.filter((entry) => entry.category_id === row.id).map((entry) => entry.profile),
      })),
      items,
    };
  }

  /**
   * Replaces the cached catalogue with `input` in one transaction: a reader sees the old catalogue or the new
   * one, never a mix, and a failure (or a power cut) leaves the old one in place.
   */
  install(input: unknown, source: InstallSource = {}): Catalogue {
    const parsed = catalogueSchema.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new KioskError('CATALOGUE_INVALID', `catalogue failed validation: ${first.join('; ')}`);
    }
    return this.installValidated(parsed.data, source);
  }

  /** install() for a catalogue that has just passed the schema (a verified bundle's), without checking again. */
  installValidated(catalogue: Catalogue, source: InstallSource = {}): Catalogue {
    const db = this.db;
    const writer = this.writer();
    db.transaction(() => {
      db.exec('DELETE FROM service_regions; DELETE FROM service_profiles; DELETE FROM services;');
      db.exec('DELETE FROM catalogue_files;');
      writer.replaceCategories(catalogue.categories);
      for (const item of catalogue.items) writer.insertItem(item);
      for (const file of source.files ?? []) writer.putFile(file);
      writer.setVersion(catalogue.catalogueId, catalogue.version, source.created);
    })();
    this.searchCache.clear();
    return catalogue;
  }

  /**
   * Applies a delta to the installed catalogue in one transaction, touching only the items it changes. It must
   * be based on exactly the installed version; anything inconsistent (an item left in a removed category, say)
   * rolls the whole delta back.
   */
  applyDelta(delta: CatalogueDelta, source: InstallSource = {}): void {
    const installed = this.installed();
    if (!installed || installed.version !== delta.base || installed.catalogueId !== delta.catalogueId) {
      throw new KioskError(
        'CATALOGUE_INVALID',
        `the delta changes ${delta.catalogueId} version ${delta.base}, but ${installed ? `${installed.catalogueId} version ${installed.version}` : 'nothing'} is installed`,
      );
    }
    const db = this.db;
    const writer = this.writer();
    const deleteItem = db.prepare('DELETE FROM services WHERE id = ?');
    const deleteFile = db.prepare('DELETE FROM catalogue_files WHERE path = ?');
    db.transaction(() => {
      // Items are deleted before the categories change, so a category can be renamed or dropped with its items.
      for (const id of [...delta.remove, ...delta.upsert.map((item) => item.id)]) deleteItem.run(id);
      writer.replaceCategories(delta.categories);
      for (const item of delta.upsert) writer.insertItem(item);
      for (const file of delta.removedFiles) deleteFile.run(file);
      for (const file of source.files ?? []) writer.putFile(file);
      const orphans = db.prepare('PRAGMA foreign_key_check(services)').all();
      if (orphans.length > 0) {
        throw new KioskError('CATALOGUE_INVALID', `the delta leaves ${orphans.length} items in a category it removed`);
      }
      writer.setVersion(delta.catalogueId, delta.version, source.created);
    })();
    this.searchCache.clear();
  }

  /** The statements that write a catalogue, shared by install and applyDelta. */
  private writer() {
    const db = this.db;
    const insertCategory = db.prepare(
      'INSERT INTO categories (id, name, description, icon, sort_order) VALUES (?, ?, ?, ?, ?)',
    );
    const insertCategoryProfile = db.prepare('INSERT INTO category_profiles (category_id, profile) VALUES (?, ?)');
    const insertService = db.prepare(
      `INSERT INTO services (id, category_id, title, summary, synonyms, popularity, kiosk_supported, online_available,
                             data, title_pinyin, synonym_pinyin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertServiceProfile = db.prepare('INSERT INTO service_profiles (service_id, profile) VALUES (?, ?)');
    const insertServiceRegion = db.prepare(
      'INSERT OR IGNORE INTO service_regions (service_id, region_prefix) VALUES (?, ?)',
    );
    const putFile = db.prepare('INSERT OR REPLACE INTO catalogue_files (path, sha256, size) VALUES (?, ?, ?)');
    const setMeta = db.prepare('INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES (?, ?)');
    const deleteMeta = db.prepare('DELETE FROM catalogue_meta WHERE key = ?');
    return {
      replaceCategories(categories: readonly Category[]) {
        // Foreign keys are checked per statement: deferring lets the category rows be replaced under their items.
        db.pragma('defer_foreign_keys = ON');
        db.exec('DELETE FROM category_profiles; DELETE FROM categories;');
        for (const category of categories) {
          insertCategory.run(category.id, category.name, category.description, category.icon, category.order);
          for (const profile of category.profiles) insertCategoryProfile.run(category.id, profile);
        }
      },
      insertItem(item: ServiceItem) {
        insertService.run(
          item.id,
          item.categoryId,
          item.title,
          item.summary,
          // A separator no query can contain, so a match never spans two synonyms.
          item.synonyms.join('\u0001'),
          item.popularity,
          item.kioskSupported ? 1 : 0,
          item.online.available ? 1 : 0,
          JSON.stringify(item),
          pinyinKeys(item.title),
          pinyinKeysOf(item.synonyms),
        );
        for (const profile of item.profiles) insertServiceProfile.run(item.id, profile);
        for (const region of item.regions) insertServiceRegion.run(item.id, regionPrefix(region));
      },
      putFile(file: BundleFile) {
        putFile.run(file.path, file.sha256, file.size);
      },
      setVersion(catalogueId: string, version: number, created: string | undefined) {
        setMeta.run('catalogueId', catalogueId);
        setMeta.run('version', String(version));
        if (created === undefined) deleteMeta.run('created');
        else setMeta.run('created', created);
      },
    };
  }

  /** Fills in pinyin keys missing from a catalogue installed before they existed (migration 0002). */
  fillMissingPinyin(): number {
    const rows = this.db.prepare(`SELECT id, title, synonyms FROM services WHERE title_pinyin = ''`).all() as {
      id: string;
      title: string;
      synonyms: string;
    }[];
    const update = this.db.prepare('UPDATE services SET title_pinyin = ?, synonym_pinyin = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const row of rows) {
        const synonyms = row.synonyms === '' ? [] : row.synonyms.split('\u0001');
        update.run(pinyinKeys(row.title), pinyinKeysOf(synonyms), row.id);
      }
    })();
    this.searchCache.clear();
    return rows.length;
  }

  /** Categories of the profile that have at least one service in scope, in display order. */
  listCategories(scope: CatalogueScope): CategorySummary[] {
    return this.db
      .prepare(
        `SELECT c.id, c.name, c.description, c.icon,
                (SELECT count(*) FROM services s WHERE s.category_id = c.id AND ${IN_SCOPE}) AS serviceCount
         FROM categories c
         JOIN category_profiles cp ON cp.category_id = c.id AND cp.profile = @profile
         ORDER BY c.sort_order, c.id`,
      )
      .all(scope)
      .filter((row) => (row as CategorySummary).serviceCount > 0) as CategorySummary[];
  }

  listServices(scope: CatalogueScope, categoryId?: string): ServiceSummary[] {
    const rows = this.db
      .prepare(
        `SELECT ${SERVICE_COLUMNS} FROM services s
         WHERE ${IN_SCOPE} AND (@categoryId IS NULL OR s.category_id = @categoryId)
         ORDER BY s.popularity DESC, s.title`,
      )
      .all({ ...scope, categoryId: categoryId ?? null }) as ServiceRow[];
    return rows.map(toSummary);
  }

  getService(scope: CatalogueScope, id: string): ServiceItem {
    const row = this.db
      .prepare(`SELECT s.data FROM services s WHERE s.id = @id AND ${IN_SCOPE}`)
      .get({ ...scope, id }) as { data: string } | undefined;
    if (!row) throw new KioskError('CATALOGUE_NOT_FOUND', `no service ${id} for this kiosk`);
    return JSON.parse(row.data) as ServiceItem;
  }

  /**
   * Search over titles, synonyms and summaries: hanzi or Latin substrings (case-insensitive), and for a query of
   * Latin letters also full pinyin and pinyin initials ("flyz" finds 法律援助). Ranking: exact title (or its
   * pinyin), title prefix, title substring, synonym, summary; then most used first. Runs on an in-memory copy
   * of this kiosk's items (rebuilt when a catalogue is installed), so results can follow every keystroke.
   */
  search(scope: CatalogueScope, query: string, limit: number): SearchHit[] {
    const q = query.trim().toLowerCase();
    if (q === '') return [];
    const letters = pinyinQuery(q);
    // The padded forms are built once per query, not once per item.
    const p = letters === null ? null : { plain: letters, key: ` ${letters} `, start: ` ${letters}` };
    const hits: { entry: SearchEntry; rank: number }[] = [];
    for (const entry of this.searchEntries(scope)) {
      const rank = rankOf(entry, q, p);
      if (rank !== null) hits.push({ entry, rank });
    }
    // Entries are already most used first; a stable sort by rank keeps that order within a rank.
    hits.sort((a, b) => a.rank - b.rank);
    return hits.slice(0, limit).map(({ entry, rank }) => ({
      service: entry.summary,
      matchedOn: rank <= 2 ? 'title' : rank === 3 ? 'synonym' : 'summary',
    }));
  }

  private searchEntries(scope: CatalogueScope): SearchEntry[] {
    const key = `${scope.profile}|${scope.regionCode}`;
    const cached = this.searchCache.get(key);
    if (cached) return cached;
    const rows = this.db
      .prepare(
        `SELECT ${SERVICE_COLUMNS}, s.synonyms, s.title_pinyin, s.synonym_pinyin FROM services s
         WHERE ${IN_SCOPE} ORDER BY s.popularity DESC, s.title`,
      )
      .all(scope) as (ServiceRow & { synonyms: string; title_pinyin: string; synonym_pinyin: string })[];
    const entries = rows.map((row) => ({
      summary: toSummary(row),
      title: row.title.toLowerCase(),
      synonyms: row.synonyms.toLowerCase(),
      summaryText: row.summary.toLowerCase(),
      // Space-padded, so " " + q tests "a key starts with q" and " " + q + " " tests "a key is q".
      titlePinyin: ` ${row.title_pinyin} `,
      synonymPinyin: ` ${row.synonym_pinyin} `,
      hasLatin: /[a-z]/.test(`${row.title}${row.synonyms}${row.summary}`.toLowerCase()),
    }));
    this.searchCache.set(key, entries);
    return entries;
  }
}

interface SearchEntry {
  summary: ServiceSummary;
  title: string;
  synonyms: string;
  summaryText: string;
  titlePinyin: string;
  synonymPinyin: string;
  /** Whether the text has Latin letters at all; if not, a Latin query can only match its pinyin. */
  hasLatin: boolean;
}

/** A Latin-letter query as a pinyin key: itself, " key " (a whole key) and " key" (the start of a key). */
interface PinyinQuery {
  plain: string;
  key: string;
  start: string;
}

/**
 * 0 exact title, 1 title prefix, 2 title substring, 3 synonym, 4 summary; null when nothing matches. Most items
 * match nothing, so the cheapest test that rules an item out comes first.
 */
function rankOf(entry: SearchEntry, q: string, p: PinyinQuery | null): number | null {
  const textMayMatch = p === null || entry.hasLatin;
  const titleText = textMayMatch && entry.title.includes(q);
  const titlePinyin = p !== null && entry.titlePinyin.includes(p.plain);
  if (titleText || titlePinyin) {
    if (entry.title === q || (titlePinyin && entry.titlePinyin.includes(p.key))) return 0;
    if ((titleText && entry.title.startsWith(q)) || (titlePinyin && entry.titlePinyin.includes(p.start))) return 1;
    return 2;
  }
  if ((textMayMatch && entry.synonyms.includes(q)) || (p !== null && entry.synonymPinyin.includes(p.start))) return 3;
  if (textMayMatch && entry.summaryText.includes(q)) return 4;
  return null;
}
