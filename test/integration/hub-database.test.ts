// The hub's database layer on the engine of the running project (SQLite in `integration`, a real PostgreSQL in
// `integration-postgres`): migrations (an existing hub.sqlite upgrades with its data, two hubs starting at once
// migrate once, a newer schema is refused), clear errors for a bad or unreachable HUB_DATABASE_URL, and races
// that matter when several requests (or hub instances) write at once: one winner, nothing lost.
import { copyFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqlCatalogueStorage } from '../../hub/catalogue/sql-storage.ts';
import { openHubDatabase } from '../../hub/db/database.ts';
import { MIGRATIONS } from '../../hub/db/migrations/index.ts';
import type { SqlDatabase } from '../../hub/db/sql.ts';
import { SqlEnrolmentStorage, type EnrolResult } from '../../hub/enrolment/storage.ts';
import { SqlFleetStorage } from '../../hub/fleet/storage.ts';
import { SqlSubmissionStorage, type NewSubmission } from '../../hub/intake/storage.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { createTestDatabase, hubEngine } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-database-');

/** A new, empty database on this project's engine. */
async function freshLocation(): Promise<string> {
  return hubEngine() === 'postgres' ? createTestDatabase() : path.join(tempDir(), 'hub.sqlite');
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the database to be refused');
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function submission(id: string, overrides: Partial<NewSubmission> = {}): NewSubmission {
  return {
    id,
    kioskCode: 'XW-001',
    region: '440825100201',
    acceptanceNumber: `AN-${id}`,
    serviceId: 'legal-aid',
    kind: 'application',
    createdAt: '2026-11-22T01:00:00.000Z',
    contentSha256: `sha-of-${id}`,
    submission: JSON.stringify({ id }),
    applicantKey: null,
    rating: null,
    ...overrides,
  };
}

describe('the hub database', () => {
  it(`runs on ${hubEngine()} in this project, with the schema at the newest migration`, async () => {
    const db = await openHubDatabase(await freshLocation());
    try {
      expect(db.dialect).toBe(hubEngine());
      // Counts are numbers on both engines (PostgreSQL's bigint is converted).
      expect(await db.get('SELECT count(*) AS n FROM kiosks')).toEqual({ n: 0 });
      const version =
        db.dialect === 'postgres'
          ? (await db.get<{ version: number }>('SELECT version FROM hub_schema'))!.version
          : (await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version;
      expect(version).toBe(MIGRATIONS.length);
    } finally {
      await db.close();
    }
  });

  it('opens a hub.sqlite made by the hub before PostgreSQL support (schema 5) with every record intact', async () => {
    // test/fixtures/hub-v5.sqlite was written by the storages of commit 7b2cd2c: a published bundle rolled out
    // to two counties, a kiosk, an application and its rating, a status change, a heartbeat, a token.
    const file = path.join(tempDir(), 'hub.sqlite');
    copyFileSync(path.join(ROOT_DIR, 'test/fixtures/hub-v5.sqlite'), file);
    const db = await openHubDatabase(file);
    try {
      const catalogue = new SqlCatalogueStorage(db);
      const bundle = await catalogue.getBundle('v3');
      expect(bundle?.manifest.toString()).toBe('{"manifest":"v3 \u00e9\u6751"}');
      expect(bundle?.files).toEqual([
        { sha256: 'b'.repeat(64), size: 1234 },
        { sha256: 'c'.repeat(64), size: 99 },
      ]);
      expect(await catalogue.rolloutsOf('gd-village', 3)).toEqual(['440825', '440882']);
      expect((await catalogue.rolloutsCovering('440825100201')).map((match) => match.region)).toEqual(['440825']);

      const intake = new SqlSubmissionStorage(db);
      expect(await intake.kiosk('XW-001')).toMatchObject({ region: '440825100201', publicKey: 'PEM-XW-001' });
      expect(await intake.cases({ limit: 10 })).toEqual([
        expect.objectContaining({ caseId: 'GD20261002000001', status: 'accepted', reason: '已受理' }),
      ]);
      const feed = await intake.statusFeed('XW-001', 0, 10);
      expect(feed.updates.map((update) => [update.caseId, update.status])).toEqual([
        ['GD20261002000001', 'submitted'],
        ['GD20261002000002', 'submitted'],
        ['GD20261002000001', 'accepted'],
      ]);
      // The case number sequence goes on where it was.
      expect(await intake.storeBatch([submission('after-upgrade')], '2026-10-02T03:00:00.000Z')).toEqual([
        { kind: 'stored', caseId: 'GD20261002000003' },
      ]);
      expect(
        await db.get('SELECT level_gbt, level_provincial, indicators FROM ratings WHERE rated_acceptance_number = ?', [
          'XW001-20261002-0001',
        ]),
      ).toEqual({ level_gbt: 2, level_provincial: 4, indicators: '{"efficiency":1}' });

      const fleet = new SqlFleetStorage(db, path.join(tempDir(), 'logs'));
      expect(await fleet.fleet()).toEqual([
        expect.objectContaining({ kioskCode: 'XW-001', health: { kioskCode: 'XW-001', paper: 'ok' } }),
      ]);
      const enrolment = new SqlEnrolmentStorage(db);
      expect(
        await enrolment.enrol({
          tokenSha256: '1'.repeat(64),
          kioskCode: 'XW-002',
          regionCode: '440825100202',
          siteName: '示范村',
          siteAddress: '1号',
          publicKey: 'PEM-XW-002',
          at: '2026-10-05T00:00:00.000Z',
        }),
      ).toEqual({ kind: 'enrolled', enrolledAt: '2026-10-05T00:00:00.000Z' });
    } finally {
      await db.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('refuses a database whose schema is newer than this hub, with HUB_DB_TOO_NEW, and leaves it alone', async () => {
    const location = await freshLocation();
    const db = await openHubDatabase(location);
    if (db.dialect === 'postgres') await db.run('UPDATE hub_schema SET version = ?', [MIGRATIONS.length + 1]);
    else await db.run(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    await db.run(
      `INSERT INTO kiosks (code, region, public_key, enrolled_at) VALUES ('XW-9', '440825100201', 'k', 'now')`,
    );
    await db.close();
    expect(await codeOf(openHubDatabase(location))).toBe('HUB_DB_TOO_NEW');
    if (hubEngine() === 'sqlite') {
      const check = new Database(location, { readonly: true });
      expect(check.prepare('SELECT code FROM kiosks').all()).toEqual([{ code: 'XW-9' }]);
      check.close();
    }
  });

  it('migrates once when two hubs start on one empty database at the same moment', async () => {
    const location = await freshLocation();
    const [one, two] = await Promise.all([openHubDatabase(location), openHubDatabase(location)]);
    try {
      if (one.dialect === 'postgres') {
        expect(await one.query('SELECT version FROM hub_schema')).toEqual([{ version: MIGRATIONS.length }]);
      }
      await one.run(`INSERT INTO kiosks (code, region, public_key, enrolled_at) VALUES ('A', '4408', 'k', 'x')`);
      expect(await two.get('SELECT code FROM kiosks')).toEqual({ code: 'A' });
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('says HUB_DB_URL for a HUB_DATABASE_URL that is not one, and HUB_DB_UNREACHABLE when nothing answers', async () => {
    for (const url of ['postgres://', 'postgres://db.example', 'postgres://user@:5432/hub', 'postgresql://[::1/hub']) {
      expect(await codeOf(openHubDatabase(url)), url).toBe('HUB_DB_URL');
    }
    const port = await closedPort();
    expect(await codeOf(openHubDatabase(`postgres://hub@127.0.0.1:${port}/hub`))).toBe('HUB_DB_UNREACHABLE');
  });
});

describe('writes that race', () => {
  const withDatabase = async (work: (db: SqlDatabase) => Promise<void>) => {
    const db = await openHubDatabase(await freshLocation());
    try {
      // Open the pool's connections first, so the racing transactions start together instead of one per new
      // connection.
      await Promise.all(Array.from({ length: 10 }, () => db.get('SELECT 1 AS one')));
      await work(db);
    } finally {
      await db.close();
    }
  };

  it('lets exactly one of many kiosks racing with one enrolment token in', async () => {
    await withDatabase(async (db) => {
      const storage = new SqlEnrolmentStorage(db);
      await storage.putToken({
        tokenSha256: 't'.repeat(64),
        region: '440825',
        regionPrefix: '440825',
        rekeyKioskCode: null,
        issuedAt: '2026-11-22T00:00:00.000Z',
        expiresAt: '2026-11-23T00:00:00.000Z',
      });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          storage.enrol({
            tokenSha256: 't'.repeat(64),
            kioskCode: `XW-${index}`,
            regionCode: '440825100201',
            siteName: '示范村',
            siteAddress: '1号',
            publicKey: `key-${index}`,
            at: '2026-11-22T01:00:00.000Z',
          }),
        ),
      );
      const kinds = results.map((result: EnrolResult) => result.kind);
      expect(kinds.filter((kind) => kind === 'enrolled')).toHaveLength(1);
      expect(kinds.filter((kind) => kind === 'token-used')).toHaveLength(7);
      const kiosks = await db.query<{ code: string }>('SELECT code FROM kiosks');
      const winner = kinds.indexOf('enrolled');
      expect(kiosks).toEqual([{ code: `XW-${winner}` }]);
      expect(await db.get('SELECT used_by_kiosk FROM enrolment_tokens')).toEqual({ used_by_kiosk: `XW-${winner}` });
    });
  });

  it('stores a submission sent in several batches at once exactly once, and numbers racing batches without gaps', async () => {
    await withDatabase(async (db) => {
      const storage = new SqlSubmissionStorage(db);
      const at = '2026-11-22T02:00:00.000Z';
      const same = submission('same-id');
      const repeats = await Promise.all(Array.from({ length: 6 }, () => storage.storeBatch([same], at)));
      const caseIds = new Set(
        repeats.map(([outcome]) => (outcome?.kind === 'conflict' ? 'conflict' : outcome?.caseId)),
      );
      expect([...caseIds]).toEqual(['GD20261122000001']);
      expect(repeats.filter(([outcome]) => outcome?.kind === 'stored')).toHaveLength(1);
      expect(await db.get('SELECT count(*) AS n FROM status_events')).toEqual({ n: 1 });

      // Ten kiosks' batches of five at the same moment: fifty cases, numbered 2…51 with none twice or lost.
      const batches = await Promise.all(
        Array.from({ length: 10 }, (_, batch) =>
          storage.storeBatch(
            Array.from({ length: 5 }, (_, item) => submission(`b${batch}-${item}`, { kioskCode: `K-${batch}` })),
            at,
          ),
        ),
      );
      const numbers = batches
        .flat()
        .map((outcome) => (outcome.kind === 'stored' ? Number(outcome.caseId.slice(-6)) : -1))
        .sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, index) => index + 2));
      expect(await db.get('SELECT count(*) AS n FROM submissions')).toEqual({ n: 51 });
      expect(await db.get('SELECT count(*) AS n FROM status_events')).toEqual({ n: 51 });
    });
  });

  it('spends a nonce only while the kiosk row has the key and region it was checked against', async () => {
    await withDatabase(async (db) => {
      const intake = new SqlSubmissionStorage(db);
      const kiosk = { code: 'XW-N', region: '440825100201', publicKey: 'key-1' };
      const forgetBefore = '2026-11-22T00:00:00.000Z';
      const at = '2026-11-22T03:00:00.000Z';
      expect(await intake.useNonce(kiosk, 'nonce-01', at, forgetBefore)).toBe(false); // not enrolled
      await intake.putKiosk(kiosk, at);
      expect(await intake.useNonce(kiosk, 'nonce-01', at, forgetBefore)).toBe(true);
      expect(await intake.useNonce(kiosk, 'nonce-01', at, forgetBefore)).toBe(false); // replay
      expect(await intake.useNonce({ ...kiosk, publicKey: 'key-0' }, 'nonce-02', at, forgetBefore)).toBe(false);
      expect(await intake.useNonce({ ...kiosk, region: '440825100202' }, 'nonce-03', at, forgetBefore)).toBe(false);
      await intake.revokeKiosk(kiosk.code, at);
      expect(await intake.useNonce(kiosk, 'nonce-04', at, forgetBefore)).toBe(false);
      expect(await db.get('SELECT count(*) AS n FROM kiosk_nonces')).toEqual({ n: 1 });
    });
  });

  it('keeps every heartbeat and nonce of kiosks writing at once', async () => {
    await withDatabase(async (db) => {
      const intake = new SqlSubmissionStorage(db);
      const fleet = new SqlFleetStorage(db, path.join(tempDir(), 'logs'));
      const codes = Array.from({ length: 20 }, (_, index) => `K-${String(index).padStart(2, '0')}`);
      const kioskOf = (code: string) => ({ code, region: '440825100201', publicKey: 'k' });
      for (const code of codes) await intake.putKiosk(kioskOf(code), 'then');
      const at = '2026-11-22T03:00:00.000Z';
      const nonceAnswers = await Promise.all([
        ...codes.map((code) => fleet.recordHeartbeat(code, at, { code }).then(() => true)),
        ...codes.map((code) => intake.useNonce(kioskOf(code), 'n-1', at, '2026-11-22T00:00:00.000Z')),
        ...codes.map((code) => intake.useNonce(kioskOf(code), 'n-1', at, '2026-11-22T00:00:00.000Z')),
      ]);
      // Each kiosk's nonce is new once and a replay once.
      expect(nonceAnswers.slice(codes.length).filter(Boolean)).toHaveLength(codes.length);
      const fleetView = await fleet.fleet();
      // Same time for all: ordered by code, the same on both engines (C collation).
      expect(fleetView.map((entry) => entry.kioskCode)).toEqual(codes);
      expect(fleetView.every((entry) => entry.lastHeartbeatAt === at)).toBe(true);
      // The relaxed writes (no fsync each on SQLite) leave the connection syncing in full for everything else.
      if (db.dialect === 'sqlite') expect(await db.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    });
  });
});
