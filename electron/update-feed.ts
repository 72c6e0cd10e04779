// Where a kiosk looks for app updates, staged by region as catalogue bundles are: a release is published under
// `<feedUrl>/<channel>/<area>/`, the area being a region code as staff write them (440825100201 one village,
// 440825100000 its town, 440825 its county, 440800 its prefecture, 440000 all Guangdong) or `all`. The kiosk asks
// from its own village outwards; the first area that has metadata for its platform decides (so a release can be
// tried in one county before the whole province). Any static HTTP server or CDN can serve it.
import { fetchCapped, HubError } from '../core/catalogue/download.ts';
import type { TrustedKey } from '../core/catalogue/bundle-manifest.ts';
import {
  METADATA_MAX_BYTES,
  SIGNATURE_MAX_BYTES,
  UpdateError,
  verifyUpdateMetadata,
  type UpdateMetadata,
} from './update-metadata.ts';

/** The areas that contain a village, most specific first, ending with every kiosk (`all`). */
export function updateAreas(regionCode: string): string[] {
  if (!/^\d{12}$/.test(regionCode)) throw new Error(`not a village code: ${regionCode}`);
  const areas = [
    regionCode,
    `${regionCode.slice(0, 9)}000`,
    regionCode.slice(0, 6),
    `${regionCode.slice(0, 4)}00`,
    `${regionCode.slice(0, 2)}0000`,
    'all',
  ];
  return [...new Set(areas)];
}

/** The base URLs (ending in /) to ask, in order. */
export function updateFeedUrls(feedUrl: string, channel: string, regionCode: string): string[] {
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`;
  return updateAreas(regionCode).map((area) => new URL(`${channel}/${area}/`, base).toString());
}

export interface SignedRelease {
  /** The folder the release is served from: electron-updater's generic feed URL. */
  baseUrl: string;
  metadata: UpdateMetadata;
}

/** A small file, or null when the server says it is not there; anything else unusual is an UpdateError. */
async function getOptional(url: string, maxBytes: number): Promise<Buffer | null> {
  try {
    return await fetchCapped(url, maxBytes);
  } catch (error) {
    if (error instanceof HubError && error.status === 404) return null;
    throw new UpdateError('UPDATE_SERVER_UNAVAILABLE', (error as Error).message);
  }
}

/**
 * The release for this kiosk: the metadata of the most specific area that has one, verified. Null when no area
 * has a release for this platform. A release whose signature is missing or wrong is an error, not a reason to
 * look further out: a broken release for the county must not let the province's through in its place.
 */
export async function findSignedRelease(options: {
  feedUrl: string;
  channel: string;
  regionCode: string;
  fileName: string;
  trusted: readonly TrustedKey[];
}): Promise<SignedRelease | null> {
  for (const baseUrl of updateFeedUrls(options.feedUrl, options.channel, options.regionCode)) {
    const metadataBytes = await getOptional(new URL(options.fileName, baseUrl).toString(), METADATA_MAX_BYTES);
    if (metadataBytes === null) continue;
    const signature = await getOptional(new URL(`${options.fileName}.sig`, baseUrl).toString(), SIGNATURE_MAX_BYTES);
    const metadata = verifyUpdateMetadata(
      options.fileName,
      metadataBytes,
      signature === null ? null : signature.toString('utf8'),
      options.trusted,
    );
    return { baseUrl, metadata };
  }
  return null;
}
