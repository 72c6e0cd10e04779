// The staff console's JSON API under /staff/api/: sign-in and the session, then one group of routes per role
// (case_worker: inbox, case page, status changes, CSV export, 好差评 follow-up; fleet_admin: fleet, enrolment
// tokens, the audit log; catalogue_editor: versions, staged rollout, withdrawal, rollback). Every route checks the
// session (and, when it changes anything, the CSRF token) before reading a body; every action is audited.
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { regionPrefix } from '../../core/catalogue/region.ts';
import { regionPrefixSchema, rolloutRequestSchema } from '../../core/protocol/catalogue.ts';
import { tokenRequestSchema } from '../../core/protocol/enrolment.ts';
import { CASE_STATUSES, CASE_STATUS_NAMES, statusChangeSchema } from '../../core/protocol/submissions.ts';
import type { BlobStore } from '../blob-store.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { issueEnrolmentToken } from '../enrolment/routes.ts';
import type { SqlEnrolmentStorage } from '../enrolment/storage.ts';
import type { SqlFleetStorage } from '../fleet/storage.ts';
import { HubHttpError, parseWith, readJson, sendJson } from '../http.ts';
import type { IntakeService } from '../intake/service.ts';
import type { Route, RouteContext } from '../router.ts';
import { fleetAlerts } from './alerts.ts';
import type { CatalogueEditor } from './catalogue-editor.ts';
import type { StaffAuth, StaffContext } from './auth.ts';
import type { CaseQueries, InboxFilter } from './case-queries.ts';
import { toCsv } from './csv.ts';
import { toXlsx } from './xlsx.ts';
import type { StaffRole } from './roles.ts';
import { sessionCookie } from './session-rules.ts';
import type { AuditEntry, StaffStorage } from './storage.ts';

const BODY_MAX_BYTES = 20_000;
const EXPORT_MAX_ROWS = 20_000;
const EXPORT_HEADER = [
  '受理编号',
  '办件编号',
  '事项',
  '终端',
  '区划',
  '申请时间',
  '接收时间',
  '状态',
  '原因',
  '申请人',
  '身份证号',
  '电话',
  '地址',
];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CASE_ID = '([A-Z0-9]{4,40})';
const SHA = '([0-9a-f]{64})';
const NO_STORE = { 'Cache-Control': 'no-store' };

export interface StaffRoutesOptions {
  auth: StaffAuth;
  storage: StaffStorage;
  cases: CaseQueries;
  intake: IntakeService;
  catalogue: CatalogueService;
  fleet: SqlFleetStorage;
  enrolment: SqlEnrolmentStorage;
  blobs: BlobStore;
  editor: CatalogueEditor;
  /** Whether the hub is reached over https (the session cookie is then Secure). */
  secureCookies: () => boolean;
  now: () => Date;
}

const signInSchema = z.object({ name: z.string().min(1).max(60), password: z.string().min(1).max(200) }).strict();
const editionSchema = z
  .object({
    catalogueId: z.string().min(1).max(100),
    baseVersion: z.number().int().min(1),
    items: z.array(z.object({ id: z.string().min(1).max(64) }).passthrough()).max(100),
    removeIds: z.array(z.string().min(1).max(64)).max(100),
  })
  .strict()
  .refine((edition) => edition.items.length + edition.removeIds.length > 0, 'an edition changes at least one item');
const EDITION_BODY_MAX_BYTES = 2_000_000;
const rollbackSchema = z
  .object({
    catalogueId: z.string().min(1).max(100),
    toVersion: z.number().int().min(1),
    /** Omitted: wherever a version newer than `toVersion` is rolled out. */
    regions: z.array(regionPrefixSchema).min(1).max(1000).optional(),
  })
  .strict();
const followUpSchema = z.object({ note: z.string().trim().min(1).max(1000), resolved: z.boolean() }).strict();

