// Rolling back an update that does not start. Before anything else the shell counts a start of its version in
// start-attempts.json (beside site.json); the first KioskApi call from the page (the window is up and the back end
// answers) marks the version good. A version that has failed to get there twice is given up: the last good
// version's kept installer is put back, and the failed version is never downloaded again.
import { mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../core/durable-file.ts';
import { compareVersions } from './update-metadata.ts';

export const START_RECORD_FILE = 'start-attempts.json';
/** Starts that never reached a working page before the version is given up. */
export const MAX_FAILED_STARTS = 2;

const releaseSchema = z.object({ version: z.string(), installer: z.string().nullable() }).strict();

const startRecordSchema = z
  .object({
    /** The version being started and how many times it has been, without reaching a working page. */
    starting: z
      .object({ version: z.string(), attempts: z.number().int().min(1) })
      .strict()
      .nullable(),
    lastGood: releaseSchema.nullable(),
    /** Installers kept for rolling back to, by version. */
    kept: z.record(z.string(), z.string()),
    /** Versions given up: never installed again. */
    badVersions: z.array(z.string()),
    rolledBack: z.object({ from: z.string(), to: z.string(), at: z.string() }).strict().nullable(),
  })
  .strict();

export type StartRecord = z.infer<typeof startRecordSchema>;
export type KeptRelease = z.infer<typeof releaseSchema>;

const EMPTY: StartRecord = { starting: null, lastGood: null, kept: {}, badVersions: [], rolledBack: null };

export type StartDecision =
  | { action: 'start'; record: StartRecord; attempt: number; cannotRollBack?: string }
  | { action: 'roll-back'; record: StartRecord; to: KeptRelease & { installer: string } };

/** What to do at the start of `version`, given the record; the record to write comes with it. */
export function decideStart(previous: StartRecord, version: string, now = new Date()): StartDecision {
  const attempt = previous.starting?.version === version ? previous.starting.attempts + 1 : 1;
  const failedStarts = attempt - 1;
  const record: StartRecord = { ...previous, starting: { version, attempts: attempt } };
  if (failedStarts < MAX_FAILED_STARTS) return { action: 'start', record, attempt };
  const lastGood = previous.lastGood;
  if (lastGood === null || lastGood.version === version || lastGood.installer === null) {
    const why = lastGood === null ? 'no version has started well yet' : 'no installer of the last good version is kept';
    return { action: 'start', record, attempt, cannotRollBack: why };
  }
  return {
    action: 'roll-back',
    to: { version: lastGood.version, installer: lastGood.installer },
    record: {
      ...previous,
      starting: null,
      badVersions: [...new Set([...previous.badVersions, version])],
      rolledBack: { from: version, to: lastGood.version, at: now.toISOString() },
    },
  };
}

/** The page is working on `version`: it is the last good one; installers of older and given-up versions can go. */
export function markStarted(previous: StartRecord, version: string): { record: StartRecord; drop: string[] } {
  const installer =
    previous.kept[version] ?? (previous.lastGood?.version === version ? previous.lastGood.installer : null);
  const kept: Record<string, string> = {};
  const drop: string[] = [];
  for (const [keptVersion, file] of Object.entries(previous.kept)) {
    if (compareVersions(keptVersion, version) < 0 || previous.badVersions.includes(keptVersion)) drop.push(file);
    else kept[keptVersion] = file;
  }
  return { record: { ...previous, starting: null, lastGood: { version, installer }, kept }, drop };
}

export function readStartRecord(file: string): StartRecord {
  try {
    return startRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // None yet, or unreadable: start counting afresh (a lost count only delays a rollback by a start or two).
    return structuredClone(EMPTY);
  }
}

export function writeStartRecord(file: string, record: StartRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // The count must survive the very crash it is counting.
  writeFileAtomically(file, `${JSON.stringify(record, null, 1)}\n`);
}

/** The start bookkeeping of one run of the shell. */
export class StartAttempts {
  private marked = false;

  constructor(
    private readonly file: string,
    private readonly version: string,
  ) {}

  /** Counts this start; says whether to go on or to roll back. */
  begin(now = new Date()): StartDecision {
    const decision = decideStart(readStartRecord(this.file), this.version, now);
    writeStartRecord(this.file, decision.record);
    return decision;
  }

  /** The page works: this version is good (once per run). */
  started(): void {
    if (this.marked) return;
    this.marked = true;
    const { record, drop } = markStarted(readStartRecord(this.file), this.version);
    writeStartRecord(this.file, record);
    for (const file of drop) {
      // The file, then its version folder if that is now empty; nothing else, whatever the record says.
      rmSync(file, { force: true });
      try {
        rmdirSync(path.dirname(file));
      } catch {
        // not empty, or already gone
      }
    }
  }

  /** Remembers a downloaded, verified installer as the one to roll back to once its version has started well. */
  keep(version: string, installer: string): void {
    const record = readStartRecord(this.file);
    record.kept[version] = installer;
    // The running, good version's own installer (kept just before an update replaces it) is the way back.
    if (record.lastGood?.version === version) record.lastGood.installer = installer;
    writeStartRecord(this.file, record);
  }

  isBad(version: string): boolean {
    return readStartRecord(this.file).badVersions.includes(version);
  }
}
