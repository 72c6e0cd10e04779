// Numbered migrations of technician.sqlite: the PIN hash, the wrong-PIN counter (kept across restarts, so
// switching the kiosk off and on does not reset a lockout) and the audit log of technician actions.
import type { Migration } from '../db/migrations/index.ts';

const technician0001: Migration = {
  name: 'technician',
  sql: `
    -- One row: the technician PIN as an scrypt hash (see pin.ts for the format).
    CREATE TABLE pin (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      hash TEXT NOT NULL,
      set_at TEXT NOT NULL
    ) STRICT;

    -- One row: wrong PINs since the last good one, and until when sign-in is refused.
    CREATE TABLE lockout (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      failures INTEGER NOT NULL,
      locked_until TEXT
    ) STRICT;

    -- What technicians did (and tried): never personal data, only actions, outcomes and technical detail.
    CREATE TABLE audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      action TEXT NOT NULL,
      outcome TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX audit_by_time ON audit(at);
  `,
};

export const TECHNICIAN_MIGRATIONS: readonly Migration[] = [technician0001];
