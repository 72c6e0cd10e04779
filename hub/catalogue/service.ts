// The rules of catalogue publication: what may be published (signed by a trusted key, every file uploaded,
// versions only growing), where it is rolled out, and which bundle a kiosk gets. Storage and HTTP are elsewhere.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  BundleError,
  CATALOGUE_FILE,
  DELTA_FILE,
  verifyManifestSignature,
  type BundleManifest,
  type TrustedKey,
} from '../../core/catalogue/bundle-manifest.ts';
import { regionCovers } from '../../core/catalogue/region.ts';
import type { KioskProfile } from '../../core/catalogue/schema.ts';
import {
  bundleIdOf,
  bundlePath,
  type BundleSummary,
  type CurrentCatalogue,
  type PublishBundleRequest,
  type RolloutRequest,
} from '../../core/protocol/catalogue.ts';
import type { BlobStore } from '../blob-store.ts';
import { HubHttpError } from '../http.ts';
import type { BundleRecord, CatalogueStorage, RolloutMatch, StoredBundle } from './storage.ts';

export interface CatalogueServiceOptions {
  storage: CatalogueStorage;
  blobs: BlobStore;
  trustedKeys: readonly TrustedKey[];
  log: Logger;
  now: () => Date;
  /** Called after each rollout (the event streams look again at once). */
  onRollout?: () => void;
}

export interface PublishResult {
  /** False when the identical manifest was already published (a retry). */
  created: boolean;
  summary: BundleSummary;
}

const invalid = (message: string) => new HubHttpError(400, 'HUB_BUNDLE_INVALID', message);

/** Whether a bundle may be offered to a kiosk in `region` with `profile` at `now` (ms). */
function servesKiosk(bundle: BundleRecord, region: string, profile: KioskProfile, now: number): boolean {
  return (
    bundle.regions.some((area) => regionCovers(area, region)) &&
    bundle.profiles.includes(profile) &&
    Date.parse(bundle.expires) > now
  );
}

/** The highest version among `matches` (highest first) rolled out to the village and meant for the kiosk. */
function chooseBundle(
  matches: readonly RolloutMatch[],
  region: string,
  profile: KioskProfile,
  now: number,
): BundleRecord | undefined {
  return matches.find((match) => regionCovers(match.region, region) && servesKiosk(match.bundle, region, profile, now))
    ?.bundle;
}

export class CatalogueService {
  /** Publications and rollouts run one at a time, so "check, then write" cannot interleave. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: CatalogueServiceOptions) {}

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** The published full bundle a rollout or withdrawal names; 404 when there is none. */
  private async publishedFull(request: RolloutRequest): Promise<BundleRecord> {
    const full = await this.options.storage.getRecord(bundleIdOf(request.version));
    if (!full || full.catalogueId !== request.catalogueId) {
      throw new HubHttpError(
        404,
        'HUB_NOT_FOUND',
        `catalogue ${request.catalogueId} has no published full bundle v${request.version}`,
      );
    }
    return full;
  }

  private async summaryOf(record: BundleRecord): Promise<BundleSummary> {
    return {
      bundleId: record.bundleId,
      catalogueId: record.catalogueId,
      version: record.version,
      base: record.base,
      created: record.created,
      expires: record.expires,
      keyId: record.keyId,
      regions: record.regions,
      // A delta is offered wherever its version is current, so it shares the version's rollouts.
      rolledOutTo: await this.options.storage.rolloutsOf(record.catalogueId, record.version),
      publishedAt: record.publishedAt,
    };
  }

  publish(request: PublishBundleRequest): Promise<PublishResult> {
    return this.exclusive(() => this.publishNow(request));
  }

  private async publishNow(request: PublishBundleRequest): Promise<PublishResult> {
    const { storage, blobs, log } = this.options;
    const manifestBytes = Buffer.from(request.manifest, 'utf8');
    let manifest: BundleManifest;
    try {
      manifest = verifyManifestSignature(manifestBytes, request.signature, this.options.trustedKeys);
    } catch (error) {
      if (error instanceof BundleError) throw invalid(`${error.code}: ${error.message}`);
      throw error;
    }
    const base = manifest.base ?? null;
    const bundleId = bundleIdOf(manifest.version, manifest.base);

    const existing = await storage.getBundle(bundleId);
    if (existing) {
      // A retry of the same publication succeeds; anything else under a taken id is a conflict.
      if (existing.manifest.equals(manifestBytes)) return { created: false, summary: await this.summaryOf(existing) };
      throw new HubHttpError(
        409,
        'HUB_VERSION_NOT_NEWER',
        `bundle ${bundleId} is already published (catalogue ${existing.catalogueId}) with a different manifest`,
      );
    }

    if (Date.parse(manifest.expires) <= this.options.now().getTime()) {
      throw invalid(`BUNDLE_EXPIRED: the bundle expired at ${manifest.expires}`);
    }
    const mainFile = base === null ? CATALOGUE_FILE : DELTA_FILE;
    if (!manifest.files.some((file) => file.path === mainFile)) {
      throw invalid(`BUNDLE_MALFORMED: the bundle lists no ${mainFile}`);
    }
    for (const file of manifest.files) {
      const size = blobs.size(file.sha256);
      if (size === null) throw invalid(`BUNDLE_FILE_MISSING: ${file.path} (${file.sha256}) has not been uploaded`);
      if (size !== file.size) {
        throw invalid(`BUNDLE_SIZE_MISMATCH: ${file.path} is ${size} bytes, the manifest says ${file.size}`);
      }
    }

    if (base === null) {
      const newest = await storage.newestVersion(manifest.catalogueId);
      if (newest !== null && manifest.version <= newest) {
        throw new HubHttpError(
          409,
          'HUB_VERSION_NOT_NEWER',
          `catalogue ${manifest.catalogueId} version ${manifest.version} is not newer than the published ${newest}`,
        );
      }
    } else {
      // A delta is a shortcut to a published full bundle, from a version kiosks may have installed.
      for (const [version, role] of [
        [manifest.version, 'its full bundle'],
        [base, 'its base version'],
      ] as const) {
        const full = await storage.getRecord(bundleIdOf(version));
        if (!full || full.catalogueId !== manifest.catalogueId) {
          throw invalid(
            `BUNDLE_BASE_MISMATCH: publish ${role} (catalogue ${manifest.catalogueId} v${version}) before the delta`,
          );
        }
      }
    }

    const stored: StoredBundle = {
      bundleId,
      catalogueId: manifest.catalogueId,
      version: manifest.version,
      base,
      created: manifest.created,
      expires: manifest.expires,
      keyId: manifest.keyId,
      regions: manifest.regions,
      profiles: manifest.profiles,
      publishedAt: this.options.now().toISOString(),
      manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'),
      manifest: manifestBytes,
      signature: request.signature,
      files: manifest.files.map((file) => ({ sha256: file.sha256, size: file.size })),
    };
    if (!(await storage.insertBundle(stored))) {
      throw new HubHttpError(409, 'HUB_VERSION_NOT_NEWER', `bundle ${bundleId} is already published`);
    }
    log.info({ bundleId, catalogueId: manifest.catalogueId, keyId: manifest.keyId }, 'catalogue bundle published');
    return { created: true, summary: await this.summaryOf(stored) };
  }

