// Keeps the kiosk's catalogue current from the hub: asks for the current version (ETag, so an unchanged answer
// costs a 304), takes the delta from the installed version when there is one and the full bundle otherwise,
// downloads only files it does not have (capped at the signed sizes, resumed after a break), verifies everything,
// and applies it in one transaction. Nothing is applied that fails a check; every failure is reported with a
// stable code and retried on the next poll.
import path from 'node:path';
import { CATALOGUE_API, currentCatalogueSchema, type CurrentCatalogue } from '../protocol/catalogue.ts';
import type { Logger } from '../log.ts';
import { KioskError } from '../api/errors.ts';
import {
  BundleError,
  checkManifestFor,
  MANIFEST_MAX_BYTES,
  verifyBundleFiles,
  verifyManifestSignature,
  type BundleErrorCode,
  type BundleManifest,
  type TrustedKey,
} from './bundle.ts';
import { downloadFile, fetchCapped, HubError, readCappedBody, request, type HubErrorKind } from './download.ts';
import type { LocalBundles } from './local-bundles.ts';
import type { KioskProfile } from './schema.ts';
import type { CatalogueStore } from './store.ts';

export type UpdateFailureCode = BundleErrorCode | HubErrorKind | 'CATALOGUE_NONE' | 'CATALOGUE_INVALID';

export type UpdateResult =
  | { outcome: 'installed'; version: number; via: 'full' | 'delta' }
  | { outcome: 'up-to-date'; version: number | null }
  | { outcome: 'failed'; code: UpdateFailureCode; message: string };

export interface CatalogueUpdaterOptions {
  hubUrl: string;
  store: CatalogueStore;
  bundles: LocalBundles;
  trusted: readonly TrustedKey[];
  regionCode: string;
  profile: KioskProfile;
  /** The most a whole bundle may make the kiosk download. */
  maxBundleBytes: number;
  log: Logger;
  /** Called after a new version is committed (the kiosk tells its screens). */
  onInstalled: (version: number) => void;
  /** Called whenever the hub answered sensibly: the network is there (the outbox sync retries at once). */
  onContact?: () => void;
  now?: () => Date;
}

const SIGNATURE_MAX_BYTES = 1_000;

export class CatalogueUpdater {
  private etag: string | null = null;
  private etagFor: number | null = null;
  private running: Promise<UpdateResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The last check's result, for the technician view. */
  lastResult: (UpdateResult & { at: string }) | null = null;

  constructor(private readonly options: CatalogueUpdaterOptions) {}

  /** Checks every `pollSeconds` (and once now) until stopped. */
  start(pollSeconds: number): void {
    this.pollSeconds = pollSeconds;
    this.timer = setTimeout(this.tick, 0);
  }

  private pollSeconds = 0;

  /** The poll interval in force (seconds). */
  get pollInterval(): number {
    return this.pollSeconds;
  }

  private readonly tick = () => {
    void this.checkNow().finally(() => {
      if (this.timer) this.timer = setTimeout(this.tick, this.pollSeconds * 1000);
    });
  };

