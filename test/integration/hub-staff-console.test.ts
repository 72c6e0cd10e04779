// The staff console's API at a real hub on 127.0.0.1 with its real database (SQLite, or PostgreSQL in the
// integration-postgres project), spoken to as the web console
// does (session cookie, CSRF header, Origin). A kiosk signs its submissions, uploads and status reads with an
// Ed25519 key through the kiosk's own SignedHubClient. Covers sign-in, throttling, session expiry, CSRF, each
// route refused and allowed by role, the audit rows, the inbox filters and paging, the case page with its
// attachment, a status change reaching the kiosk's status feed, CSV export, 好差评 follow-up, the fleet view,
// enrolment tokens, the catalogue's staged rollout and withdrawal, and the console's static files and CSP.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../core/catalogue/bundle.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import { SignedHubClient } from '../../core/outbox/hub-client.ts';
import { enrolAnswerSchema } from '../../core/protocol/enrolment.ts';
import { hubErrorBodySchema } from '../../core/protocol/errors.ts';
import type { StatusFeed, Submission, SubmissionResult } from '../../core/protocol/submissions.ts';
import type { SqlDatabase } from '../../hub/db/sql.ts';
import type { Hub } from '../../hub/server.ts';
import { makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { signingKey } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import {
  addStaffAccounts,
  hubAccount,
  STAFF_PASSWORD,
  StaffClient,
  type StaffAnswer,
} from '../helpers/staff-console.ts';
import { useTempDir } from '../helpers/temp.ts';
import { readZipPart } from '../helpers/zip.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';

const tempDir = useTempDir('hub-staff-console-');
const TOKEN = 'staff-bearer-token-for-automation';
const KIOSK = 'XW-DEMO-001';
const REGION = '440825100201';
const catalogueKey = signingKey('gd-2026-1');
/** The hub's clock and the kiosk's; tests move it forward. */
let clock = new Date('2026-12-07T02:00:00.000Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

let hub: Hub;
let hubDir: string;
let kiosk: SignedHubClient;
const kioskKey = generateKeyPairSync('ed25519');
const consoleDir = tempDir();

const code = (answer: StaffAnswer) => hubErrorBodySchema.parse(answer.body).error.code;
/** The hub's database, opened beside the hub to look at what it stored. */
let database: SqlDatabase;
const audit = (action: string) =>
  database.query<{
    account: string;
    case_id: string | null;
    kiosk_code: string | null;
    catalogue_version: number | null;
    address: string;
    detail: string;
  }>('SELECT * FROM staff_audit WHERE action = ? ORDER BY id', [action]);

async function bearer(method: string, route: string, body?: unknown) {
  const response = await fetch(`${hub.url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

let sequence = 0;
function application(over: { name?: string; serviceId?: string; attachments?: unknown[] } = {}): Submission {
  const id = `0193${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-7${randomBytes(2).toString('hex').slice(1)}-8${randomBytes(2).toString('hex').slice(1)}-${randomBytes(6).toString('hex')}`;
  return {
    id,
    acceptanceNumber: `${KIOSK}-20261207-${String(++sequence).padStart(4, '0')}`,
    serviceId: over.serviceId ?? 'legal-aid',
    createdAt: clock.toISOString(),
    payload: {
      kind: 'application',
      applicant: {
        name: over.name ?? '林秀英',
        idNumber: '11010519491231002X',
        sex: '女',
        birthDate: '1949-12-31',
        address: '徐闻县下桥镇示范村',
        phone: '13800000000',
      },
      fields: { facts: '工资被拖欠三个月' },
      consents: [{ document: 'legal-aid-commitment-v1', agreed: true, at: clock.toISOString() }],
      attachments: (over.attachments ?? []) as never[],
    },
  };
}

async function submit(submissions: Submission[]): Promise<SubmissionResult[]> {
  const answer = await kiosk.json<{ results: SubmissionResult[] }>('POST', '/v1/submissions/batch', {
    kioskCode: KIOSK,
    submissions,
  });
  return answer.results;
}

function caseIdOf(result: SubmissionResult | undefined): string {
  if (result?.outcome !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(result)}`);
  return result.caseId;
}

beforeAll(async () => {
  hubDir = tempDir();
  mkdirSync(path.join(consoleDir, 'assets'));
  writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>控制台</title>');
  writeFileSync(path.join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  await addStaffAccounts(hubDir, {
    wang: ['case_worker'],
    li: ['fleet_admin'],
    zhao: ['catalogue_editor'],
    chen: ['case_worker', 'fleet_admin', 'catalogue_editor'],
    throttled: ['case_worker'],
  });
  hub = await startTestHub({
    dataDir: hubDir,
    staffTokens: [TOKEN],
    trustedKeys: [catalogueKey.trusted],
    log: silentLogger(),
    consoleDir,
    now: () => clock,
  });
  database = await openTestHubDatabase(hubDir);
  kiosk = new SignedHubClient({
    hubUrl: hub.url,
    kioskCode: KIOSK,
    signingKey: kioskKey.privateKey,
    clockOffset: { get: () => 0, set: () => undefined },
    now: () => clock,
  });
  const enrolled = await bearer('POST', '/v1/kiosks', {
    kioskCode: KIOSK,
    regionCode: REGION,
    publicKey: kioskKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  expect(enrolled.status).toBe(201);
});

afterAll(async () => {
  await database?.close();
  await hub?.close();
});

describe('signing in', () => {
  it('refuses a wrong password and an unknown name alike, and audits both', async () => {
    const client = new StaffClient(hub.url);
    const wrong = await client.signIn('wang', 'not the password');
    const unknown = await client.signIn('nobody', 'not the password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await audit('signin.failed')).map((row) => row.account)).toEqual(['wang', '(unknown)']);
    expect((await audit('signin.failed'))[0]!.address).toBe('127.0.0.1');
  });

  it('gives a session cookie that is HttpOnly, SameSite=Strict and not Secure over plain http', async () => {
    const client = new StaffClient(hub.url);
    const answer = await client.signIn('wang');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ account: 'wang', roles: ['case_worker'] });
    const cookie = answer.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hub_staff_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect((await client.request('GET', '/staff/api/session')).body).toMatchObject({ signedIn: true, account: 'wang' });
    expect((await new StaffClient(hub.url).request('GET', '/staff/api/session')).body).toEqual({ signedIn: false });
    // Only the token's hash is stored.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect(await database.get('SELECT COUNT(*) AS n FROM staff_sessions WHERE token_sha256 = ?', [token])).toEqual({
      n: 0,
    });
    expect((await audit('signin')).some((row) => row.account === 'wang')).toBe(true);
  });

  it('refuses sign-in from another site (login CSRF)', async () => {
    const client = new StaffClient(hub.url);
    const answer = await client.request(
      'POST',
      '/staff/api/session',
      { name: 'wang', password: STAFF_PASSWORD },
      { origin: 'http://evil.example' },
    );
    expect([answer.status, code(answer)]).toEqual([403, 'HUB_CSRF']);
  });

  it('throttles a name after 5 failures in 15 minutes, even with the right password, then lets it in again', async () => {
    const client = new StaffClient(hub.url);
    for (let i = 0; i < 5; i++) expect((await client.signIn('throttled', `wrong ${i}`)).status).toBe(401);
    const refused = await client.signIn('throttled');
    expect([refused.status, code(refused)]).toEqual([429, 'HUB_RATE_LIMITED']);
    expect(refused.headers.get('retry-after')).toBe('900');
    expect((await audit('signin.throttled')).map((row) => row.account)).toEqual(['throttled']);
    // Another name from the same address still gets in (its limit is 20).
    expect((await new StaffClient(hub.url).signIn('li')).status).toBe(200);
    advance(15 * 60_000 + 1);
    expect((await client.signIn('throttled')).status).toBe(200);
  });

  it('throttles an address after 20 failures in 15 minutes, whatever the name', async () => {
    const client = new StaffClient(hub.url);
    for (let i = 0; i < 20; i++) expect((await client.signIn(`guess${i}`, 'wrong password')).status).toBe(401);
    expect((await client.signIn('zhao')).status).toBe(429);
    advance(15 * 60_000 + 1);
    expect((await client.signIn('zhao')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('end after 30 minutes unused, and signing out ends them at once', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('wang');
    advance(29 * 60_000);
    expect((await client.request('GET', '/staff/api/cases')).status).toBe(200);
    advance(29 * 60_000);
    expect((await client.request('GET', '/staff/api/cases')).status).toBe(200);
    advance(30 * 60_000);
    const ended = await client.request('GET', '/staff/api/cases');
    expect([ended.status, code(ended)]).toEqual([401, 'HUB_UNAUTHORIZED']);

    await client.signIn('wang');
    const out = await client.request('DELETE', '/staff/api/session');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await client.request('GET', '/staff/api/session')).body).toEqual({ signedIn: false });
    expect((await client.request('GET', '/staff/api/cases')).status).toBe(401);
    expect((await audit('signout')).length).toBeGreaterThan(0);
  });

  it('end 12 hours after sign-in however busy', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('wang');
    for (let hour = 0; hour < 23; hour++) {
      advance(29 * 60_000);
      expect((await client.request('GET', '/staff/api/cases')).status).toBe(200);
    }
    advance(60 * 60_000 - 23 * 29 * 60_000 + 11 * 60 * 60_000 - 1);
    expect((await client.request('GET', '/staff/api/session')).body).toEqual({ signedIn: false });
    expect((await client.request('GET', '/staff/api/cases')).status).toBe(401);
  });

  it('end when the account is disabled', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('throttled');
    await database.run('UPDATE staff_accounts SET disabled_at = ? WHERE name = ?', [clock.toISOString(), 'throttled']);
    expect((await client.request('GET', '/staff/api/session')).body).toEqual({ signedIn: false });
    expect((await client.request('GET', '/staff/api/cases')).status).toBe(401);
    expect((await client.signIn('throttled')).status).toBe(401);
  });
});

describe('roles and CSRF', () => {
  const routes: [string, string, 'case_worker' | 'fleet_admin' | 'catalogue_editor', unknown?][] = [
    ['GET', '/staff/api/cases', 'case_worker'],
    ['GET', '/staff/api/cases/export.csv', 'case_worker'],
    ['GET', '/staff/api/cases/export.xlsx', 'case_worker'],
    ['GET', '/staff/api/cases/NOSUCHCASE', 'case_worker'],
    ['POST', '/staff/api/cases/NOSUCHCASE/status', 'case_worker', { status: 'accepted' }],
    ['GET', '/staff/api/reviews', 'case_worker'],
    [
      'POST',
      '/staff/api/reviews/00000000-0000-7000-8000-000000000000/follow-ups',
      'case_worker',
      { note: 'x', resolved: false },
    ],
    ['GET', '/staff/api/fleet', 'fleet_admin'],
    ['GET', '/staff/api/enrolment-tokens', 'fleet_admin'],
    ['POST', '/staff/api/enrolment-tokens', 'fleet_admin', { region: '440825', validMinutes: 60 }],
    ['POST', `/staff/api/enrolment-tokens/${'0'.repeat(64)}/revoke`, 'fleet_admin', {}],
    ['GET', '/staff/api/audit', 'fleet_admin'],
    ['GET', '/staff/api/catalogue/versions', 'catalogue_editor'],
    ['GET', '/staff/api/catalogue/draft', 'catalogue_editor'],
    [
      'POST',
      '/staff/api/catalogue/editions',
      'catalogue_editor',
      { catalogueId: 'test', baseVersion: 1, items: [], removeIds: ['legal-aid'] },
    ],
    [
      'POST',
      '/staff/api/catalogue/rollouts',
      'catalogue_editor',
      { catalogueId: 'test', version: 99, regions: ['440825'] },
    ],
    [
      'POST',
      '/staff/api/catalogue/withdrawals',
      'catalogue_editor',
      { catalogueId: 'test', version: 99, regions: ['440825'] },
    ],
    ['POST', '/staff/api/catalogue/rollbacks', 'catalogue_editor', { catalogueId: 'test', toVersion: 99 }],
  ];
  const holders = { case_worker: 'wang', fleet_admin: 'li', catalogue_editor: 'zhao' } as const;

  it('refuses every route without a session, and to accounts without its role; lets the role through', async () => {
    const clients = Object.fromEntries(
      await Promise.all(
        Object.entries(holders).map(async ([role, name]) => {
          const client = new StaffClient(hub.url);
          expect((await client.signIn(name)).status).toBe(200);
          return [role, client] as const;
        }),
      ),
    );
    for (const [method, route, role, body] of routes) {
      const anonymous = await new StaffClient(hub.url).request(method, route, body);
      expect([route, anonymous.status]).toEqual([route, 401]);
      for (const [holderRole, client] of Object.entries(clients)) {
        const answer = await client.request(method, route, body);
        if (holderRole === role) {
          // Allowed: whatever the answer, it is not a refusal of the account.
          expect([route, answer.status]).not.toEqual([route, 403]);
          expect([route, answer.status]).not.toEqual([route, 401]);
        } else {
          expect([route, holderRole, answer.status, code(answer)]).toEqual([route, holderRole, 403, 'HUB_FORBIDDEN']);
        }
      }
    }
  });

  it('refuses every state change without the CSRF token or from another origin, before acting', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('chen');
    const before = (await audit('token.issue')).length;
    for (const [method, route, , body] of routes.filter(([method]) => method === 'POST')) {
      const noToken = await client.request(method, route, body, { csrf: false });
      expect([route, noToken.status, code(noToken)]).toEqual([route, 403, 'HUB_CSRF']);
      const otherSite = await client.request(method, route, body, { origin: 'https://evil.example' });
      expect([route, otherSite.status, code(otherSite)]).toEqual([route, 403, 'HUB_CSRF']);
    }
    expect((await client.request('DELETE', '/staff/api/session', undefined, { csrf: false })).status).toBe(403);
    expect((await audit('token.issue')).length).toBe(before);
  });

  it('keeps the staff bearer token working on the automation routes and refuses it on the console API', async () => {
    expect((await bearer('GET', '/v1/cases')).status).toBe(200);
    expect((await bearer('GET', '/v1/fleet')).status).toBe(200);
    expect((await bearer('GET', '/staff/api/cases')).status).toBe(401);
  });
});

describe('cases', () => {
  let client: StaffClient;
  let caseIds: string[] = [];
  const signature = Buffer.from('\x89PNG\r\n\x1a\n fake signature image bytes');
  const signatureSha = createHash('sha256').update(signature).digest('hex');

  beforeAll(async () => {
    const upload = await kiosk.send('PUT', `/v1/uploads/${signatureSha}?offset=0`, signature, {
      'x-upload-size': String(signature.length),
    });
    expect(upload.status).toBe(200);
    const results = await submit([
      application({
        name: '=HYPERLINK("http://evil","点我")',
        attachments: [{ kind: 'signature', contentType: 'image/png', sha256: signatureSha, size: signature.length }],
      }),
      application({ name: '陈阿强', serviceId: 'labour-dispute' }),
    ]);
    advance(2 * 86_400_000);
    results.push(...(await submit([application({ name: '黄大妈' })])));
    caseIds = results.map(caseIdOf);
    client = new StaffClient(hub.url);
    await client.signIn('wang');
  });

  it('lists the inbox newest first, filtered by region, service, status and dates, in pages', async () => {
    const list = async (query: string) =>
      (await client.request('GET', `/staff/api/cases${query}`)).body as {
        cases: { caseId: string }[];
        total: number;
      };
    expect((await list('')).cases.map((row) => row.caseId)).toEqual([caseIds[2], caseIds[1], caseIds[0]]);
    expect((await list('?region=440825')).total).toBe(3);
    expect((await list('?region=440882')).total).toBe(0);
    expect((await list('?service=labour-dispute')).cases.map((row) => row.caseId)).toEqual([caseIds[1]]);
    expect((await list('?status=submitted')).total).toBe(3);
    expect((await list('?status=completed')).total).toBe(0);
    const firstDay = new Date(clock.getTime() - 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await list(`?from=${firstDay}&to=${firstDay}`)).total).toBe(2);
    const page2 = await list('?pageSize=2&page=2');
    expect([page2.total, page2.cases.map((row) => row.caseId)]).toEqual([3, [caseIds[0]]]);
    const bad = await client.request('GET', '/staff/api/cases?status=done');
    expect([bad.status, code(bad)]).toEqual([400, 'HUB_BAD_REQUEST']);
  });

  it('shows a case with its form, consents and signature, and audits the viewing', async () => {
    const answer = await client.request('GET', `/staff/api/cases/${caseIds[0]}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      caseId: caseIds[0],
      kioskCode: KIOSK,
      status: 'submitted',
      submission: {
        payload: {
          applicant: { idNumber: '11010519491231002X' },
          fields: { facts: '工资被拖欠三个月' },
          consents: [{ document: 'legal-aid-commitment-v1', agreed: true }],
          attachments: [{ kind: 'signature', sha256: signatureSha }],
        },
      },
      history: [{ status: 'submitted' }],
    });
    const image = await fetch(`${hub.url}/staff/api/cases/${caseIds[0]}/attachments/${signatureSha}`, {
      headers: { cookie: client.cookie! },
    });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(signature);
    // An attachment of another case is not reachable through this one.
    expect((await client.request('GET', `/staff/api/cases/${caseIds[1]}/attachments/${signatureSha}`)).status).toBe(
      404,
    );
    expect((await audit('case.view')).at(-1)).toMatchObject({
      account: 'wang',
      case_id: caseIds[0],
      kiosk_code: KIOSK,
    });
    expect((await audit('case.attachment')).at(-1)).toMatchObject({ case_id: caseIds[0] });
  });

  it('changes a status with a reason that the kiosk reads in its status feed, and audits it', async () => {
    const before = await kiosk.json<StatusFeed>('GET', '/v1/status-updates?after=');
    const refused = await client.request('POST', `/staff/api/cases/${caseIds[1]}/status`, { status: 'rejected' });
    expect([refused.status, code(refused)]).toEqual([400, 'HUB_BAD_REQUEST']);
    const changed = await client.request('POST', `/staff/api/cases/${caseIds[1]}/status`, {
      status: 'completed',
      reason: '已调解结案',
    });
    expect(changed.status).toBe(200);
    const feed = await kiosk.json<StatusFeed>('GET', `/v1/status-updates?after=${before.cursor}`);
    expect(feed.updates).toEqual([
      expect.objectContaining({ caseId: caseIds[1], status: 'completed', reason: '已调解结案' }),
    ]);
    expect((await audit('case.status')).at(-1)).toMatchObject({
      account: 'wang',
      case_id: caseIds[1],
      kiosk_code: KIOSK,
    });
    expect(JSON.parse((await audit('case.status')).at(-1)!.detail)).toEqual({
      from: 'submitted',
      to: 'completed',
      reason: '已调解结案',
      missing: [],
    });
    const detail = await client.request('GET', `/staff/api/cases/${caseIds[1]}`);
    expect(detail.body).toMatchObject({
      status: 'completed',
      history: [{ status: 'submitted' }, { status: 'completed' }],
    });
  });

  it('exports CSV with a BOM for Excel and formulas disarmed', async () => {
    const answer = await client.request('GET', '/staff/api/cases/export.csv?region=440825');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = answer.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('受理编号,办件编号,事项,终端,区划,申请时间,接收时间,状态,原因,申请人,身份证号,电话,地址');
    expect(lines).toHaveLength(5);
    expect(answer.text).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
    expect(answer.text).toContain('已办结,已调解结案,陈阿强');
    expect(JSON.parse((await audit('cases.export')).at(-1)!.detail)).toMatchObject({ rows: 3 });
  });

  it('exports the same cases as an Excel workbook, every cell text', async () => {
    const answer = await client.request('GET', '/staff/api/cases/export.xlsx?region=440825');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    // Python's zipfile, not our own reader: the CRCs check out and the parts are where Excel looks for them.
    const sheet = readZipPart(answer.bytes, 'xl/worksheets/sheet1.xml');
    const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((match) =>
      [...match[2]!.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((cell) => cell[1]),
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual([
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
    ]);
    // A formula stays a string, escaped, without the CSV's apostrophe.
    expect(sheet).toContain('=HYPERLINK(&quot;http://evil&quot;,&quot;点我&quot;)');
    expect(sheet).not.toContain('<f>');
    expect(rows.some((row) => row.includes('已办结') && row.includes('陈阿强'))).toBe(true);
    expect(readZipPart(answer.bytes, '[Content_Types].xml')).toContain('/xl/worksheets/sheet1.xml');
    expect(JSON.parse((await audit('cases.export')).at(-1)!.detail)).toMatchObject({ rows: 3, format: 'xlsx' });
  });

  it('lists bad 好差评 ratings for follow-up until a note resolves them', async () => {
    const [rated] = await submit([
      {
        id: application().id,
        acceptanceNumber: `${KIOSK}-20261207-9001`,
        serviceId: 'legal-aid',
        createdAt: clock.toISOString(),
        payload: {
          kind: 'rating',
          rating: { level: 5, comment: '等待时间长', anonymous: false, acceptanceNumber: 'XW-1', indicators: {} },
        },
      },
      {
        id: application().id,
        acceptanceNumber: `${KIOSK}-20261207-9002`,
        serviceId: 'legal-aid',
        createdAt: clock.toISOString(),
        payload: { kind: 'rating', rating: { level: 1, comment: '', anonymous: false, indicators: {} } },
      },
    ]);
    const reviews = async (query = '') =>
      ((await client.request('GET', `/staff/api/reviews${query}`)).body as { reviews: { submissionId: string }[] })
        .reviews;
    expect(await reviews()).toEqual([
      expect.objectContaining({ submissionId: rated!.id, level: 5, comment: '等待时间长', resolved: false }),
    ]);
    const note = await client.request('POST', `/staff/api/reviews/${rated!.id}/follow-ups`, {
      note: '已电话回访，调整了值班安排',
      resolved: true,
    });
    expect(note.status).toBe(201);
    expect(await reviews()).toEqual([]);
    expect(await reviews('?all=1')).toEqual([
      expect.objectContaining({
        resolved: true,
        followUps: [expect.objectContaining({ account: 'wang', note: '已电话回访，调整了值班安排' })],
      }),
    ]);
    expect(await audit('review.follow-up')).toHaveLength(1);
  });
});

describe('fleet and enrolment tokens', () => {
  it('shows each kiosk with its alerts', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('li');
    const fleet = (await client.request('GET', '/staff/api/fleet')).body as { kiosks: unknown[] };
    expect(fleet.kiosks).toEqual([
      expect.objectContaining({ kioskCode: KIOSK, region: REGION, alerts: ['never-heard'] }),
    ]);
  });

  it('issues, lists and revokes enrolment tokens; a revoked token enrols nothing', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('li');
    const issued = await client.request('POST', '/staff/api/enrolment-tokens', { region: '440825', validMinutes: 120 });
    expect(issued.status).toBe(201);
    const { token } = issued.body as { token: string };
    const sha = createHash('sha256').update(token).digest('hex');
    const list = async () =>
      (
        (await client.request('GET', '/staff/api/enrolment-tokens')).body as {
          tokens: { tokenSha256: string; state: string }[];
        }
      ).tokens;
    expect((await list()).find((row) => row.tokenSha256 === sha)?.state).toBe('valid');
    expect((await client.request('POST', `/staff/api/enrolment-tokens/${sha}/revoke`, {})).status).toBe(200);
    expect((await list()).find((row) => row.tokenSha256 === sha)?.state).toBe('revoked');
    expect((await client.request('POST', `/staff/api/enrolment-tokens/${sha}/revoke`, {})).status).toBe(404);
    const newKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const enrol = await fetch(`${hub.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        kioskCode: 'XW-DEMO-002',
        regionCode: REGION,
        siteName: '示范村党群服务中心',
        siteAddress: '示范村',
        publicKey: newKey,
      }),
    });
    expect(enrol.status).toBe(403);
    expect(enrolAnswerSchema.safeParse(await enrol.json()).success).toBe(false);
    expect((await audit('token.issue')).at(-1)).toMatchObject({ account: 'li' });
    expect(JSON.parse((await audit('token.revoke')).at(-1)!.detail)).toEqual({ tokenSha256: sha });
  });

  it('shows the audit log, newest first, to a fleet admin', async () => {
    const client = new StaffClient(hub.url);
    await client.signIn('li');
    const log = (await client.request('GET', '/staff/api/audit?action=case.status')).body as {
      entries: { account: string; caseId: string }[];
      total: number;
    };
    expect(log.total).toBe(1);
    expect(log.entries[0]).toMatchObject({ account: 'wang', address: '127.0.0.1' });
  });
});