const dayOrTime = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD'), z.iso.datetime()]);
const inboxQuerySchema = z.object({
  region: z
    .string()
    .regex(/^\d{2,12}$/, 'region is a region code or its leading digits')
    .optional(),
  service: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'service is a service id')
    .optional(),
  status: z.enum(CASE_STATUSES).optional(),
  from: dayOrTime.optional(),
  to: dayOrTime.optional(),
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'page is a number from 1')
    .transform(Number)
    .optional(),
  pageSize: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'pageSize is 1 to 200')
    .transform(Number)
    .refine((size) => size <= 200, 'pageSize is 1 to 200')
    .optional(),
});
const auditQuerySchema = z.object({
  account: z.string().max(60).optional(),
  action: z.string().max(60).optional(),
  caseId: z.string().max(40).optional(),
  page: inboxQuerySchema.shape.page,
  pageSize: inboxQuerySchema.shape.pageSize,
});

const SHANGHAI = '+08:00';
/** A day (Asia/Shanghai) or an instant as a UTC ISO bound; `to` of a day is the start of the next day. */
function bound(value: string | undefined, end: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value).toISOString();
  const start = Date.parse(`${value}T00:00:00${SHANGHAI}`);
  if (Number.isNaN(start)) throw new HubHttpError(400, 'HUB_BAD_REQUEST', `not a date: ${value}`);
  return new Date(end ? start + 86_400_000 : start).toISOString();
}

/** The area a region filter means: a 6- or 12-digit code counts as its significant digits (440800 → 4408). */
function regionFilter(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  return /^(\d{6}|\d{12})$/.test(region) ? regionPrefix(region) : region;
}

function queryObject(query: URLSearchParams, keys: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((key) => [key, query.get(key) || undefined]));
}

function inboxFilterOf(query: URLSearchParams) {
  const parsed = parseWith(
    inboxQuerySchema,
    queryObject(query, ['region', 'service', 'status', 'from', 'to', 'page', 'pageSize']),
  );
  const filter: InboxFilter = {};
  const region = regionFilter(parsed.region);
  if (region !== undefined) filter.region = region;
  if (parsed.service !== undefined) filter.serviceId = parsed.service;
  if (parsed.status !== undefined) filter.status = parsed.status;
  const from = bound(parsed.from, false);
  const to = bound(parsed.to, true);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  return { filter, page: parsed.page ?? 1, pageSize: parsed.pageSize ?? 50 };
}

type AuditExtras = Omit<AuditEntry, 'at' | 'account' | 'action' | 'address'>;
type StaffHandler = (context: RouteContext, staff: StaffContext) => Promise<void>;

