// The hub's numbered schema migrations, one file per step, applied in order and never edited after release.
// SQLite counts them in user_version, PostgreSQL in the hub_schema table (database.ts).
import { migration0001 } from './0001-catalogue.ts';
import { migration0002 } from './0002-submissions.ts';
import { migration0003 } from './0003-intake-details.ts';
import { migration0004 } from './0004-fleet-health.ts';
import { migration0005 } from './0005-enrolment-tokens.ts';
import { migration0006 } from './0006-staff-console.ts';

/** One schema step, written for each engine (types differ: BLOB/BYTEA, implicit rowid/identity, STRICT). */
export interface Migration {
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
];
