import type { Migration } from './index.ts';

// Enrolment tokens staff issue for provisioning: only the token's sha256 is kept, with the area it may enrol
// into, its expiry and, once used, which kiosk and key used it (so a kiosk whose answer was lost may ask again).
// A kiosk enrolled this way also tells where it stands (the 服务点's name and address, for the fleet view).
export const migration0005: Migration = {
  name: 'enrolment-tokens',
  sqlite: `
    CREATE TABLE enrolment_tokens (
      token_sha256 TEXT PRIMARY KEY,
      region TEXT NOT NULL,                -- as staff gave it ('440825')
      region_prefix TEXT NOT NULL,         -- its significant digits ('440825'), what a kiosk's code must start with
      rekey_kiosk_code TEXT,               -- a kiosk this token may give a new key (re-provisioning)
      issued_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      used_by_kiosk TEXT,
      used_with_key TEXT
    ) STRICT;
    ALTER TABLE kiosks ADD COLUMN site_name TEXT;
    ALTER TABLE kiosks ADD COLUMN site_address TEXT;
  `,
  postgres: `
    CREATE TABLE enrolment_tokens (
      token_sha256 TEXT PRIMARY KEY,
      region TEXT NOT NULL,
      region_prefix TEXT NOT NULL,
      rekey_kiosk_code TEXT,
      issued_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT,
      used_by_kiosk TEXT,
      used_with_key TEXT
    );
    ALTER TABLE kiosks ADD COLUMN site_name TEXT;
    ALTER TABLE kiosks ADD COLUMN site_address TEXT;
  `,
};
