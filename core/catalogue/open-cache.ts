// Opens the catalogue cache, setting a damaged file aside instead of failing: the cache holds nothing that
// cannot be rebuilt from the verified bundles on disk (or the seed catalogue), so a kiosk with a corrupt
// file still starts and serves.
import { existsSync, renameSync } from 'node:fs';
import { openDatabase, type Db } from '../db/database.ts';
import type { Logger } from '../log.ts';

function isSound(file: string): { db: Db } | { problem: string } {
  let db: Db | undefined;
  try {
    db = openDatabase(file);
    const check = db.pragma('quick_check', { simple: true });
    if (check === 'ok') return { db };
    db.close();
    return { problem: String(check) };
  } catch (error) {
    db?.close();
    return { problem: (error as Error).message };
  }
}

export function openCatalogueDatabase(file: string, log: Logger): Db {
  const first = isSound(file);
  if ('db' in first) return first.db;
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  log.error({ problem: first.problem, movedTo: aside }, 'catalogue cache is damaged; rebuilding it');
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return openDatabase(file);
}
