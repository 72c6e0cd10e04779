import type { Migration } from './index.ts';

// The staff console: accounts (scrypt hashes, roles as a comma-separated list, disabled_at instead of a boolean),
// sessions (only the sha256 of the cookie token is kept), sign-in failures for throttling, the audit log of every
// staff action, follow-up notes on bad 好差评 reviews, and a revocation date on enrolment tokens. Timestamps are
// ISO-8601 UTC text and flags 0/1 integers, as in the earlier migrations, so both engines compare them alike.
export const migration0006: Migration = {
  name: 'staff-console',
  sqlite: `
    CREATE TABLE staff_accounts (
      name TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,         -- scrypt$N$r$p$salt$hash (base64url)
      roles TEXT NOT NULL,                 -- 'case_worker,fleet_admin'
      created_at TEXT NOT NULL,
      password_changed_at TEXT NOT NULL,
      disabled_at TEXT                     -- NULL: may sign in
    ) STRICT;

    CREATE TABLE staff_sessions (
      token_sha256 TEXT PRIMARY KEY,
      account TEXT NOT NULL REFERENCES staff_accounts(name),
      csrf_token TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      address TEXT NOT NULL
    ) STRICT;
    CREATE INDEX staff_sessions_by_account ON staff_sessions(account);

    CREATE TABLE staff_signin_failures (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      address TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX staff_signin_failures_by_name ON staff_signin_failures(name, at);
    CREATE INDEX staff_signin_failures_by_address ON staff_signin_failures(address, at);

    CREATE TABLE staff_audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      account TEXT NOT NULL,               -- the staff name, 'cli' for the accounts tool, or '(unknown)'
      action TEXT NOT NULL,                -- 'case.status', 'token.issue', 'signin.failed', …
      case_id TEXT,
      kiosk_code TEXT,
      catalogue_version INTEGER,
      address TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}'    -- JSON, never personal data of citizens
    ) STRICT;
    CREATE INDEX staff_audit_by_at ON staff_audit(at);

    CREATE TABLE review_followups (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      submission_id TEXT NOT NULL REFERENCES submissions(id),
      account TEXT NOT NULL,
      note TEXT NOT NULL,
      resolved INTEGER NOT NULL,           -- 0 or 1: whether this note closes the follow-up
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX review_followups_by_submission ON review_followups(submission_id, id);

    ALTER TABLE enrolment_tokens ADD COLUMN revoked_at TEXT;
  `,
  postgres: `
    CREATE TABLE staff_accounts (
      name TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,
      roles TEXT NOT NULL,
      created_at TEXT NOT NULL,
      password_changed_at TEXT NOT NULL,
      disabled_at TEXT
    );

    CREATE TABLE staff_sessions (
      token_sha256 TEXT PRIMARY KEY,
      account TEXT NOT NULL REFERENCES staff_accounts(name),
      csrf_token TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      address TEXT NOT NULL
    );
    CREATE INDEX staff_sessions_by_account ON staff_sessions(account);

    CREATE TABLE staff_signin_failures (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name TEXT NOT NULL,
      address TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX staff_signin_failures_by_name ON staff_signin_failures(name, at);
    CREATE INDEX staff_signin_failures_by_address ON staff_signin_failures(address, at);

    CREATE TABLE staff_audit (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at TEXT NOT NULL,
      account TEXT NOT NULL,
      action TEXT NOT NULL,
      case_id TEXT,
      kiosk_code TEXT,
      catalogue_version INTEGER,
      address TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX staff_audit_by_at ON staff_audit(at);

    CREATE TABLE review_followups (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      submission_id TEXT NOT NULL REFERENCES submissions(id),
      account TEXT NOT NULL,
      note TEXT NOT NULL,
      resolved INTEGER NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX review_followups_by_submission ON review_followups(submission_id, id);

    ALTER TABLE enrolment_tokens ADD COLUMN revoked_at TEXT;
  `,
};
