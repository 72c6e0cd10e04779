// Small HTTP pieces shared by the hub's routes: typed errors that become HubErrorBody answers, capped body
// reading, staff token checks, ETag matching and single byte ranges.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { HubErrorBody, HubErrorCode } from '../core/protocol/catalogue.ts';

/** An answer other than success, with a stable code; anything else thrown is a bug (500). */
export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HubErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** More fields of the error object (HUB_CLOCK_SKEW's serverTime). */
    readonly details: { serverTime?: string } = {},
    /** Fields beside `error` in the answer, e.g. the upload state with a 409 on a chunk at the wrong offset. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubHttpError';
  }
}

/** A request value checked against its schema; the first problem, with its field, as a 400. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new HubHttpError(400, 'HUB_BAD_REQUEST', `${where}${issue?.message ?? 'invalid request'}`);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes.length,
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(bytes);
}

export function sendError(res: ServerResponse, error: HubHttpError): void {
  const body: HubErrorBody = { ...error.extra, error: { code: error.code, message: error.message, ...error.details } };
  sendJson(res, error.status, body, { 'Cache-Control': 'no-store', ...error.headers });
}

/** Refuses (413) a body whose Content-Length is over `limit` bytes, before a byte of it is read. */
export function refuseDeclaredBody(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HubHttpError(413, 'HUB_TOO_LARGE', `the request body is larger than ${limit} bytes`, {
      Connection: 'close',
    });
  }
}

/** The whole request body, refused (413) when larger than `limit` bytes, before reading it when it says so. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  refuseDeclaredBody(req, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new HubHttpError(413, 'HUB_TOO_LARGE', `the request body is larger than ${limit} bytes`, {
        Connection: 'close',
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the request body is not JSON');
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <token>` against the staff tokens. Compares fixed-length digests in constant
 * time and checks every token, so neither the length nor the position of a match shows in the timing.
 */
export function staffAuthenticator(tokens: readonly string[]): (req: IncomingMessage) => void {
  const expected = tokens.map(digest);
  return (req) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    let ok = false;
    if (match) {
      const given = digest(match[1]!);
      for (const token of expected) ok = timingSafeEqual(given, token) || ok;
    }
    if (!ok) {
      throw new HubHttpError(401, 'HUB_UNAUTHORIZED', 'a valid staff token is required', {
        'WWW-Authenticate': 'Bearer',
      });
    }
  };
}

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for If-None-Match). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * One byte range from a Range header for a resource of `size` bytes (end inclusive). null: send the whole
 * resource, as for no header, a malformed one or several ranges (which a server may ignore).
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // bytes=-N: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
