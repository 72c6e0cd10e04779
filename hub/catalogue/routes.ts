// The catalogue endpoints of core/protocol/catalogue.ts over HTTP. Staff routes publish; kiosk routes are
// public: bundle files are immutable and signed, so they are served with long-lived caching and byte ranges.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { kioskProfileSchema } from '../../core/catalogue/schema.ts';
import {
  bundleIdSchema,
  publishBundleRequestSchema,
  rolloutRequestSchema,
  sha256HexSchema,
} from '../../core/protocol/catalogue.ts';
import { BlobError, type BlobStore } from '../blob-store.ts';
import { etagMatches, HubHttpError, parseRange, readJson, sendJson } from '../http.ts';
import type { Route } from '../router.ts';
import type { CatalogueService } from './service.ts';

/** A publish request carries a manifest of up to 5 MB as a JSON string; a little more for escaping and the rest. */
const PUBLISH_BODY_MAX_BYTES = 6_000_000;
const ROLLOUT_BODY_MAX_BYTES = 64_000;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const currentQuerySchema = z.object({
  region: z.string().regex(/^\d{12}$/, 'region must be a 12-digit village code'),
  profile: kioskProfileSchema,
  installed: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, 'installed must be a version number')
    .transform(Number)
    .optional(),
});

function badRequest(error: z.ZodError): HubHttpError {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return new HubHttpError(400, 'HUB_BAD_REQUEST', `${where}${issue?.message ?? 'invalid request'}`);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(parsed.error);
  return parsed.data;
}

const notFound = () => new HubHttpError(404, 'HUB_NOT_FOUND', 'no such bundle file');

interface StaticBody {
  etag: string;
  contentType: string;
  size: number;
  /** The inclusive byte range start..end of the content. */
  open(start: number, end: number): Readable | Buffer;
}

