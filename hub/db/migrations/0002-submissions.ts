import type { Migration } from './index.ts';

// Submission intake: enrolled kiosks and the nonces they used, submissions stored once by id with their case,
// the status history staff write (its row id is the kiosks' feed cursor), ratings, conflicts for staff to look
// at, and attachment uploads in progress.
export const migration0002: Migration = {
  name: 'submissions',
  sqlite: `
    CREATE TABLE kiosks (
      code TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      public_key TEXT NOT NULL,
      enrolled_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT;

    CREATE TABLE kiosk_nonces (
      kiosk_code TEXT NOT NULL,
      nonce TEXT NOT NULL,
      seen_at TEXT NOT NULL,
      PRIMARY KEY (kiosk_code, nonce)
    ) STRICT;

    CREATE TABLE submissions (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL UNIQUE,
      kiosk_code TEXT NOT NULL,
      region TEXT NOT NULL,
      acceptance_number TEXT NOT NULL,
      service_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      created_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      content_sha256 TEXT NOT NULL,
      submission TEXT NOT NULL,            -- the submission JSON as received
      applicant_key TEXT,                  -- sha256 of the ID number, for the citizen's lookup
      status TEXT NOT NULL,
      status_reason TEXT,
      status_missing TEXT NOT NULL DEFAULT '[]',
      status_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX submissions_by_applicant ON submissions(applicant_key);
    CREATE INDEX submissions_by_status ON submissions(status, region);

    CREATE TABLE status_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      submission_id TEXT NOT NULL REFERENCES submissions(id),
      kiosk_code TEXT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT,
      missing TEXT NOT NULL DEFAULT '[]',
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX status_events_by_kiosk ON status_events(kiosk_code, seq);

    CREATE TABLE ratings (
      submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
      rated_acceptance_number TEXT,
      level_gbt INTEGER NOT NULL,          -- GB/T 39046: 1 非常满意 … 5 非常不满意
      level_provincial INTEGER NOT NULL,   -- provincial interface: 1 非常不满意 … 5 非常满意
      comment TEXT NOT NULL,
      anonymous INTEGER NOT NULL,
      channel TEXT NOT NULL,
      rated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE submission_conflicts (
      submission_id TEXT NOT NULL,
      kiosk_code TEXT NOT NULL,
      content_sha256 TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE uploads (
      sha256 TEXT PRIMARY KEY,
      size INTEGER NOT NULL,
      received INTEGER NOT NULL,
      complete INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE case_sequences (day TEXT PRIMARY KEY, last INTEGER NOT NULL) STRICT;
  `,
  // rowid in submissions and submission_conflicts: SQLite's implicit row id made explicit (arrival order).
  postgres: `
    CREATE TABLE kiosks (
      code TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      public_key TEXT NOT NULL,
      enrolled_at TEXT NOT NULL,
      revoked_at TEXT
    );

    CREATE TABLE kiosk_nonces (
      kiosk_code TEXT NOT NULL,
      nonce TEXT NOT NULL,
      seen_at TEXT NOT NULL,
      PRIMARY KEY (kiosk_code, nonce)
    );

    CREATE TABLE submissions (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL UNIQUE,
      kiosk_code TEXT NOT NULL,
      region TEXT NOT NULL,
      acceptance_number TEXT NOT NULL,
      service_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      created_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      content_sha256 TEXT NOT NULL,
      submission TEXT NOT NULL,
      applicant_key TEXT,
      status TEXT NOT NULL,
      status_reason TEXT,
      status_missing TEXT NOT NULL DEFAULT '[]',
      status_at TEXT NOT NULL,
      rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
    );
    CREATE INDEX submissions_by_applicant ON submissions(applicant_key);
    CREATE INDEX submissions_by_status ON submissions(status, region);

    CREATE TABLE status_events (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      submission_id TEXT NOT NULL REFERENCES submissions(id),
      kiosk_code TEXT NOT NULL,
      status TEXT NOT NULL,
      reason TEXT,
      missing TEXT NOT NULL DEFAULT '[]',
      at TEXT NOT NULL
    );
    CREATE INDEX status_events_by_kiosk ON status_events(kiosk_code, seq);

    CREATE TABLE ratings (
      submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
      rated_acceptance_number TEXT,
      level_gbt INTEGER NOT NULL,
      level_provincial INTEGER NOT NULL,
      comment TEXT NOT NULL,
      anonymous INTEGER NOT NULL,
      channel TEXT NOT NULL,
      rated_at TEXT NOT NULL
    );

    CREATE TABLE submission_conflicts (
      submission_id TEXT NOT NULL,
      kiosk_code TEXT NOT NULL,
      content_sha256 TEXT NOT NULL,
      at TEXT NOT NULL,
      rowid BIGINT GENERATED ALWAYS AS IDENTITY
    );

    CREATE TABLE uploads (
      sha256 TEXT PRIMARY KEY,
      size BIGINT NOT NULL,
      received BIGINT NOT NULL,
      complete INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE case_sequences (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
  `,
};