export function staffRoutes(options: StaffRoutesOptions): Route[] {
  const { auth, storage, cases, now } = options;

  /** A route for signed-in staff holding `role` (null: any signed-in staff). */
  const route = (method: string, path: RegExp, role: StaffRole | null, handle: StaffHandler): Route => ({
    methods: [method],
    path,
    staff: false,
    async handle(context) {
      const staff = await auth.authenticate(context.req);
      if (role !== null) auth.requireRole(staff, role);
      await handle(context, staff);
    },
  });

  const audit = (staff: StaffContext, action: string, more: AuditExtras = {}) =>
    auth.audit({ account: staff.account, action, address: staff.address, ...more });

  const session = (staff: StaffContext) => ({ account: staff.account, roles: staff.roles, csrfToken: staff.csrfToken });

  return [
    {
      methods: ['POST'],
      path: /^\/staff\/api\/session$/,
      staff: false,
      async handle({ req, res }) {
        const body = parseWith(signInSchema, await readJson(req, BODY_MAX_BYTES));
        const { token, context } = await auth.signIn(req, body.name, body.password);
        sendJson(
          res,
          200,
          { signedIn: true, ...session(context) },
          {
            ...NO_STORE,
            'Set-Cookie': sessionCookie(token, options.secureCookies()),
          },
        );
      },
    },
    {
      // Whether this browser is signed in: the console asks at load, so "no" is an answer, not an error.
      methods: ['GET'],
      path: /^\/staff\/api\/session$/,
      staff: false,
      async handle({ req, res }) {
        const staff = await auth.authenticate(req).catch((error: unknown) => {
          if (error instanceof HubHttpError && error.status === 401) return null;
          throw error;
        });
        sendJson(res, 200, staff ? { signedIn: true, ...session(staff) } : { signedIn: false }, NO_STORE);
      },
    },
    route('DELETE', /^\/staff\/api\/session$/, null, async ({ res }, staff) => {
      await auth.signOut(staff);
      sendJson(
        res,
        200,
        { signedOut: true },
        { ...NO_STORE, 'Set-Cookie': sessionCookie('', options.secureCookies(), 0) },
      );
    }),

    // case_worker
    route('GET', /^\/staff\/api\/cases$/, 'case_worker', async ({ res, query }) => {
      const { filter, page, pageSize } = inboxFilterOf(query);
      const { rows, total } = await cases.inbox(filter, pageSize, (page - 1) * pageSize);
      sendJson(res, 200, { cases: rows, total, page, pageSize }, NO_STORE);
    }),
    // The inbox's filter as a file: CSV (UTF-8 with BOM) or an Excel workbook.
    route('GET', /^\/staff\/api\/cases\/export\.(csv|xlsx)$/, 'case_worker', async ({ res, query, params }, staff) => {
      const format = params[0] as 'csv' | 'xlsx';
      const { filter } = inboxFilterOf(query);
      const rows = await cases.exportRows(filter, EXPORT_MAX_ROWS);
      await audit(staff, 'cases.export', { detail: { filter, rows: rows.length, format } });
      const table = rows.map(({ row, submission }) => {
        const applicant = submission.payload.kind === 'application' ? submission.payload.applicant : null;
        return [
          row.acceptanceNumber,
          row.caseId,
          row.serviceId,
          row.kioskCode,
          row.region,
          row.createdAt,
          row.receivedAt,
          CASE_STATUS_NAMES[row.status],
          row.statusReason,
          applicant?.name ?? '',
          applicant?.idNumber ?? '',
          applicant?.phone ?? '',
          applicant?.address ?? '',
        ];
      });
      const bytes =
        format === 'csv' ? Buffer.from(toCsv(EXPORT_HEADER, table), 'utf8') : toXlsx('办件', EXPORT_HEADER, table);
      res.writeHead(200, {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
        'Content-Length': bytes.length,
        'Content-Disposition': `attachment; filename="cases-${now().toISOString().slice(0, 10)}.${format}"`,
        'X-Content-Type-Options': 'nosniff',
        ...NO_STORE,
      });
      res.end(bytes);
    }),
    route('GET', new RegExp(`^/staff/api/cases/${CASE_ID}$`), 'case_worker', async ({ res, params }, staff) => {
      const detail = await cases.caseDetail(params[0]!);
      if (!detail) throw new HubHttpError(404, 'HUB_NOT_FOUND', `no case ${params[0]}`);
      await audit(staff, 'case.view', { caseId: detail.caseId, kioskCode: detail.kioskCode });
      sendJson(res, 200, detail, NO_STORE);
    }),
    route(
      'GET',
      new RegExp(`^/staff/api/cases/${CASE_ID}/attachments/${SHA}$`),
      'case_worker',
      async ({ res, params }, staff) => {
        const detail = await cases.caseDetail(params[0]!);
        const payload = detail?.submission.payload;
        const attachment =
          payload?.kind === 'application' ? payload.attachments.find((entry) => entry.sha256 === params[1]) : undefined;
        if (!detail || !attachment || options.blobs.size(attachment.sha256) === null) {
          throw new HubHttpError(404, 'HUB_NOT_FOUND', 'no such attachment of this case');
        }
        await audit(staff, 'case.attachment', {
          caseId: detail.caseId,
          kioskCode: detail.kioskCode,
          detail: { kind: attachment.kind, sha256: attachment.sha256 },
        });
        res.writeHead(200, {
          'Content-Type': attachment.contentType,
          'Content-Length': attachment.size,
          'Content-Disposition': 'inline',
          // Shown as it is, never run: a PDF or image cannot script the console's origin.
          'Content-Security-Policy': 'sandbox; default-src none; img-src data:; style-src unsafe-inline',
          'X-Content-Type-Options': 'nosniff',
          ...NO_STORE,
        });
        await pipeline(options.blobs.openRead(attachment.sha256), res);
      },
    ),
    route('POST', new RegExp(`^/staff/api/cases/${CASE_ID}/status$`), 'case_worker', async (context, staff) => {
      const { req, res, params } = context;
      const change = parseWith(statusChangeSchema, await readJson(req, BODY_MAX_BYTES));
      const detail = await cases.caseDetail(params[0]!);
      if (!detail) throw new HubHttpError(404, 'HUB_NOT_FOUND', `no case ${params[0]}`);
      // The intake service writes the status and the event the kiosk's status feed shows.
      await options.intake.setStatus(detail.caseId, change);
      await audit(staff, 'case.status', {
        caseId: detail.caseId,
        kioskCode: detail.kioskCode,
        detail: {
          from: detail.status,
          to: change.status,
          reason: change.reason ?? null,
          missing: change.missing ?? [],
        },
      });
      sendJson(res, 200, { caseId: detail.caseId, status: change.status }, NO_STORE);
    }),
    route('GET', /^\/staff\/api\/reviews$/, 'case_worker', async ({ res, query }) => {
      const region = regionFilter(parseWith(inboxQuerySchema.shape.region, query.get('region') || undefined));
      const reviews = await cases.badReviews(
        { ...(region === undefined ? {} : { region }), open: query.get('all') !== '1' },
        500,
      );
      sendJson(res, 200, { reviews }, NO_STORE);
    }),
    route(
      'POST',
      /^\/staff\/api\/reviews\/([0-9a-f-]{36})\/follow-ups$/,
      'case_worker',
      async ({ req, res, params }, staff) => {
        const body = parseWith(followUpSchema, await readJson(req, BODY_MAX_BYTES));
        const at = now().toISOString();
        if (!(await storage.addFollowUp(params[0]!, staff.account, body.note, body.resolved, at))) {
          throw new HubHttpError(404, 'HUB_NOT_FOUND', `no rating ${params[0]}`);
        }
        await audit(staff, 'review.follow-up', { detail: { submissionId: params[0], resolved: body.resolved } });
        sendJson(res, 201, { submissionId: params[0], at }, NO_STORE);
      },
    ),

    // fleet_admin
    route('GET', /^\/staff\/api\/fleet$/, 'fleet_admin', async ({ res }) => {
      const at = now();
      const kiosks = (await options.fleet.fleet()).map((entry) => {
        const health = entry.health as {
          appVersion?: string;
          catalogue?: { version: number | null };
          devices?: Record<string, string>;
          outbox?: { pending: number; oldestPendingAgeSeconds: number | null; refused: number };
        } | null;
        return {
          kioskCode: entry.kioskCode,
          region: entry.region,
          revoked: entry.revoked,
          lastHeartbeatAt: entry.lastHeartbeatAt,
          appVersion: health?.appVersion ?? null,
          catalogueVersion: health?.catalogue?.version ?? null,
          devices: health?.devices ?? null,
          outbox: health?.outbox ?? null,
          alerts: fleetAlerts(entry, at),
        };
      });
      sendJson(res, 200, { kiosks, at: at.toISOString() }, NO_STORE);
    }),
    route('GET', /^\/staff\/api\/enrolment-tokens$/, 'fleet_admin', async ({ res }) => {
      const at = now().toISOString();
      const tokens = (await storage.enrolmentTokens(500)).map((token) => ({
        ...token,
        state: token.revokedAt ? 'revoked' : token.usedAt ? 'used' : token.expiresAt <= at ? 'expired' : 'valid',
      }));
      sendJson(res, 200, { tokens }, NO_STORE);
    }),
    route('POST', /^\/staff\/api\/enrolment-tokens$/, 'fleet_admin', async ({ req, res }, staff) => {
      const request = parseWith(tokenRequestSchema, await readJson(req, BODY_MAX_BYTES));
      const issued = await issueEnrolmentToken(options.enrolment, request, now());
      await audit(staff, 'token.issue', {
        kioskCode: request.kioskCode ?? null,
        detail: { region: request.region, expiresAt: issued.expiresAt },
      });
      sendJson(res, 201, issued, NO_STORE);
    }),
    route(
      'POST',
      new RegExp(`^/staff/api/enrolment-tokens/${SHA}/revoke$`),
      'fleet_admin',
      async ({ req, res, params }, staff) => {
        await readJson(req, BODY_MAX_BYTES).catch(() => undefined);
        if (!(await storage.revokeEnrolmentToken(params[0]!, now().toISOString()))) {
          throw new HubHttpError(404, 'HUB_NOT_FOUND', 'no unused token with that hash');
        }
        await audit(staff, 'token.revoke', { detail: { tokenSha256: params[0] } });
        sendJson(res, 200, { tokenSha256: params[0], revoked: true }, NO_STORE);
      },
    ),
    route('GET', /^\/staff\/api\/audit$/, 'fleet_admin', async ({ res, query }) => {
      const parsed = parseWith(
        auditQuerySchema,
        queryObject(query, ['account', 'action', 'caseId', 'page', 'pageSize']),
      );
      const page = parsed.page ?? 1;
      const pageSize = parsed.pageSize ?? 100;
      const { rows, total } = await storage.auditLog({
        ...(parsed.account ? { account: parsed.account } : {}),
        ...(parsed.action ? { action: parsed.action } : {}),
        ...(parsed.caseId ? { caseId: parsed.caseId } : {}),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      sendJson(res, 200, { entries: rows, total, page, pageSize }, NO_STORE);
    }),

    // catalogue_editor
    route('GET', /^\/staff\/api\/catalogue\/draft$/, 'catalogue_editor', async ({ res }) => {
      sendJson(res, 200, await options.editor.draft(), NO_STORE);
    }),
    route('POST', /^\/staff\/api\/catalogue\/editions$/, 'catalogue_editor', async ({ req, res }, staff) => {
      const edition = parseWith(editionSchema, await readJson(req, EDITION_BODY_MAX_BYTES));
      const summary = await options.editor.publish(edition);
      await audit(staff, 'catalogue.publish', {
        catalogueVersion: summary.version,
        detail: {
          catalogueId: summary.catalogueId,
          baseVersion: edition.baseVersion,
          changed: edition.items.map((item) => item.id),
          removed: edition.removeIds,
          keyId: summary.keyId,
        },
      });
      sendJson(res, 201, summary, NO_STORE);
    }),
    route('POST', /^\/staff\/api\/catalogue\/rollbacks$/, 'catalogue_editor', async ({ req, res }, staff) => {
      const request = parseWith(rollbackSchema, await readJson(req, BODY_MAX_BYTES));
      const { summary, fromVersion } = await options.editor.rollback(request);
      await audit(staff, 'catalogue.rollback', {
        catalogueVersion: summary.version,
        detail: {
          catalogueId: summary.catalogueId,
          fromVersion,
          toContentOf: request.toVersion,
          regions: summary.rolledOutTo,
          keyId: summary.keyId,
        },
      });
      sendJson(res, 201, { ...summary, fromVersion, toContentOf: request.toVersion }, NO_STORE);
    }),
    route('GET', /^\/staff\/api\/catalogue\/versions$/, 'catalogue_editor', async ({ res }) => {
      sendJson(res, 200, { versions: await options.catalogue.list() }, NO_STORE);
    }),
    ...(
      [
        ['rollouts', 'catalogue.rollout', (request) => options.catalogue.rollout(request)],
        ['withdrawals', 'catalogue.withdraw', (request) => options.catalogue.withdraw(request)],
      ] as const satisfies readonly [string, string, CatalogueService['rollout']][]
    ).map(([name, action, apply]) =>
      route('POST', new RegExp(`^/staff/api/catalogue/${name}$`), 'catalogue_editor', async ({ req, res }, staff) => {
        const request = parseWith(rolloutRequestSchema, await readJson(req, BODY_MAX_BYTES));
        const summary = await apply(request);
        await audit(staff, action, {
          catalogueVersion: request.version,
          detail: { catalogueId: request.catalogueId, regions: request.regions },
        });
        sendJson(res, 200, summary, NO_STORE);
      }),
    ),
  ];
}
