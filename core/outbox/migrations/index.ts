// Numbered migrations of the outbox (outbox.sqlite), applied in order and never edited after release. The
// outbox is its own file: unlike the catalogue cache, nothing in it can be rebuilt from elsewhere.
import type { Migration } from '../../db/migrations/index.ts';

const outbox0001: Migration = {
  name: 'outbox',
  sql: `
    -- One row per submission. payload is sealed (AES-256-GCM, device data key) and set to NULL once the
    -- retention period after delivery has passed; the acceptance number and the status stay.
    CREATE TABLE submissions (
      id TEXT PRIMARY KEY,                -- UUIDv7, also the idempotency key at the hub
      acceptance_number TEXT NOT NULL UNIQUE,
      service_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('application', 'rating')),
      created_at TEXT NOT NULL,
      -- pending → sent → acknowledged; rejected: the hub refused it for good (flagged for the technician)
      state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'acknowledged', 'rejected')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      sent_at TEXT,
      acknowledged_at TEXT,
      case_id TEXT,
      case_status TEXT NOT NULL DEFAULT 'submitted',
      status_reason TEXT,
      status_missing TEXT NOT NULL DEFAULT '[]',
      status_at TEXT,
      applicant_key TEXT,                 -- HMAC of the ID number with the data key, for "my submissions"
      payload BLOB,
      purged_at TEXT
    ) STRICT;
    CREATE INDEX submissions_by_state ON submissions(state, created_at);
    CREATE INDEX submissions_by_applicant ON submissions(applicant_key);

    CREATE TABLE attachments (
      submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      sha256 TEXT NOT NULL,
      kind TEXT NOT NULL,
      content_type TEXT NOT NULL,
      size INTEGER NOT NULL,
      data BLOB,                          -- sealed; NULL once purged
      uploaded INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (submission_id, sha256)
    ) STRICT;

    -- Acceptance numbers count per China day.
    CREATE TABLE sequences (day TEXT PRIMARY KEY, last INTEGER NOT NULL) STRICT;

    CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  `,
};

// A screen's request id: a retry after an answer that never arrived (the connection to the back end dropped after
// the commit) gets the first receipt instead of a second submission. request_digest is an HMAC of what was
// asked (device data key), so the same id with other content is told apart without storing the content.
const outbox0002: Migration = {
  name: 'request-ids',
  sql: `
    ALTER TABLE submissions ADD COLUMN request_id TEXT;
    ALTER TABLE submissions ADD COLUMN request_digest TEXT;
    CREATE UNIQUE INDEX submissions_by_request ON submissions(request_id) WHERE request_id IS NOT NULL;
  `,
};

export const OUTBOX_MIGRATIONS: readonly Migration[] = [outbox0001, outbox0002];
