import type { Migration } from './index.ts';

// Fleet health: each kiosk's latest heartbeat (its health report, figures only), staff requests to collect a
// kiosk's logs, and the redacted log bundles kiosks uploaded in answer (the bytes are files in the data folder).
export const migration0004: Migration = {
  name: 'fleet-health',
  sqlite: `
    CREATE TABLE kiosk_heartbeats (
      kiosk_code TEXT PRIMARY KEY REFERENCES kiosks(code),
      received_at TEXT NOT NULL,
      report TEXT NOT NULL
    ) STRICT;

    CREATE TABLE kiosk_log_requests (
      kiosk_code TEXT PRIMARY KEY REFERENCES kiosks(code),
      requested_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE kiosk_log_bundles (
      id INTEGER PRIMARY KEY,
      kiosk_code TEXT NOT NULL REFERENCES kiosks(code),
      received_at TEXT NOT NULL,
      file TEXT NOT NULL,
      bytes INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX kiosk_log_bundles_by_kiosk ON kiosk_log_bundles(kiosk_code, id);
  `,
  postgres: `
    CREATE TABLE kiosk_heartbeats (
      kiosk_code TEXT PRIMARY KEY REFERENCES kiosks(code),
      received_at TEXT NOT NULL,
      report TEXT NOT NULL
    );

    CREATE TABLE kiosk_log_requests (
      kiosk_code TEXT PRIMARY KEY REFERENCES kiosks(code),
      requested_at TEXT NOT NULL
    );

    CREATE TABLE kiosk_log_bundles (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kiosk_code TEXT NOT NULL REFERENCES kiosks(code),
      received_at TEXT NOT NULL,
      file TEXT NOT NULL,
      bytes BIGINT NOT NULL
    );
    CREATE INDEX kiosk_log_bundles_by_kiosk ON kiosk_log_bundles(kiosk_code, id);
  `,
};
