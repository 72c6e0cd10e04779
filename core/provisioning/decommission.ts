// Decommissioning: everything that makes this kiosk this kiosk goes: its databases (catalogue cache, outbox,
// technician PIN and audit), the kept catalogue bundles, the device keys and the provisioning record. The kiosk
// must be stopped first (files are removed, not closed). What is left is a blank kiosk.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { localBundlesDir } from '../catalogue/updater.ts';
import { provisioningFile } from './record.ts';

/** SQLite files of the kiosk, with their -wal/-shm companions and any copy set aside as damaged. */
const DATABASES = ['catalogue.sqlite', 'outbox.sqlite', 'technician.sqlite'];

/** Removes the kiosk's data and keys from `dataDir`; returns what was removed (names relative to it). */
export function wipeKioskData(dataDir: string, keysDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  const doomed = readdirSync(dataDir)
    .filter((name) => DATABASES.some((db) => name.startsWith(db)))
    .map((name) => path.join(dataDir, name));
  const provisioning = provisioningFile(dataDir);
  doomed.push(localBundlesDir(dataDir), keysDir, provisioning, `${provisioning}.tmp`);
  const removed: string[] = [];
  // The record goes last: a wipe cut short leaves a kiosk that still knows it must be decommissioned.
  for (const target of [...doomed.filter((file) => file !== provisioning), provisioning]) {
    if (!existsSync(target)) continue;
    rmSync(target, { recursive: true, force: true });
    removed.push(path.relative(dataDir, target));
  }
  return removed;
}
