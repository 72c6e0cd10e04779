// The hub's HTTP service (plain node:http): catalogue publication (core/protocol/catalogue.ts: staff upload files,
// publish signed bundles and roll versions out; kiosks ask what is current and download) and submission intake
// (core/protocol/submissions.ts: staff enrol kiosks; kiosks send signed batches and attachments, get status back
// and look a citizen's submissions up; staff set case status).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import type { TrustedKey } from '../core/catalogue/bundle-manifest.ts';
import { BlobStore } from './blob-store.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { CatalogueService } from './catalogue/service.ts';
import { SqlCatalogueStorage } from './catalogue/sql-storage.ts';
import { staffAuthenticator } from './http.ts';
import { fleetRoutes } from './fleet/routes.ts';
import { SqlFleetStorage } from './fleet/storage.ts';
import { enrolmentRoutes } from './enrolment/routes.ts';
import { SqlEnrolmentStorage } from './enrolment/storage.ts';
import { intakeRoutes } from './intake/routes.ts';
import { IntakeService } from './intake/service.ts';
import { SqlSubmissionStorage } from './intake/storage.ts';
import { knownServicesOf } from './catalogue/known-services.ts';
import { createRouter } from './router.ts';
import { hubDatabaseLocation, isPostgresUrl, openHubDatabase } from './db/database.ts';
import { checkSigningKey, type CatalogueSigningKey } from './staff/catalogue-editor.ts';
import { createStaffConsole } from './staff/console.ts';
import { CatalogueEvents } from './catalogue/events.ts';
import { HubLimits, type HubLimitsOptions } from './limits.ts';

export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

export interface HubOptions {
  /** Holds hub.sqlite (unless databaseUrl says otherwise), blobs/, uploads/ and kiosk-logs/. */
  dataDir: string;
  /** postgres://… (HUB_DATABASE_URL): the database several hub instances share; default hub.sqlite in dataDir. */
  databaseUrl?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Bearer tokens that may publish; at least one. */
  staffTokens: string[];
  /** Keys whose signatures the hub accepts on bundles. */
  trustedKeys: TrustedKey[];
  log: Logger;
  /** The largest bundle file that may be uploaded; default 200 MB. */
  maxFileBytes?: number;
  /** The address kiosks are told to use at enrolment (e.g. behind a proxy); default the listening one. */
  publicUrl?: string;
  /** How often a newly enrolled kiosk asks for a new catalogue; default 900 s. */
  kioskPollSeconds?: number;
  /** The built staff console served at /console/; default dist/staff-console. */
  consoleDir?: string;
  /** The key the console's catalogue editor signs new versions with; its public half must be trusted. */
  catalogueKey?: CatalogueSigningKey;
  /** The clock (expiry, publication and rollout times, signed kiosk requests, intake); tests set it. */
  now?: () => Date;
  /** Scale and abuse limits (rate limits, trusted proxies, event streams); defaults in limits.ts and events.ts. */
  scale?: HubScaleOptions;
}

export interface HubScaleOptions extends HubLimitsOptions {
  /** Open catalogue event streams this instance holds at most (HUB_MAX_STREAMS). */
  maxStreams?: number;
  /** How often the catalogue events look for rollouts made by other instances; default 3000 ms. */
  eventCheckMs?: number;
  /** Keep-alive comment interval and reconnect delay told to kiosks; defaults 25 s and 10 s (tests shorten them). */
  eventKeepAliveMs?: number;
  eventRetryMs?: number;
}

export interface Hub {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  /** Gives 基本满意 to what was not rated within 7 days of `now` (default: the hub's clock); runs hourly by itself. */
  defaultRatings(now?: Date): Promise<number>;
  /** Drops attachment uploads untouched for 14 days before `now`; runs hourly by itself. */
  dropStaleUploads(now?: Date): Promise<number>;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const staffTokens = options.staffTokens.filter((token) => token.length > 0);
  if (staffTokens.length === 0) throw new Error('the hub needs at least one non-empty staff token');
  if (options.catalogueKey) checkSigningKey(options.catalogueKey, options.trustedKeys);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { log } = options;

