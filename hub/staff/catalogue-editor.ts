// The catalogue editor's back end: staff change items of the newest published catalogue in the console, and the
// hub checks the result against the catalogue schema, signs a new full bundle with its own catalogue key (a key
// kiosks trust like any other) and publishes it through the catalogue service. Rolling it out stays a separate,
// staged step. A rollback re-publishes an older version's content as the next version (kiosks never step down
// to a lower number) and rolls it out at once. Without a configured key the editor only reads.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { buildBundle, CATALOGUE_FILE, type BundleManifest, type TrustedKey } from '../../core/catalogue/bundle.ts';
import { catalogueSchema, type Catalogue, type KioskProfile } from '../../core/catalogue/schema.ts';
import { bundleIdOf, type BundleSummary } from '../../core/protocol/catalogue.ts';
import type { BlobStore } from '../blob-store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { HubHttpError } from '../http.ts';

/** The hub's catalogue signing key (HUB_CATALOGUE_KEY): its id and PKCS#8 PEM private key. */
export interface CatalogueSigningKey {
  keyId: string;
  privateKey: string;
}

/** A new edition of a catalogue: items added or replaced (by id) and items removed, on top of `baseVersion`. */
export interface EditionRequest {
  catalogueId: string;
  baseVersion: number;
  items: unknown[];
  removeIds: string[];
}

/** Roll back to the content of `toVersion`, in `regions` (default: wherever a newer version is rolled out). */
export interface RollbackRequest {
  catalogueId: string;
  toVersion: number;
  regions?: string[] | undefined;
}

export interface RollbackResult {
  summary: BundleSummary;
  /** The newest version before the rollback, whose content is replaced. */
  fromVersion: number;
}

export interface CatalogueDraft {
  catalogue: Catalogue;
  regions: string[];
  profiles: KioskProfile[];
  /** Whether the hub holds a signing key, so an edition can be published from the console. */
  canPublish: boolean;
  keyId: string | null;
}

/** How long a bundle signed on the hub is valid; a new edition before then renews it. */
export const EDITION_VALID_DAYS = 365;
const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Refuses, at start, a key whose public half is not among the trusted keys under the same id. */
export function checkSigningKey(key: CatalogueSigningKey, trusted: readonly TrustedKey[]): void {
  const publicPem = createPublicKey(createPrivateKey(key.privateKey)).export({ type: 'spki', format: 'pem' });
  const match = trusted.find((entry) => entry.keyId === key.keyId);
  if (!match) throw new Error(`the catalogue key ${key.keyId} is not among the trusted keys (--trust ${key.keyId}=…)`);
  if (createPublicKey(match.publicKey).export({ type: 'spki', format: 'pem' }) !== publicPem) {
    throw new Error(`the catalogue key ${key.keyId} does not match the trusted public key of that id`);
  }
}

/** Where a schema problem is, naming the item by its id rather than its place in the list. */
function issueWhere(where: readonly PropertyKey[], items: readonly unknown[]): string {
  if (where[0] !== 'items' || typeof where[1] !== 'number') return where.map(String).join('.');
  const id = (items[where[1]] as { id?: unknown } | undefined)?.id;
  return [`item ${String(id)}`, ...where.slice(2).map(String)].join('.');
}

