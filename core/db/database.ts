// Opens the kiosk's SQLite file and brings its schema up to date with the numbered migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

/** Opens a SQLite file and applies `migrations` (the catalogue cache's by default). */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL keeps readers going while a catalogue installs; FULL sync survives a power cut mid-write.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.length;
  if (current > newest) {
    throw new Error(`database schema version ${current} is newer than this software knows (${newest})`);
  }
  for (let version = current + 1; version <= newest; version++) {
    const step = migrations[version - 1]!;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return newest;
}