/** Answers a GET or HEAD for an immutable file: conditional requests, one byte range, or the whole file. */
async function sendStatic(req: IncomingMessage, res: ServerResponse, body: StaticBody): Promise<void> {
  const headers: Record<string, string | number> = {
    ETag: body.etag,
    'Cache-Control': IMMUTABLE,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
  };
  if (etagMatches(req.headers['if-none-match'], body.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  let range = parseRange(req.headers.range, body.size);
  // If-Range names the version the client already holds part of; for another one it needs the whole file.
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== body.etag) range = null;
  if (range === 'unsatisfiable') {
    throw new HubHttpError(416, 'HUB_BAD_REQUEST', `the range is outside the file's ${body.size} bytes`, {
      'Content-Range': `bytes */${body.size}`,
    });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? body.size - 1;
  headers['Content-Type'] = body.contentType;
  headers['Content-Length'] = body.size === 0 ? 0 : end - start + 1;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${body.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || body.size === 0) {
    res.end();
    return;
  }
  const content = body.open(start, end);
  if (Buffer.isBuffer(content)) {
    res.end(content);
    return;
  }
  // A kiosk that goes away mid-download is normal (it resumes later): not an error worth more than closing.
  await pipeline(content, res).catch(() => res.destroy());
}

export function catalogueRoutes(service: CatalogueService, blobs: BlobStore, maxFileBytes: number): Route[] {
  return [
    {
      methods: ['PUT'],
      path: /^\/v1\/catalogue\/files\/([^/]*)$/,
      staff: true,
      maxBodyBytes: maxFileBytes,
      async handle({ req, res, params }) {
        const sha256 = parseWith(sha256HexSchema, params[0]);
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxFileBytes) {
          throw new HubHttpError(413, 'HUB_TOO_LARGE', `a file may have at most ${maxFileBytes} bytes`);
        }
        try {
          const { size, created } = await blobs.put(sha256, req, maxFileBytes);
          sendJson(res, created ? 201 : 200, { sha256, size });
        } catch (error) {
          if (!(error instanceof BlobError)) throw error;
          if (error.code === 'BLOB_TOO_LARGE') {
            throw new HubHttpError(413, 'HUB_TOO_LARGE', `a file may have at most ${maxFileBytes} bytes`);
          }
          if (error.code === 'BLOB_HASH_MISMATCH') throw new HubHttpError(400, 'HUB_HASH_MISMATCH', error.message);
          throw new HubHttpError(400, 'HUB_BAD_REQUEST', error.message);
        }
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/catalogue\/bundles$/,
      staff: true,
      maxBodyBytes: PUBLISH_BODY_MAX_BYTES,
      async handle({ req, res }) {
        const request = parseWith(publishBundleRequestSchema, await readJson(req, PUBLISH_BODY_MAX_BYTES));
        const { created, summary } = await service.publish(request);
        sendJson(res, created ? 201 : 200, summary);
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: /^\/v1\/catalogue\/bundles$/,
      staff: true,
      async handle({ res }) {
        sendJson(res, 200, await service.list(), { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/catalogue\/rollouts$/,
      staff: true,
      async handle({ req, res }) {
        const request = parseWith(rolloutRequestSchema, await readJson(req, ROLLOUT_BODY_MAX_BYTES));
        sendJson(res, 200, await service.rollout(request));
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: /^\/v1\/catalogue\/current$/,
      staff: false,
      async handle({ req, res, query }) {
        const params = parseWith(currentQuerySchema, {
          region: query.get('region') ?? undefined,
          profile: query.get('profile') ?? undefined,
          installed: query.get('installed') ?? undefined,
        });
        const current = await service.current(params.region, params.profile, params.installed ?? null);
        if (!current) {
          throw new HubHttpError(
            404,
            'CATALOGUE_NONE',
            `no catalogue is rolled out to region ${params.region} for ${params.profile} kiosks`,
          );
        }
        const body = Buffer.from(JSON.stringify(current));
        const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
        // no-cache: caches may keep the answer but must ask again each time, which the ETag makes cheap.
        const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
        if (etagMatches(req.headers['if-none-match'], etag)) {
          res.writeHead(304, headers);
          res.end();
          return;
        }
        res.writeHead(200, {
          ...headers,
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': body.length,
        });
        res.end(body);
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: /^\/v1\/catalogue\/bundles\/([^/]+)\/(manifest\.json|manifest\.sig)$/,
      staff: false,
      async handle({ req, res, params }) {
        const [bundleId = '', name] = params;
        if (!bundleIdSchema.safeParse(bundleId).success) throw notFound();
        const bundle = await service.getBundle(bundleId);
        if (!bundle) throw notFound();
        const bytes = name === 'manifest.json' ? bundle.manifest : Buffer.from(bundle.signature, 'utf8');
        const sha256 =
          name === 'manifest.json' ? bundle.manifestSha256 : createHash('sha256').update(bytes).digest('hex');
        await sendStatic(req, res, {
          etag: `"${sha256}"`,
          contentType: name === 'manifest.json' ? 'application/json' : 'text/plain; charset=utf-8',
          size: bytes.length,
          open: (start, end) => bytes.subarray(start, end + 1),
        });
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: /^\/v1\/catalogue\/bundles\/([^/]+)\/files\/([^/]+)$/,
      staff: false,
      async handle({ req, res, params }) {
        const [bundleId = '', sha256 = ''] = params;
        if (!bundleIdSchema.safeParse(bundleId).success || !sha256HexSchema.safeParse(sha256).success) {
          throw notFound();
        }
        // Only files the bundle lists: the store is shared, and a bundle's URL space is exactly its manifest.
        if (!(await service.bundleListsFile(bundleId, sha256))) throw notFound();
        const size = blobs.size(sha256);
        if (size === null) throw notFound();
        await sendStatic(req, res, {
          etag: `"${sha256}"`,
          contentType: 'application/octet-stream',
          size,
          open: (start, end) => blobs.openRead(sha256, start, end),
        });
      },
    },
  ];
}
