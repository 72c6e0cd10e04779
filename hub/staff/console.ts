// The staff console as one piece for the hub's server: its storages on the hub's database, sign-in and sessions,
// the /staff/api/ routes and the built web app at /console/.
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { BlobStore } from '../blob-store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SqlDatabase } from '../db/sql.ts';
import type { SqlEnrolmentStorage } from '../enrolment/storage.ts';
import type { SqlFleetStorage } from '../fleet/storage.ts';
import type { IntakeService } from '../intake/service.ts';
import type { Route } from '../router.ts';
import { StaffAuth } from './auth.ts';
import { CaseQueries } from './case-queries.ts';
import { CatalogueEditor, type CatalogueSigningKey } from './catalogue-editor.ts';
import { consoleRoutes } from './console-static.ts';
import { staffRoutes } from './routes.ts';
import { StaffStorage } from './storage.ts';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/staff-console', import.meta.url));

export interface StaffConsoleOptions {
  /** The hub's database, shared with its other storages (the hub closes it). */
  database: SqlDatabase;
  /** The built console; default dist/staff-console. */
  consoleDir?: string;
  /** The hub's public address when set (https there makes the session cookie Secure), and its listening one. */
  publicUrl: () => string | undefined;
  listeningUrl: () => string;
  intake: IntakeService;
  catalogue: CatalogueService;
  fleet: SqlFleetStorage;
  enrolment: SqlEnrolmentStorage;
  blobs: BlobStore;
  /** The hub's catalogue signing key for the editor; none: the editor cannot publish. */
  catalogueKey?: CatalogueSigningKey;
  log: Logger;
  now: () => Date;
}

export interface StaffConsole {
  routes: Route[];
}

export function createStaffConsole(options: StaffConsoleOptions): StaffConsole {
  const storage = new StaffStorage(options.database);
  const cases = new CaseQueries(options.database);
  // The console's own origin: the public address, the listening one, and the Host the browser asked for.
  const allowedOrigins = (req: IncomingMessage) => {
    const origins = [options.listeningUrl()];
    const publicUrl = options.publicUrl();
    if (publicUrl) origins.push(new URL(publicUrl).origin);
    const host = req.headers.host;
    if (host && /^[A-Za-z0-9.:[\]-]+$/.test(host)) origins.push(`http://${host}`, `https://${host}`);
    return origins;
  };
  const auth = new StaffAuth({ storage, now: options.now, allowedOrigins, log: options.log });
  return {
    routes: [
      ...staffRoutes({
        auth,
        storage,
        cases,
        intake: options.intake,
        catalogue: options.catalogue,
        fleet: options.fleet,
        enrolment: options.enrolment,
        blobs: options.blobs,
        editor: new CatalogueEditor({
          catalogue: options.catalogue,
          blobs: options.blobs,
          key: options.catalogueKey ?? null,
          now: options.now,
        }),
        secureCookies: () => options.publicUrl()?.startsWith('https://') ?? false,
        now: options.now,
      }),
      ...consoleRoutes(options.consoleDir ?? DEFAULT_CONSOLE_DIR),
    ],
  };
}
