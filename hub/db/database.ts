// Opens the hub's SQLite file and brings its schema up to date with the numbered migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index.ts';

export type HubDb = Database.Database;

export function openHubDatabase(file: string): HubDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL lets kiosk polls read while staff publish; FULL sync: a published bundle survives a power cut.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: HubDb): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = MIGRATIONS.length;
  if (current > newest) {
    throw new Error(`hub database schema version ${current} is newer than this software knows (${newest})`);
  }
  for (let version = current + 1; version <= newest; version++) {
    const step = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return newest;
}
