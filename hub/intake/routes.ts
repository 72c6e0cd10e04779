// The submissions endpoints of core/protocol/submissions.ts over HTTP: signed kiosk routes (each one checked by
// signed-request.ts before it reads more than its headers) and staff routes (the router checks the token).
import { z } from 'zod';
import {
  CASE_STATUSES,
  citizenLookupSchema,
  kioskCodeSchema,
  kioskRegistrationSchema,
  MAX_BATCH_BYTES,
  MAX_BATCH_SUBMISSIONS,
  MAX_CHUNK_BYTES,
  statusChangeSchema,
  type CaseStatus,
} from '../../core/protocol/submissions.ts';
import { requireEd25519PublicKey } from '../device-key.ts';
import { HubHttpError, parseWith, readBody, readJson, sendJson } from '../http.ts';
import type { Route } from '../router.ts';
import type { IntakeService } from './service.ts';
import type { SubmissionStorage } from './storage.ts';

const SHA = '([0-9a-f]{64})';
const STATUS_PAGE = 500;
const LOOKUP_BODY_MAX_BYTES = 4_000;
const STAFF_BODY_MAX_BYTES = 20_000;

/**
 * The batch envelope. Each submission in it is judged on its own (an answer per submission, SUBMISSION_INVALID
 * for a malformed one), so one broken entry in a kiosk's outbox cannot hold back the rest of the batch.
 */
const batchEnvelopeSchema = z
  .object({
    kioskCode: kioskCodeSchema,
    submissions: z.array(z.unknown()).min(1).max(MAX_BATCH_SUBMISSIONS),
  })
  .strict();

const casesQuerySchema = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  region: z
    .string()
    .regex(/^\d{2,12}$/, 'region is a region code or a prefix of one')
    .optional(),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'limit is 1 to 500')
    .transform(Number)
    .refine((limit) => limit <= 500, 'limit is 1 to 500')
    .optional(),
});

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the request body is not JSON');
  }
}

/** A byte count from a query parameter or header: digits only. */
function byteCount(text: string | null | undefined, what: string): number {
  if (text === null || text === undefined || !/^\d{1,12}$/.test(text)) {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', `${what} must be a number of bytes`);
  }
  return Number(text);
}

export function intakeRoutes(intake: IntakeService, storage: SubmissionStorage, now: () => Date): Route[] {
  return [
    {
      methods: ['POST'],
      path: /^\/v1\/submissions\/batch$/,
      staff: false,
      signed: true,
      maxBodyBytes: MAX_BATCH_BYTES,
      async handle({ req, res }) {
        const { kiosk, body } = await intake.authenticate(req, MAX_BATCH_BYTES);
        const batch = parseWith(batchEnvelopeSchema, parseJson(body));
        if (batch.kioskCode !== kiosk.code) {
          throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the batch names another kiosk than the one that signed it');
        }
        sendJson(res, 200, { results: await intake.intake(kiosk, batch.submissions) }, { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['GET'],
      path: new RegExp(`^/v1/uploads/${SHA}$`),
      staff: false,
      signed: true,
      async handle({ req, res, params }) {
        await intake.authenticate(req, 0);
        sendJson(res, 200, await intake.uploadState(params[0]!), { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['PUT'],
      path: new RegExp(`^/v1/uploads/${SHA}$`),
      staff: false,
      signed: true,
      maxBodyBytes: MAX_CHUNK_BYTES,
      async handle({ req, res, params, query }) {
        const offset = byteCount(query.get('offset'), 'offset');
        const size = byteCount(req.headers['x-upload-size'] as string | undefined, 'x-upload-size');
        if (size < 1) throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'x-upload-size must be at least 1');
        const { body } = await intake.authenticate(req, MAX_CHUNK_BYTES);
        sendJson(res, 200, await intake.uploadChunk(params[0]!, offset, size, body), { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['GET'],
      path: /^\/v1\/status-updates$/,
      staff: false,
      signed: true,
      async handle({ req, res, query }) {
        const { kiosk } = await intake.authenticate(req, 0);
        const after = query.get('after') ?? '';
        if (!/^\d{0,15}$/.test(after)) {
          throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'after must be a cursor from an earlier answer');
        }
        const feed = await storage.statusFeed(kiosk.code, after === '' ? 0 : Number(after), STATUS_PAGE);
        sendJson(res, 200, { updates: feed.updates, cursor: String(feed.cursor) }, { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/citizen-lookup$/,
      staff: false,
      signed: true,
      async handle({ req, res }) {
        const { kiosk, body } = await intake.authenticate(req, LOOKUP_BODY_MAX_BYTES);
        const lookup = parseWith(citizenLookupSchema, parseJson(body));
        sendJson(res, 200, await intake.citizenLookup(kiosk, lookup.idNumber), { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/kiosks$/,
      staff: true,
      async handle({ req, res }) {
        const { kioskCode, regionCode, publicKey } = parseWith(
          kioskRegistrationSchema,
          await readJson(req, STAFF_BODY_MAX_BYTES),
        );
        requireEd25519PublicKey(publicKey);
        const outcome = await storage.putKiosk({ code: kioskCode, region: regionCode, publicKey }, now().toISOString());
        if (outcome === 'revoked') {
          throw new HubHttpError(409, 'HUB_KIOSK_REVOKED', `kiosk ${kioskCode} was revoked; enrol it under a new code`);
        }
        sendJson(res, outcome === 'enrolled' ? 201 : 200, { kioskCode, regionCode, enrolled: outcome });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/kiosks\/([^/]+)\/revoke$/,
      staff: true,
      async handle({ req, res, params }) {
        const code = parseWith(kioskCodeSchema, params[0]);
        // The body, if any, is not used; read (a little of) it so the connection can be reused.
        await readBody(req, STAFF_BODY_MAX_BYTES);
        if (!(await storage.revokeKiosk(code, now().toISOString()))) {
          throw new HubHttpError(404, 'HUB_NOT_FOUND', `no kiosk ${code}`);
        }
        sendJson(res, 200, { kioskCode: code, revoked: true });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/cases\/([A-Z0-9]{4,40})\/status$/,
      staff: true,
      async handle({ req, res, params }) {
        const change = parseWith(statusChangeSchema, await readJson(req, STAFF_BODY_MAX_BYTES));
        await intake.setStatus(params[0]!, change);
        sendJson(res, 200, { caseId: params[0], status: change.status });
      },
    },
    {
      methods: ['GET'],
      path: /^\/v1\/cases$/,
      staff: true,
      async handle({ res, query }) {
        const filter = parseWith(casesQuerySchema, {
          status: query.get('status') || undefined,
          region: query.get('region') || undefined,
          limit: query.get('limit') || undefined,
        });
        const cases = await storage.cases({
          ...(filter.status ? { status: filter.status as CaseStatus } : {}),
          ...(filter.region ? { region: filter.region } : {}),
          limit: filter.limit ?? 100,
        });
        sendJson(res, 200, cases, { 'Cache-Control': 'no-store' });
      },
    },
  ];
}
