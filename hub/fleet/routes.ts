// Fleet health over HTTP: kiosks send signed heartbeats (their health report; the answer may ask for their
// logs) and upload redacted log bundles when asked; staff list the fleet, ask a kiosk for its logs and
// download what it sent. The fleet console (issue 9) builds on these JSON routes.
import type { z } from 'zod';
import { healthReportSchema, MAX_LOG_BUNDLE_BYTES, type HeartbeatAnswer } from '../../core/protocol/diagnostics.ts';
import { kioskCodeSchema } from '../../core/protocol/submissions.ts';
import { HubHttpError, readBody, sendJson } from '../http.ts';
import type { Route } from '../router.ts';
import type { IntakeService } from '../intake/service.ts';
import type { SqlFleetStorage } from './storage.ts';

const HEARTBEAT_MAX_BYTES = 16_000;
const STAFF_BODY_MAX_BYTES = 2_000;
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

function kioskCodeOf(param: string | undefined): string {
  const parsed = kioskCodeSchema.safeParse(param);
  if (!parsed.success) throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'not a kiosk code');
  return parsed.data;
}

function parseReport(body: Buffer): z.infer<typeof healthReportSchema> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the heartbeat is not JSON');
  }
  const parsed = healthReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', `heartbeat ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

export function fleetRoutes(intake: IntakeService, fleet: SqlFleetStorage, now: () => Date): Route[] {
  return [
    {
      methods: ['POST'],
      path: /^\/v1\/heartbeat$/,
      staff: false,
      signed: true,
      async handle({ req, res }) {
        const { kiosk, body } = await intake.authenticate(req, HEARTBEAT_MAX_BYTES);
        const report = parseReport(body);
        if (report.kioskCode !== kiosk.code) {
          throw new HubHttpError(
            400,
            'HUB_BAD_REQUEST',
            'the heartbeat names another kiosk than the one that signed it',
          );
        }
        const { collectLogs, statusCursor } = await fleet.recordHeartbeat(kiosk.code, now().toISOString(), report);
        const answer: HeartbeatAnswer = { ok: true, collectLogs, statusCursor };
        sendJson(res, 200, answer, { 'Cache-Control': 'no-store' });
      },
    },
    {
      methods: ['PUT'],
      path: /^\/v1\/kiosks\/([^/]+)\/logs$/,
      staff: false,
      signed: true,
      maxBodyBytes: MAX_LOG_BUNDLE_BYTES,
      async handle({ req, res, params }) {
        const code = kioskCodeOf(params[0]);
        const { kiosk, body } = await intake.authenticate(req, MAX_LOG_BUNDLE_BYTES);
        if (kiosk.code !== code)
          throw new HubHttpError(403, 'HUB_UNAUTHORIZED', 'a kiosk may upload only its own logs');
        if (!body.subarray(0, 2).equals(GZIP_MAGIC)) {
          throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'a log bundle is gzip’d JSON lines');
        }
        const stored = await fleet.storeLogBundle(code, now().toISOString(), body);
        sendJson(res, 201, { kioskCode: code, receivedAt: stored.receivedAt, bytes: stored.bytes });
      },
    },
    {
      methods: ['GET'],
      path: /^\/v1\/kiosks\/([^/]+)\/logs$/,
      staff: true,
      async handle({ res, params }) {
        const code = kioskCodeOf(params[0]);
        const bundle = await fleet.latestLogBundle(code);
        if (!bundle) throw new HubHttpError(404, 'HUB_NOT_FOUND', `kiosk ${code} has sent no logs`);
        res.writeHead(200, {
          'Content-Type': 'application/gzip',
          'Content-Length': bundle.data.length,
          'Content-Disposition': `attachment; filename="kiosk-logs-${code}-${bundle.receivedAt.replace(/[-:.]/g, '')}.jsonl.gz"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(bundle.data);
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/kiosks\/([^/]+)\/collect-logs$/,
      staff: true,
      async handle({ req, res, params }) {
        const code = kioskCodeOf(params[0]);
        await readBody(req, STAFF_BODY_MAX_BYTES);
        const at = now().toISOString();
        if (!(await fleet.requestLogs(code, at))) throw new HubHttpError(404, 'HUB_NOT_FOUND', `no kiosk ${code}`);
        sendJson(res, 202, { kioskCode: code, requestedAt: at });
      },
    },
    {
      methods: ['GET'],
      path: /^\/v1\/fleet$/,
      staff: true,
      async handle({ res }) {
        sendJson(res, 200, { kiosks: await fleet.fleet() }, { 'Cache-Control': 'no-store' });
      },
    },
  ];
}
