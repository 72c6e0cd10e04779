import type { Migration } from './index.ts';

// Intake details: a rating's 服务效率 / 服务水平 / 服务态度 indicators (JSON, GB/T 39046 coding), an index so the
// nonce purge that runs with every signed request does not scan, and a submission's rating lookup by the
// acceptance number it rates (the 7-day default asks it for every old submission).
export const migration0003: Migration = {
  name: 'intake-details',
  sqlite: `
    ALTER TABLE ratings ADD COLUMN indicators TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX ratings_by_rated ON ratings(rated_acceptance_number);
    CREATE INDEX kiosk_nonces_by_age ON kiosk_nonces(seen_at);
    CREATE INDEX submissions_by_kind_received ON submissions(kind, received_at);
  `,
  postgres: `
    ALTER TABLE ratings ADD COLUMN indicators TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX ratings_by_rated ON ratings(rated_acceptance_number);
    CREATE INDEX kiosk_nonces_by_age ON kiosk_nonces(seen_at);
    CREATE INDEX submissions_by_kind_received ON submissions(kind, received_at);
  `,
};
