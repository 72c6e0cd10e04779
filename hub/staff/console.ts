// The staff console as one piece for the hub's server: its storages on hub.sqlite, sign-in and sessions, the
// /staff/api/ routes and the built web app at /console/.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { BlobStore } from '../blob-store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { SqliteEnrolmentStorage } from '../enrolment/storage.ts';
import type { SqliteFleetStorage } from '../fleet/storage.ts';
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
  dataDir: string;
  /** The built console; default dist/staff-console. */
  consoleDir?: string;
  /** The hub's public address when set (https there makes the session cookie Secure), and its listening one. */
  publicUrl: () => string | undefined;
  listeningUrl: () => string;
  intake: IntakeService;
  catalogue: CatalogueService;
  fleet: SqliteFleetStorage;
  enrolment: SqliteEnrolmentStorage;
  blobs: BlobStore;
  /** The hub's catalogue signing key for the editor; none: the editor cannot publish. */
  catalogueKey?: CatalogueSigningKey;
  log: Logger;
  now: () => Date;
}

export interface StaffConsole {
  routes: Route[];
  close(): Promise<void>;
}

export function createStaffConsole(options: StaffConsoleOptions): StaffConsole {
  const file = path.join(options.dataDir, 'hub.sqlite');
  const storage = new StaffStorage(file);
  const cases = new CaseQueries(file);
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
    async close() {
      await storage.close();
      await cases.close();
    },
  };
}