describe('catalogue', () => {
  it('lists versions, rolls one out region by region and withdraws it; a kiosk there is offered what is left', async () => {
    const publisher = new HubStaffClient(hub.url, TOKEN);
    for (const version of [1, 2]) {
      const dir = tempDir();
      buildBundle(dir, {
        catalogue: makeCatalogue(version),
        attachments: {},
        privateKey: catalogueKey.privateKey,
        keyId: catalogueKey.trusted.keyId,
        regions: ['440000'],
        profiles: ['fabaobao'],
        now: clock,
        validDays: 30,
      });
      await publisher.publish(dir);
    }
    await publisher.rollout('test', 1, ['440000']);
    const current = async () =>
      (
        (await (await fetch(`${hub.url}/v1/catalogue/current?region=${REGION}&profile=fabaobao`)).json()) as {
          version: number;
        }
      ).version;
    const client = new StaffClient(hub.url);
    await client.signIn('zhao');
    const versions = (await client.request('GET', '/staff/api/catalogue/versions')).body as {
      versions: { version: number; rolledOutTo: string[] }[];
    };
    expect(versions.versions.map((entry) => [entry.version, entry.rolledOutTo])).toEqual([
      [2, []],
      [1, ['440000']],
    ]);
    const stage1 = await client.request('POST', '/staff/api/catalogue/rollouts', {
      catalogueId: 'test',
      version: 2,
      regions: ['440882'],
    });
    expect(stage1.body).toMatchObject({ version: 2, rolledOutTo: ['440882'] });
    expect(await current()).toBe(1);
    await client.request('POST', '/staff/api/catalogue/rollouts', {
      catalogueId: 'test',
      version: 2,
      regions: ['440825'],
    });
    expect(await current()).toBe(2);
    const back = await client.request('POST', '/staff/api/catalogue/withdrawals', {
      catalogueId: 'test',
      version: 2,
      regions: ['440825'],
    });
    expect(back.body).toMatchObject({ rolledOutTo: ['440882'] });
    expect(await current()).toBe(1);
    const again = await client.request('POST', '/staff/api/catalogue/withdrawals', {
      catalogueId: 'test',
      version: 2,
      regions: ['440825'],
    });
    expect(again.status).toBe(404);
    expect((await audit('catalogue.rollout')).map((row) => row.catalogue_version)).toEqual([2, 2]);
    expect(await audit('catalogue.withdraw')).toEqual([
      expect.objectContaining({ account: 'zhao', catalogue_version: 2 }),
    ]);
  });
});

