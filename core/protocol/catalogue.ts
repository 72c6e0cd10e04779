// The catalogue part of the hub's HTTP protocol: the only types the hub and the kiosk share (ARCHITECTURE.md).
//
// Kiosks (no credential: bundles are public and signed, so what matters is the signature, not the channel):
//   GET  /v1/catalogue/current?region=R&profile=P&installed=N   → CurrentCatalogue (ETag; 304 on If-None-Match;
//                                                                 404 CATALOGUE_NONE when nothing is rolled out to R)
//   GET  /v1/catalogue/bundles/<bundleId>/manifest.json | manifest.sig | files/<sha256>
//        static, immutable files (strong ETag, Range requests for resuming), the same layout as a bundle folder on
//        disk, so any static HTTP server or CDN can serve them instead of the hub.
//   GET  /v1/catalogue/events?region=R&profile=P                server-sent events: `retry: 10000`, then an event
//        `catalogue` (id `<catalogueId>:<version>` or `none`, data CatalogueEvent) whenever the version current
//        for R/P changes, and at once on connecting unless Last-Event-ID names the current one; a comment every
//        25 s keeps proxies from closing it. 503 HUB_BUSY with Retry-After when the hub holds too many streams.
// Staff (Authorization: Bearer <staff token>):
//   PUT  /v1/catalogue/files/<sha256>          raw bytes of one bundle file; refused unless they hash to <sha256>
//   POST /v1/catalogue/bundles                 PublishBundleRequest: every file already uploaded; the hub checks
//                                              the signature against its trusted keys and that the version grows
//   POST /v1/catalogue/rollouts                RolloutRequest: make a published version current for regions
//   GET  /v1/catalogue/bundles                 BundleSummary[]: what is published and where it is rolled out
// Errors: HubErrorBody with a stable code and a plain message.
import { z } from 'zod';

export const CATALOGUE_API = '/v1/catalogue';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** "v12" for a full bundle, "v12-from-11" for a delta against version 11. */
export const bundleIdSchema = z.string().regex(/^v\d{1,9}(-from-\d{1,9})?$/);
export const regionPrefixSchema = z.string().regex(/^(\d{6}|\d{12})$/, 'a 6- or 12-digit region code');

export function bundleIdOf(version: number, base?: number): string {
  return base === undefined ? `v${version}` : `v${version}-from-${base}`;
}

/** Where a bundle lives, relative to the hub's origin (or a CDN's): `<path>/manifest.json`, `<path>/files/…`. */
export function bundlePath(bundleId: string): string {
  return `${CATALOGUE_API}/bundles/${bundleId}`;
}

export const currentCatalogueSchema = z
  .object({
    catalogueId: z.string().min(1),
    version: z.number().int().min(1),
    /** Path (or absolute URL) of the full bundle. */
    full: z.string().min(1),
    /** A delta from the kiosk's installed version, when the hub has one. */
    delta: z
      .object({ base: z.number().int().min(1), path: z.string().min(1) })
      .strict()
      .nullable(),
  })
  .strict();
export type CurrentCatalogue = z.infer<typeof currentCatalogueSchema>;

export const CATALOGUE_EVENT = 'catalogue';

/** The data of a `catalogue` event: what is current now (null: nothing), so the kiosk knows whether to ask. */
export const catalogueEventSchema = z
  .object({ catalogueId: z.string().min(1), version: z.number().int().min(1) })
  .strict()
  .nullable();
export type CatalogueEvent = z.infer<typeof catalogueEventSchema>;

/** The event id: equal ids mean the same version is current. */
export function catalogueEventId(event: CatalogueEvent): string {
  return event ? `${event.catalogueId}:${event.version}` : 'none';
}

export const publishBundleRequestSchema = z
  .object({
    /** manifest.json exactly as signed (the signature covers these bytes). */
    manifest: z.string().min(2).max(5_000_000),
    /** manifest.sig: base64 Ed25519 signature. */
    signature: z.string().min(1).max(200),
  })
  .strict();
export type PublishBundleRequest = z.infer<typeof publishBundleRequestSchema>;

export const rolloutRequestSchema = z
  .object({
    catalogueId: z.string().min(1),
    version: z.number().int().min(1),
    /** Region codes (6-digit county/prefecture/province or 12-digit village) the version becomes current for. */
    regions: z.array(regionPrefixSchema).min(1).max(1000),
  })
  .strict();
export type RolloutRequest = z.infer<typeof rolloutRequestSchema>;

export interface BundleSummary {
  bundleId: string;
  catalogueId: string;
  version: number;
  base: number | null;
  created: string;
  expires: string;
  keyId: string;
  /** Regions the manifest is signed for. */
  regions: string[];
  /** Regions this version is rolled out to (empty: published but not yet current anywhere). */
  rolledOutTo: string[];
  publishedAt: string;
}

export { HUB_ERROR_CODES, hubErrorBodySchema, type HubErrorBody, type HubErrorCode } from './errors.ts';

export { sha256Hex as sha256HexSchema };