  /**
   * Changes the poll interval from now on (the next check comes `pollSeconds` from now): rare while the hub's
   * event stream tells of new versions, the configured one while it is down.
   */
  setPollSeconds(pollSeconds: number): void {
    if (pollSeconds === this.pollSeconds) return;
    this.pollSeconds = pollSeconds;
    if (!this.timer || this.running) return; // a check in flight schedules the next one with the new interval
    clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, pollSeconds * 1000);
  }

  /** Stops polling and waits for a check in flight, so the cache can be closed safely afterwards. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One check; concurrent callers share the check in progress. */
  checkNow(): Promise<UpdateResult> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async check(): Promise<UpdateResult> {
    const { log } = this.options;
    let result: UpdateResult;
    try {
      result = await this.update();
    } catch (error) {
      if (error instanceof BundleError || error instanceof HubError || error instanceof KioskError) {
        const code = error.code as UpdateFailureCode;
        result = { outcome: 'failed', code, message: error.message };
      } else {
        result = { outcome: 'failed', code: 'CATALOGUE_INVALID', message: (error as Error).message };
      }
    }
    if (result.outcome !== 'failed' || result.code === 'CATALOGUE_NONE') this.options.onContact?.();
    if (result.outcome === 'failed') log.warn({ code: result.code, detail: result.message }, 'catalogue update failed');
    else if (result.outcome === 'installed')
      log.info({ version: result.version, via: result.via }, 'catalogue updated');
    this.lastResult = { ...result, at: new Date().toISOString() };
    return result;
  }

  private async update(): Promise<UpdateResult> {
    const installed = this.options.store.version();
    const current = await this.fetchCurrent(installed);
    if (current === 'none') {
      return { outcome: 'failed', code: 'CATALOGUE_NONE', message: 'the hub has no catalogue for this kiosk yet' };
    }
    // A version a technician rolled back from stays out until the centre publishes a newer one.
    const floor = Math.max(installed ?? 0, this.options.store.heldBackVersion() ?? 0);
    if (current === 'not-modified' || current.version <= floor) {
      return { outcome: 'up-to-date', version: installed };
    }
    if (current.delta && current.delta.base === installed) {
      try {
        return await this.installBundle(current.delta.path, 'delta');
      } catch (error) {
        // A delta that does not fit what is installed is no reason to stay behind: the full bundle always fits.
        const code = (error as { code?: string }).code;
        if (code !== 'BUNDLE_BASE_MISMATCH' && code !== 'CATALOGUE_INVALID') throw error;
        this.options.log.warn({ code }, 'catalogue delta does not fit; fetching the full bundle');
      }
    }
    return await this.installBundle(current.full, 'full');
  }

  private url(pathOrUrl: string): string {
    return new URL(pathOrUrl, this.options.hubUrl).toString();
  }

  private async fetchCurrent(installed: number | null): Promise<CurrentCatalogue | 'not-modified' | 'none'> {
    const query = new URLSearchParams({ region: this.options.regionCode, profile: this.options.profile });
    if (installed !== null) query.set('installed', String(installed));
    const headers: Record<string, string> = {};
    // An ETag is only good for the installed version it was answered for.
    if (this.etag && this.etagFor === installed) headers['If-None-Match'] = this.etag;
    const response = await request(this.url(`${CATALOGUE_API}/current?${query}`), { headers });
    if (response.status === 304) return 'not-modified';
    if (response.status === 404) {
      await response.body?.cancel();
      return 'none';
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new HubError('HUB_BAD_RESPONSE', `the hub answered HTTP ${response.status}`, response.status);
    }
    let body: unknown;
    try {
      body = JSON.parse((await readCappedBody(response, 64_000)).toString('utf8'));
    } catch {
      throw new HubError('HUB_BAD_RESPONSE', 'the hub answered something that is not JSON');
    }
    const parsed = currentCatalogueSchema.safeParse(body);
    if (!parsed.success) throw new HubError('HUB_BAD_RESPONSE', `the hub's answer: ${parsed.error.issues[0]?.message}`);
    this.etag = response.headers.get('etag');
    this.etagFor = installed;
    return parsed.data;
  }

  private async installBundle(bundlePath: string, via: 'full' | 'delta'): Promise<UpdateResult> {
    const { store, bundles, trusted } = this.options;
    const base = bundlePath.endsWith('/') ? bundlePath : `${bundlePath}/`;
    const manifestBytes = await fetchCapped(this.url(`${base}manifest.json`), MANIFEST_MAX_BYTES);
    const signature = (await fetchCapped(this.url(`${base}manifest.sig`), SIGNATURE_MAX_BYTES)).toString('utf8');
    const manifest = verifyManifestSignature(manifestBytes, signature, trusted);
    checkManifestFor(manifest, {
      installedVersion: store.version(),
      regionCode: this.options.regionCode,
      profile: this.options.profile,
      now: this.options.now?.() ?? new Date(),
    });
    await this.downloadMissing(base, manifest);
    const verified = verifyBundleFiles(manifest, bundles.filesDir);
    bundles.keepManifest(manifest, manifestBytes, signature);
    const source = { created: manifest.created, files: verified.attachments };
    if (verified.content.kind === 'full') store.installValidated(verified.content.catalogue, source);
    else store.applyDelta(verified.content.delta, source);
    bundles.prune(trusted, manifest.version);
    this.options.onInstalled(manifest.version);
    return { outcome: 'installed', version: manifest.version, via };
  }

  private async downloadMissing(base: string, manifest: BundleManifest): Promise<void> {
    const { bundles } = this.options;
    const missing = manifest.files.filter((file) => !bundles.has(file.sha256));
    const total = missing.reduce((sum, file) => sum + file.size, 0);
    if (total > this.options.maxBundleBytes) {
      throw new BundleError(
        'BUNDLE_SIZE_MISMATCH',
        `the bundle needs ${total} bytes, more than the ${this.options.maxBundleBytes} this kiosk accepts`,
      );
    }
    for (const file of missing) {
      await downloadFile(
        this.url(`${base}files/${file.sha256}`),
        file,
        bundles.partPath(file.sha256),
        bundles.filePath(file.sha256),
      );
    }
  }

  /**
   * Reinstalls the previous version kept on disk (a technician's way back from a bad catalogue until the
   * centre publishes a fix). Returns the version now installed, or null when no previous version is kept.
   */
  rollback(): number | null {
    const { store, bundles, trusted } = this.options;
    const installed = store.version();
    const previous = bundles.rebuildableVersions(trusted).find((version) => installed === null || version < installed);
    if (previous === undefined) return null;
    const rebuilt = bundles.rebuild(trusted, previous);
    if (!rebuilt) return null;
    store.installValidated(rebuilt.catalogue, { created: rebuilt.manifest.created, files: rebuilt.files });
    if (installed !== null) store.holdBack(installed);
    this.options.onInstalled(previous);
    return previous;
  }
}

/** The kiosk's bundle folder inside its data folder. */
export function localBundlesDir(dataDir: string): string {
  return path.join(dataDir, 'catalogue');
}
