import type { Migration } from './index.ts';

// Pinyin search keys of each item's title and synonyms (core/catalogue/pinyin-keys.ts), filled in when a
// catalogue is installed; a catalogue installed before this migration gets them on the next start.
export const migration0002: Migration = {
  name: 'pinyin-search',
  sql: `
    ALTER TABLE services ADD COLUMN title_pinyin TEXT NOT NULL DEFAULT '';
    ALTER TABLE services ADD COLUMN synonym_pinyin TEXT NOT NULL DEFAULT '';
  `,
};
