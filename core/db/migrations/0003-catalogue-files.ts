import type { Migration } from './index.ts';

// The attachments (blank forms, samples) of the installed catalogue: each path's file lives in the kiosk's
// content-addressed file store under its sha256; this table says which files the installed version uses.
export const migration0003: Migration = {
  name: 'catalogue-files',
  sql: `
    CREATE TABLE catalogue_files (
      path TEXT PRIMARY KEY,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL
    ) STRICT;
  `,
};
