// The catalogue cache on a real SQLite file.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../core/api/errors.ts';
import { applyDelta, diffCatalogues } from '../../core/catalogue/delta.ts';
import type { Catalogue } from '../../core/catalogue/schema.ts';
import { CatalogueStore } from '../../core/catalogue/store.ts';
import { openDatabase } from '../../core/db/database.ts';
import { MIGRATIONS } from '../../core/db/migrations/index.ts';
import { FIXTURE_REGION, makeCatalogue, makeItem } from '../helpers/catalogue-fixture.ts';
import { SAMPLE_CATALOGUE } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir();
const legalKiosk = { profile: 'fabaobao', regionCode: FIXTURE_REGION } as const;
const govKiosk = { profile: 'yuezizhu', regionCode: FIXTURE_REGION } as const;

function freshStore() {
  const file = path.join(tempDir(), 'catalogue.sqlite');
  const db = openDatabase(file);
  return { db, file, store: new CatalogueStore(db) };
}

describe('catalogue store', () => {
  it('creates the schema with the numbered migrations, in WAL mode', () => {
    const { db } = freshStore();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database written by newer software', () => {
    const { db, file } = freshStore();
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(file)).toThrow(/schema version 999 is newer/);
  });

  it('shows each kiosk only its profile and region, most used first', () => {
    const { db, store } = freshStore();
    expect(store.version()).toBeNull();
    store.install(makeCatalogue());
    expect(store.version()).toBe(1);

    expect(store.listCategories(legalKiosk)).toEqual([
      { id: 'falv-yuanzhu', name: '法律援助', description: '请不起律师找这里', icon: '⚖', serviceCount: 2 },
      { id: 'renmin-tiaojie', name: '人民调解', description: '邻里纠纷调解', icon: '🤝', serviceCount: 1 },
    ]);
    expect(store.listCategories(govKiosk).map((c) => c.id)).toEqual(['shebao']);
    // 'other-county' applies to 雷州市 only, so it is hidden however popular it is.
    expect(store.listServices(legalKiosk, 'falv-yuanzhu').map((s) => s.id)).toEqual(['wage-aid', 'legal-aid']);
    expect(store.listServices({ ...legalKiosk, regionCode: '440882100201' }, 'falv-yuanzhu').map((s) => s.id)).toEqual([
      'other-county',
      'wage-aid',
      'legal-aid',
    ]);
    // The mediation item is for one village only.
    expect(store.listServices({ ...legalKiosk, regionCode: '440825100202' }, 'renmin-tiaojie')).toEqual([]);
    expect(store.listServices(govKiosk)).toEqual([
      {
        id: 'pension',
        categoryId: 'shebao',
        title: '城乡居民养老保险缴费',
        summary: '城乡居民养老保险缴费的办理指南',
        kioskSupported: true,
        onlineAvailable: true,
      },
    ]);
    db.close();
  });

  it('returns a whole guide, and NOT_FOUND for items out of scope', () => {
    const { db, store } = freshStore();
    store.install(makeCatalogue());
    const item = store.getService(legalKiosk, 'legal-aid');
    expect(item.materials.map((m) => m.name)).toEqual(['居民身份证', '法律援助申请表']);
    for (const [scope, id] of [
      [legalKiosk, 'pension'],
      [legalKiosk, 'other-county'],
      [legalKiosk, 'nothing'],
    ] as const) {
      expect(() => store.getService(scope, id)).toThrow(KioskError);
      try {
        store.getService(scope, id);
      } catch (error) {
        expect((error as KioskError).code).toBe('CATALOGUE_NOT_FOUND');
      }
    }
    db.close();
  });

  it('searches titles, synonyms and summaries, exact and title matches first', () => {
    const { db, store } = freshStore();
    store.install(makeCatalogue());
    const ids = (query: string) =>
      store.search(legalKiosk, query, 10).map((hit) => `${hit.service.id}:${hit.matchedOn}`);
    expect(ids('法律援助申请')).toEqual(['legal-aid:title']);
    // A title that starts with the query outranks a more used title that only contains it; both outrank summaries.
    expect(ids('法律援助')).toEqual(['legal-aid:title', 'wage-aid:title', 'mediation:summary']);
    // Among equal matches the more used comes first.
    expect(ids('援助')).toEqual(['wage-aid:title', 'legal-aid:title', 'mediation:summary']);
    expect(ids('欠工资')).toEqual(['wage-aid:synonym']);
    expect(ids('  ')).toEqual([]);
    expect(ids('养老金')).toEqual([]); // a 粤智助 item
    expect(store.search(govKiosk, '养老金', 10).map((hit) => hit.service.id)).toEqual(['pension']);
    expect(store.search(legalKiosk, '法律', 1)).toHaveLength(1);
    db.close();
  });

  it('finds items by full pinyin and by pinyin initials, typed any way a villager might', () => {
    const { db, store } = freshStore();
    store.install(makeCatalogue());
    const ids = (query: string) =>
      store.search(legalKiosk, query, 10).map((hit) => `${hit.service.id}:${hit.matchedOn}`);
    // Initials of the whole title come first, then titles whose pinyin starts with the query.
    expect(ids('flyzsq')).toEqual(['legal-aid:title']);
    expect(ids('flyz')).toEqual(['legal-aid:title', 'wage-aid:title']);
    expect(ids('FLYZ')).toEqual(ids('flyz'));
    // ü typed as v (the pinyin keyboard convention) or as u.
    expect(ids('falvyuanzhu')).toEqual(['legal-aid:title', 'wage-aid:title']);
    expect(ids('faluyuanzhu')).toEqual(['legal-aid:title', 'wage-aid:title']);
    expect(ids('fa lv yuan zhu')).toEqual(['legal-aid:title', 'wage-aid:title']);
    // Synonyms: 讨薪 → taoxin, 请律师 → qls.
    expect(ids('taoxin')).toEqual(['wage-aid:title']); // also inside the title's own pinyin
    expect(ids('qls')).toEqual(['legal-aid:synonym']);
    expect(ids('rmtj')).toEqual(['mediation:title']);
    expect(ids('zzzz')).toEqual([]);
    db.close();
  });

  it('fills in pinyin keys for a catalogue installed before they existed', () => {
    const { db, store } = freshStore();
    store.install(makeCatalogue());
    db.exec(`UPDATE services SET title_pinyin = '', synonym_pinyin = ''`);
    expect(store.search(legalKiosk, 'flyz', 10)).toEqual([]);
    expect(store.fillMissingPinyin()).toBe(5);
    expect(store.search(legalKiosk, 'flyz', 10).map((hit) => hit.service.id)).toEqual(['legal-aid', 'wage-aid']);
    expect(store.fillMissingPinyin()).toBe(0);
    db.close();
  });

  it('replaces the catalogue in one transaction, and keeps the old one when the new one is invalid', () => {
    const { db, file, store } = freshStore();
    store.install(makeCatalogue(1));
    const next = makeCatalogue(2);
    next.items = next.items.filter((item) => item.id !== 'legal-aid');
    store.install(next);
    expect(store.version()).toBe(2);
    expect(store.listServices(legalKiosk).map((s) => s.id)).not.toContain('legal-aid');

    const broken = makeCatalogue(3) as unknown as { items: { title: string }[] };
    broken.items[0]!.title = '';
    expect(() => store.install(broken)).toThrow(/CATALOGUE_INVALID|failed validation/);
    expect(store.version()).toBe(2);
    expect(store.listServices(legalKiosk)).toHaveLength(2);
    db.close();

    // What was committed is on disk for the next start.
    const reopened = new CatalogueStore(openDatabase(file));
    expect(reopened.version()).toBe(2);
  });

  it('rolls back a failure part-way through an install', () => {
    const { db, file, store } = freshStore();
    store.install(makeCatalogue(1));
    // A trigger that fails on the third item simulates an error in the middle of the write.
    db.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON services WHEN NEW.id = 'other-county'
             BEGIN SELECT RAISE(ABORT, 'disk error'); END;`);
    expect(() => store.install(makeCatalogue(2))).toThrow('disk error');
    expect(store.version()).toBe(1);
    expect(store.listServices(legalKiosk)).toHaveLength(3);
    db.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM services').get()).toEqual({ n: 5 });
    raw.close();
  });

  it('installs the sample catalogue and answers both kiosk profiles', () => {
    const { db, store } = freshStore();
    store.install(JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')));
    const legal = store.listCategories(legalKiosk).map((c) => c.name);
    expect(legal).toEqual(expect.arrayContaining(['法律援助', '人民调解', '公证预约', '远程视频会见预约']));
    const gov = store.listCategories(govKiosk).map((c) => c.name);
    expect(gov).toEqual(expect.arrayContaining(['社会保障', '医疗保障']));
    expect(store.search(legalKiosk, '讨薪', 5).length).toBeGreaterThan(0);
    db.close();
  });

  it('applies a delta in one transaction: changed, added and removed items, new categories, attachments', () => {
    const { store } = freshStore();
    const base = makeCatalogue(1);
    store.install(base, { created: '2026-11-01T00:00:00.000Z', files: [file('attachments/a.pdf', 'a')] });
    const next = makeCatalogue(2);
    next.items = next.items.filter((item) => item.id !== 'mediation');
    next.items[0] = { ...next.items[0]!, title: '法律援助申请（新版）' };
    next.categories.push({
      id: 'gongzheng',
      name: '公证',
      description: '公证预约',
      icon: '📜',
      profiles: ['fabaobao'],
      order: 4,
    });
    next.items.push(makeItem({ id: 'notary', categoryId: 'gongzheng', title: '公证预约', synonyms: ['公证'] }));
    const delta = diffCatalogues(base, next, ['attachments/a.pdf'], ['attachments/b.pdf']);
    expect(delta.upsert.map((item) => item.id).sort()).toEqual(['legal-aid', 'notary']);
    expect(delta.remove).toEqual(['mediation']);

    store.applyDelta(delta, { created: '2026-11-20T00:00:00.000Z', files: [file('attachments/b.pdf', 'b')] });
    expect(store.installed()).toMatchObject({ version: 2, created: '2026-11-20T00:00:00.000Z' });
    expect(store.files().map((entry) => entry.path)).toEqual(['attachments/b.pdf']);
    expect(store.search(legalKiosk, 'gzyy', 5).map((hit) => hit.service.id)).toEqual(['notary']);
    expect(() => store.getService(legalKiosk, 'mediation')).toThrow(KioskError);
    expect(store.getService(legalKiosk, 'legal-aid').title).toBe('法律援助申请（新版）');
    // The cache now holds exactly what a full install of the new version would.
    const byId = (catalogue: Catalogue | null) => ({
      ...catalogue,
      categories: [...(catalogue?.categories ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
      items: [...(catalogue?.items ?? [])].sort((a, b) => a.id.localeCompare(b.id)),
    });
    expect(byId(store.catalogue())).toEqual(byId(applyDelta(base, delta)));
  });

  it('does not count an item as changed when only the order of its fields differs', () => {
    const base = makeCatalogue(1);
    const reordered = makeCatalogue(2);
    reordered.items = reordered.items.map((item) => Object.fromEntries(Object.entries(item).reverse()) as typeof item);
    expect(diffCatalogues(base, reordered, [], []).upsert).toEqual([]);
  });

  it('refuses a delta for another base, and rolls back one that would orphan items', () => {
    const { store } = freshStore();
    const base = makeCatalogue(1);
    store.install(base);
    const next = makeCatalogue(3);
    expect(() => store.applyDelta(diffCatalogues(makeCatalogue(2), next, [], []))).toThrow(/version 2/);
    const orphaning = { ...diffCatalogues(base, makeCatalogue(2), [], []) };
    orphaning.categories = base.categories.filter((category) => category.id !== 'renmin-tiaojie');
    expect(() => store.applyDelta(orphaning)).toThrow(/category it removed/);
    expect(store.version()).toBe(1);
    expect(store.getService(legalKiosk, 'mediation').categoryId).toBe('renmin-tiaojie');
  });
});

function file(filePath: string, content: string) {
  return { path: filePath, sha256: createHash('sha256').update(content).digest('hex'), size: content.length };
}
