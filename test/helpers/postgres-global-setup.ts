// vitest globalSetup of the *-postgres projects: one PostgreSQL for the run; each hub gets its own database in it.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL's superuser URL; absent in projects that run the hub on SQLite. */
    hubPostgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const postgres = await startTestPostgres();
  project.provide('hubPostgresAdminUrl', postgres.adminUrl);
  return () => postgres.stop();
}