  rollout(request: RolloutRequest): Promise<BundleSummary> {
    return this.exclusive(async () => {
      const { storage, log } = this.options;
      const full = await this.publishedFull(request);
      await storage.addRollout(full.catalogueId, full.version, request.regions, this.options.now().toISOString());
      log.info({ bundleId: full.bundleId, regions: request.regions }, 'catalogue version rolled out');
      this.options.onRollout?.();
      return this.summaryOf(full);
    });
  }

  /**
   * Rolls a version back from regions it was rolled out to: kiosks there are offered the next lower version
   * rolled out to them again. A kiosk that installed the withdrawn version keeps it (kiosks never step down
   * on the hub's word) until a newer version reaches it: the console's rollback publishes one with the old
   * content (hub/staff/catalogue-editor.ts), or a technician rolls back on the kiosk.
   */
  withdraw(request: RolloutRequest): Promise<BundleSummary> {
    return this.exclusive(async () => {
      const { storage, log } = this.options;
      const full = await this.publishedFull(request);
      const removed = await storage.removeRollout(full.catalogueId, full.version, request.regions);
      if (removed === 0) {
        throw new HubHttpError(
          404,
          'HUB_NOT_FOUND',
          `v${request.version} is not rolled out to ${request.regions.join(', ')}`,
        );
      }
      log.info({ bundleId: full.bundleId, regions: request.regions }, 'catalogue rollout withdrawn');
      // What is current there changed too: kiosks on event streams look again.
      this.options.onRollout?.();
      return this.summaryOf(full);
    });
  }

  async list(): Promise<BundleSummary[]> {
    const records = await this.options.storage.listBundles();
    return Promise.all(records.map((record) => this.summaryOf(record)));
  }

  /**
   * What a kiosk should have: the highest version rolled out to an area containing its village whose manifest
   * is meant for it and not expired, plus a delta from its installed version when one exists that it can use.
   */
  async current(region: string, profile: KioskProfile, installed: number | null): Promise<CurrentCatalogue | null> {
    const { storage } = this.options;
    const now = this.options.now().getTime();
    const chosen = chooseBundle(await storage.rolloutsCovering(region), region, profile, now);
    if (!chosen) return null;
    let delta: CurrentCatalogue['delta'] = null;
    if (installed !== null && installed < chosen.version) {
      const candidate = await storage.getRecord(bundleIdOf(chosen.version, installed));
      if (candidate && candidate.catalogueId === chosen.catalogueId && servesKiosk(candidate, region, profile, now)) {
        delta = { base: installed, path: bundlePath(candidate.bundleId) };
      }
    }
    return {
      catalogueId: chosen.catalogueId,
      version: chosen.version,
      full: bundlePath(chosen.bundleId),
      delta,
    };
  }

  /**
   * The catalogue and version current for each of many kiosk kinds, from one read of the rollouts: the event
   * streams ask this for every village with an open stream at once, which one query each made slow.
   */
  async currentVersions(
    kinds: readonly { region: string; profile: KioskProfile }[],
  ): Promise<({ catalogueId: string; version: number } | null)[]> {
    const matches = await this.options.storage.everyRollout();
    const now = this.options.now().getTime();
    return kinds.map(({ region, profile }) => {
      const chosen = chooseBundle(matches, region, profile, now);
      return chosen ? { catalogueId: chosen.catalogueId, version: chosen.version } : null;
    });
  }

  getBundle(bundleId: string): Promise<StoredBundle | null> {
    return this.options.storage.getBundle(bundleId);
  }

  bundleListsFile(bundleId: string, sha256: string): Promise<boolean> {
    return this.options.storage.bundleListsFile(bundleId, sha256);
  }
}