/** A bundle's files other than the catalogue itself, by path. */
function attachmentsOf(files: ReadonlyMap<string, Buffer>): Record<string, Buffer> {
  return Object.fromEntries([...files].filter(([name]) => name !== CATALOGUE_FILE));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export class CatalogueEditor {
  constructor(
    private readonly options: {
      catalogue: CatalogueService;
      blobs: BlobStore;
      key: CatalogueSigningKey | null;
      now: () => Date;
    },
  ) {}

  /** The newest published full bundle of the catalogue (or of any catalogue), with its files. */
  private async newest(catalogueId?: string) {
    const newest = (await this.options.catalogue.list()).find(
      (entry) => entry.base === null && (catalogueId === undefined || entry.catalogueId === catalogueId),
    );
    if (!newest) throw new HubHttpError(404, 'CATALOGUE_NONE', 'no catalogue is published yet');
    const content = await this.contentOf(newest.version);
    if (!content) throw new HubHttpError(404, 'CATALOGUE_NONE', 'the newest catalogue bundle is missing');
    return content;
  }

  /** A published full bundle's manifest, files (by path) and catalogue; null when there is none. */
  private async contentOf(version: number) {
    const stored = await this.options.catalogue.getBundle(bundleIdOf(version));
    if (!stored) return null;
    const manifest = JSON.parse(stored.manifest.toString('utf8')) as BundleManifest;
    const files = new Map<string, Buffer>();
    for (const file of manifest.files) files.set(file.path, await readAll(this.options.blobs.openRead(file.sha256)));
    const catalogue = JSON.parse(files.get(CATALOGUE_FILE)!.toString('utf8')) as Catalogue;
    return { manifest, files, catalogue };
  }

  private requireKey(): CatalogueSigningKey {
    if (!this.options.key) {
      throw new HubHttpError(409, 'HUB_BAD_REQUEST', 'this hub holds no catalogue signing key (HUB_CATALOGUE_KEY)');
    }
    return this.options.key;
  }

  async draft(): Promise<CatalogueDraft> {
    const { manifest, catalogue } = await this.newest();
    return {
      catalogue,
      regions: manifest.regions,
      profiles: manifest.profiles,
      canPublish: this.options.key !== null,
      keyId: this.options.key?.keyId ?? null,
    };
  }

  /** Checks, signs and publishes the edition as the next version; not rolled out anywhere yet. */
  async publish(request: EditionRequest): Promise<BundleSummary> {
    const key = this.requireKey();
    const base = await this.newest(request.catalogueId);
    if (base.catalogue.version !== request.baseVersion) {
      throw new HubHttpError(
        409,
        'HUB_VERSION_NOT_NEWER',
        `version ${base.catalogue.version} was published since this edit began from ${request.baseVersion}; reload`,
      );
    }
    const removed = new Set(request.removeIds);
    const changed = new Map<string, unknown>();
    for (const item of request.items) changed.set(String((item as { id?: unknown }).id), item);
    const items: unknown[] = base.catalogue.items
      .filter((item) => !removed.has(item.id))
      .map((item) => changed.get(item.id) ?? item);
    const existing = new Set(base.catalogue.items.map((item) => item.id));
    for (const [id, item] of changed) if (!existing.has(id) && !removed.has(id)) items.push(item);
    const parsed = catalogueSchema.safeParse({ ...base.catalogue, version: base.catalogue.version + 1, items });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issueWhere(issue.path, items) : '';
      throw new HubHttpError(400, 'HUB_BAD_REQUEST', `${where}: ${issue?.message ?? 'not a valid catalogue'}`);
    }
    return this.signAndPublish(key, parsed.data, attachmentsOf(base.files), base.manifest, null);
  }

  /**
   * Publishes the content (items, categories, files) of `toVersion` as the next version, signed with the hub
   * key, and rolls it out in the same step: kiosks that installed a bad newer version install this one, since
   * they only ever move up. Audience (regions, profiles) stays that of the newest version, which it replaces.
   */
  async rollback(request: RollbackRequest): Promise<RollbackResult> {
    const key = this.requireKey();
    const newest = await this.newest(request.catalogueId);
    const target = await this.contentOf(request.toVersion);
    if (!target || target.catalogue.catalogueId !== request.catalogueId) {
      throw new HubHttpError(
        404,
        'HUB_NOT_FOUND',
        `catalogue ${request.catalogueId} has no published version ${request.toVersion} to roll back to`,
      );
    }
    const fromVersion = newest.catalogue.version;
    if (
      isDeepStrictEqual({ ...target.catalogue, version: 0 }, { ...newest.catalogue, version: 0 }) &&
      isDeepStrictEqual(attachmentsOf(target.files), attachmentsOf(newest.files))
    ) {
      throw new HubHttpError(
        409,
        'HUB_BAD_REQUEST',
        `the newest version ${fromVersion} already has the content of version ${request.toVersion}`,
      );
    }
    const regions = request.regions?.length ? request.regions : await this.rolledOutAbove(request);
    if (regions.length === 0) {
      throw new HubHttpError(
        409,
        'HUB_BAD_REQUEST',
        `no version newer than ${request.toVersion} is rolled out anywhere; name the regions to roll back`,
      );
    }
    const summary = await this.signAndPublish(
      key,
      { ...target.catalogue, version: fromVersion + 1 },
      attachmentsOf(target.files),
      newest.manifest,
      regions,
    );
    return { summary, fromVersion };
  }

  /** Regions where a version newer than the rollback's target is rolled out: where kiosks may hold it. */
  private async rolledOutAbove(request: RollbackRequest): Promise<string[]> {
    const regions = new Set<string>();
    for (const entry of await this.options.catalogue.list()) {
      if (entry.base === null && entry.catalogueId === request.catalogueId && entry.version > request.toVersion) {
        for (const region of entry.rolledOutTo) regions.add(region);
      }
    }
    return [...regions].sort();
  }

  /** Builds and signs a full bundle, stores its files and publishes it (rolled out to `rolloutTo` when given). */
  private async signAndPublish(
    key: CatalogueSigningKey,
    catalogue: Catalogue,
    attachments: Record<string, Buffer>,
    audience: Pick<BundleManifest, 'regions' | 'profiles'>,
    rolloutTo: string[] | null,
  ): Promise<BundleSummary> {
    const { blobs, catalogue: service } = this.options;
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-edition-'));
    try {
      const manifest = buildBundle(dir, {
        catalogue,
        attachments,
        privateKey: key.privateKey,
        keyId: key.keyId,
        regions: audience.regions,
        profiles: audience.profiles,
        now: this.options.now(),
        validDays: EDITION_VALID_DAYS,
      });
      for (const file of manifest.files) {
        await blobs.put(file.sha256, createReadStream(path.join(dir, 'files', file.sha256)), MAX_FILE_BYTES);
      }
      const request = {
        manifest: readFileSync(path.join(dir, 'manifest.json'), 'utf8'),
        signature: readFileSync(path.join(dir, 'manifest.sig'), 'utf8'),
      };
      const { summary } = await service.publish(request);
      if (!rolloutTo) return summary;
      // Through the service's own rollout, so whatever follows a rollout (kiosks told at once) follows this too.
      return await service.rollout({ catalogueId: summary.catalogueId, version: summary.version, regions: rolloutTo });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