  const scale = options.scale ?? {};
  const limits = new HubLimits(scale);
  const blobs = new BlobStore(options.dataDir);
  const location = hubDatabaseLocation(options.dataDir, options.databaseUrl);
  // One database for every storage: one SQLite connection (one writer) or one PostgreSQL pool.
  const database = await openHubDatabase(location);
  log.info({ database: isPostgresUrl(location) ? 'postgres' : location }, 'hub database ready');
  const storage = new SqlCatalogueStorage(database);
  const catalogue = new CatalogueService({
    storage,
    blobs,
    trustedKeys: options.trustedKeys,
    log,
    now: options.now ?? (() => new Date()),
    // A rollout through this instance reaches its streams at once; other instances see it by the fingerprint.
    onRollout: () => void catalogueEvents.check(),
  });
  const now = options.now ?? (() => new Date());
  const submissions = new SqlSubmissionStorage(database);
  const intake = new IntakeService({
    storage: submissions,
    blobsDir: blobs.dir,
    uploadsDir: path.join(options.dataDir, 'uploads'),
    knownServices: knownServicesOf(storage, blobs, log),
    log,
    now,
    limits,
  });
  const fleet = new SqlFleetStorage(database, path.join(options.dataDir, 'kiosk-logs'));
  const enrolment = new SqlEnrolmentStorage(database);
  let url = '';
  const staffConsole = createStaffConsole({
    database,
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    ...(options.catalogueKey ? { catalogueKey: options.catalogueKey } : {}),
    publicUrl: () => options.publicUrl,
    listeningUrl: () => url,
    intake,
    catalogue,
    fleet,
    enrolment,
    blobs,
    log,
    now,
  });
  // Every hour: no rating within 7 days of a submission counts as 基本满意; abandoned uploads go.
  const ratingTimer = setInterval(() => {
    intake.defaultRatings().then(
      (count) => count > 0 && log.info({ count }, 'default ratings given'),
      (error: unknown) => log.error({ err: error }, 'default ratings failed'),
    );
    intake.dropStaleUploads().catch((error: unknown) => log.error({ err: error }, 'dropping stale uploads failed'));
  }, 3_600_000);
  ratingTimer.unref();
  const catalogueEvents = new CatalogueEvents({
    service: catalogue,
    storage,
    log,
    ...(scale.maxStreams !== undefined ? { maxStreams: scale.maxStreams } : {}),
    ...(scale.eventCheckMs !== undefined ? { checkEveryMs: scale.eventCheckMs } : {}),
    ...(scale.eventKeepAliveMs !== undefined ? { keepAliveMs: scale.eventKeepAliveMs } : {}),
    ...(scale.eventRetryMs !== undefined ? { retryMs: scale.eventRetryMs } : {}),
  });
  const handler = createRouter({
    routes: [
      ...catalogueRoutes(catalogue, blobs, maxFileBytes),
      catalogueEvents.route(),
      ...intakeRoutes(intake, submissions, now),
      ...fleetRoutes(intake, fleet, now),
      ...enrolmentRoutes({
        storage: enrolment,
        trustedKeys: options.trustedKeys,
        hubUrl: () => options.publicUrl ?? url,
        pollSeconds: options.kioskPollSeconds ?? 900,
        now,
      }),
      ...staffConsole.routes,
    ],
    authenticateStaff: staffAuthenticator(staffTokens),
    limits,
    log,
  });

  // Uploads of large attachments from a county office can be slow: allow 30 minutes for one request.
  const server = http.createServer({ requestTimeout: 30 * 60_000 }, handler);
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(ratingTimer);
    catalogueEvents.close();
    await database.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, trustedKeys: options.trustedKeys.map((key) => key.keyId) }, 'hub listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    defaultRatings: (at) => intake.defaultRatings(at),
    dropStaleUploads: (at) => intake.dropStaleUploads(at),
    close() {
      closing ??= (async () => {
        clearInterval(ratingTimer);
        catalogueEvents.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await database.close();
      })();
      return closing;
    },
  };
}
