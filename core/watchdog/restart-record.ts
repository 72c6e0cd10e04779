// What the watchdog has had to do, kept in the data folder so it survives the restarts it counts: how often the
// back end and the screen were restarted, why and when last, and the last planned (nightly) restart. The health
// report shows it; a technician reads a rising count as a fault to look into.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../durable-file.ts';

export const RESTART_RECORD_FILE = 'watchdog.json';

const counterSchema = z.object({
  restarts: z.number().int().min(0),
  lastReason: z.string().nullable(),
  lastAt: z.string().nullable(),
});

const restartRecordSchema = z.object({
  backend: counterSchema,
  renderer: counterSchema,
  /** The last planned restart (ISO time), so the nightly one happens once a night. */
  plannedAt: z.string().nullable(),
});

export type RestartRecord = z.infer<typeof restartRecordSchema>;
export type RestartedPart = 'backend' | 'renderer';

const EMPTY: RestartRecord = {
  backend: { restarts: 0, lastReason: null, lastAt: null },
  renderer: { restarts: 0, lastReason: null, lastAt: null },
  plannedAt: null,
};

/** The record, or an empty one when there is none or it is unreadable (a count is not worth a failed start). */
export function readRestartRecord(dataDir: string): RestartRecord {
  try {
    return restartRecordSchema.parse(JSON.parse(readFileSync(path.join(dataDir, RESTART_RECORD_FILE), 'utf8')));
  } catch {
    return structuredClone(EMPTY);
  }
}

function writeRestartRecord(dataDir: string, record: RestartRecord): void {
  const file = path.join(dataDir, RESTART_RECORD_FILE);
  writeFileAtomically(file, `${JSON.stringify(record, null, 1)}\n`);
}

/** Counts one unplanned restart of `part`. */
export function noteRestart(dataDir: string, part: RestartedPart, reason: string, at = new Date()): RestartRecord {
  const record = readRestartRecord(dataDir);
  record[part] = { restarts: record[part].restarts + 1, lastReason: reason, lastAt: at.toISOString() };
  writeRestartRecord(dataDir, record);
  return record;
}

/** Notes a planned restart: not a fault, so not counted as one. */
export function notePlannedRestart(dataDir: string, at = new Date()): RestartRecord {
  const record = readRestartRecord(dataDir);
  record.plannedAt = at.toISOString();
  writeRestartRecord(dataDir, record);
  return record;
}

/** Unplanned restarts of the back end and the screen together, as the health report shows them. */
export function totalRestarts(dataDir: string): number {
  const record = readRestartRecord(dataDir);
  return record.backend.restarts + record.renderer.restarts;
}