describe('the console web app', () => {
  it('is served at /console/ with a strict CSP, its assets cacheable, nothing outside its folder', async () => {
    const page = await fetch(`${hub.url}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('控制台');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const asset = await fetch(`${hub.url}/console/assets/index-abc123.js`);
    expect([asset.status, asset.headers.get('content-type'), asset.headers.get('cache-control')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    const redirect = await fetch(`${hub.url}/console`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/console/']);
    for (const probe of ['/console/assets/..%2Findex.html', '/console/assets/%2e%2e/x.js', '/console/hub.sqlite']) {
      expect([probe, (await fetch(`${hub.url}${probe}`)).status]).toEqual([probe, 404]);
    }
  });
});

describe('the accounts tool (npm run hub:account)', () => {
  it("adds an account on the hub's database that can sign in, lists it, and disabling it ends its session", async () => {
    const password = '另一个 long password 2026';
    const added = await hubAccount(hubDir, ['add', 'sun', '--roles', 'fleet_admin'], `${password}\n`);
    expect([added.code, added.stdout.trim(), added.stderr]).toEqual([0, 'added sun (fleet_admin)', '']);
    const again = await hubAccount(hubDir, ['add', 'sun', '--roles', 'case_worker'], `${password}\n`);
    expect([again.code, again.stderr.trim()]).toEqual([2, 'hub:account: account sun exists already']);

    const client = new StaffClient(hub.url);
    const signedIn = await client.signIn('sun', password);
    expect([signedIn.status, signedIn.body]).toEqual([200, expect.objectContaining({ roles: ['fleet_admin'] })]);
    expect((await client.request('GET', '/staff/api/fleet')).status).toBe(200);

    const listed = await hubAccount(hubDir, ['list']);
    expect(listed.stdout.split('\n').find((line) => line.startsWith('sun\t'))).toMatch(/^sun\tfleet_admin\tactive\t/);

    expect((await hubAccount(hubDir, ['disable', 'sun'])).code).toBe(0);
    expect((await client.request('GET', '/staff/api/fleet')).status).toBe(401);
    expect((await new StaffClient(hub.url).signIn('sun', password)).status).toBe(401);
    expect((await audit('account.add')).map((row) => [row.account, JSON.parse(row.detail)])).toEqual([
      ['cli', { name: 'sun', roles: ['fleet_admin'] }],
    ]);
    expect((await audit('account.disable')).map((row) => row.account)).toEqual(['cli']);
  });
});
