import type { Migration } from './index.ts';

// Deleting an item cascades to its profile rows; without an index by service id each delete scans the whole
// table, which made applying a delta of 100 items take a quarter of a second on a 10,000-item catalogue.
export const migration0004: Migration = {
  name: 'service-profile-index',
  sql: `CREATE INDEX service_profiles_by_service ON service_profiles(service_id);`,
};
