// The HTTP side of submission intake (core/protocol/submissions.ts): signed kiosk routes and staff routes.
import {
  CASE_STATUSES,
  citizenLookupSchema,
  kioskRegistrationSchema,
  MAX_BATCH_BYTES,
  MAX_CHUNK_BYTES,
  statusChangeSchema,
  submissionBatchSchema,
} from '../../core/protocol/submissions.ts';
import { HubHttpError, readBody, readJson, sendJson } from '../http.ts';
import type { Route, RouteContext } from '../router.ts';
import type { IntakeService } from './service.ts';
import type { SubmissionStorage } from './storage.ts';

const SHA = '([0-9a-f]{64})';

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the request body is not JSON');
  }
}

function invalid(message: string | undefined): never {
  throw new HubHttpError(400, 'HUB_BAD_REQUEST', message ?? 'invalid request');
}

export function intakeRoutes(intake: IntakeService, storage: SubmissionStorage, now: () => Date): Route[] {
  /** Reads the body and checks the kiosk's signature over it. */
  const signed = async ({ req }: RouteContext, limit: number) => {
    const body = await readBody(req, limit);
    const kiosk = await intake.authenticate(req, req.url ?? '', body);
    return { kiosk, body };
  };
  return [
    {
      methods: ['POST'],
      path: /^\/v1\/submissions\/batch$/,
      staff: false,
      async handle(context) {
        const { kiosk, body } = await signed(context, MAX_BATCH_BYTES);
        const envelope = parseJson(body) as { kioskCode?: unknown; submissions?: unknown };
        // The envelope must be sound; each submission in it is judged on its own.
        const shape = submissionBatchSchema.pick({ kioskCode: true }).safeParse({ kioskCode: envelope?.kioskCode });
        if (!shape.success || !Array.isArray(envelope.submissions) || envelope.submissions.length === 0) {
          invalid('a batch is { kioskCode, submissions: [...] }');
        }
        if (envelope.submissions.length > 100) invalid('at most 100 submissions in a batch');
        if (shape.data.kioskCode !== kiosk.code) invalid('the batch names another kiosk');
        sendJson(context.res, 200, { results: await intake.intake(kiosk, envelope.submissions) });
      },
    },
    {
      methods: ['GET'],
      path: new RegExp(`^/v1/uploads/${SHA}$`),
      staff: false,
      async handle(context) {
        await signed(context, 0);
        sendJson(context.res, 200, await intake.uploadState(context.params[0]!));
      },
    },
    {
      methods: ['PUT'],
      path: new RegExp(`^/v1/uploads/${SHA}$`),
      staff: false,
      async handle(context) {
        const { body } = await signed(context, MAX_CHUNK_BYTES);
        const offset = Number(context.query.get('offset'));
        const size = Number(context.req.headers['x-upload-size']);
        if (!Number.isInteger(offset) || offset < 0) invalid('offset must be a byte position');
        sendJson(context.res, 200, await intake.uploadChunk(context.params[0]!, offset, size, body));
      },
    },
    {
      methods: ['GET'],
      path: /^\/v1\/status-updates$/,
      staff: false,
      async handle(context) {
        const { kiosk } = await signed(context, 0);
        const after = context.query.get('after') ?? '';
        if (!/^\d{0,15}$/.test(after)) invalid('after must be a cursor from an earlier answer');
        const feed = await storage.statusFeed(kiosk.code, after === '' ? 0 : Number(after), 500);
        sendJson(context.res, 200, { updates: feed.updates, cursor: String(feed.cursor) });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/citizen-lookup$/,
      staff: false,
      async handle(context) {
        const { kiosk, body } = await signed(context, 4_000);
        const lookup = citizenLookupSchema.safeParse(parseJson(body));
        if (!lookup.success) invalid(lookup.error.issues[0]?.message);
        sendJson(context.res, 200, await intake.citizenLookup(kiosk, lookup.data.idNumber));
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/kiosks$/,
      staff: true,
      async handle({ req, res }) {
        const registration = kioskRegistrationSchema.safeParse(await readJson(req, 10_000));
        if (!registration.success) invalid(registration.error.issues[0]?.message);
        const { kioskCode, regionCode, publicKey } = registration.data;
        if (!(await storage.putKiosk({ code: kioskCode, region: regionCode, publicKey }, now().toISOString()))) {
          throw new HubHttpError(403, 'HUB_KIOSK_REVOKED', `kiosk ${kioskCode} was revoked; enrol it under a new code`);
        }
        sendJson(res, 201, { kioskCode, regionCode });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/kiosks\/([A-Z0-9-]{3,32})\/revoke$/,
      staff: true,
      async handle({ res, params }) {
        if (!(await storage.revokeKiosk(params[0]!, now().toISOString()))) {
          throw new HubHttpError(404, 'HUB_NOT_FOUND', `no kiosk ${params[0]}`);
        }
        sendJson(res, 200, { kioskCode: params[0], revoked: true });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/cases\/([A-Z0-9]{4,40})\/status$/,
      staff: true,
      async handle({ req, res, params }) {
        const change = statusChangeSchema.safeParse(await readJson(req, 20_000));
        if (!change.success) invalid(change.error.issues[0]?.message);
        await intake.setStatus(params[0]!, change.data);
        sendJson(res, 200, { caseId: params[0], status: change.data.status });
      },
    },
    {
      methods: ['GET'],
      path: /^\/v1\/cases$/,
      staff: true,
      async handle({ res, query }) {
        const status = query.get('status') ?? undefined;
        const region = query.get('region') ?? undefined;
        const limit = Math.min(500, Number(query.get('limit') ?? 100) || 100);
        if (status !== undefined && !(CASE_STATUSES as readonly string[]).includes(status)) invalid('unknown status');
        if (region !== undefined && !/^\d{2,12}$/.test(region)) invalid('region is a code prefix');
        sendJson(
          res,
          200,
          await storage.cases({ ...(status ? { status } : {}), ...(region ? { region } : {}), limit }),
        );
      },
    },
  ];
}
