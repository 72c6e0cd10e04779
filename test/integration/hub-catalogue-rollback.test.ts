// Rolling a catalogue back from the staff console at a real hub on 127.0.0.1: kiosks never step down to a lower
// version, so the hub publishes the content of the older version (items and files) as the next version, signed
// with its own key, rolled out where the bad version is. A kiosk (real updater, real SQLite cache) that installed
// the bad version installs the rollback and the item the bad version added is gone again. Refusals: no such
// version, content that is already current, nowhere to roll back to, no key on the hub; the audit row.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../core/catalogue/schema.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import { hubErrorBodySchema } from '../../core/protocol/errors.ts';
import type { Hub } from '../../hub/server.ts';
import { FIXTURE_REGION, makeCatalogue, makeItem } from '../helpers/catalogue-fixture.ts';
import { catalogueKiosk, fullBundle, signingKey, type TestKiosk } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { addStaffAccounts, StaffClient, type StaffAnswer } from '../helpers/staff-console.ts';
import { useTempDir } from '../helpers/temp.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';

const tempDir = useTempDir('hub-catalogue-rollback-');
const TOKEN = 'staff-bearer-token';
const offlineKey = signingKey('gd-2026-1');
const hubKey = signingKey('gd-hub-2026-1');
const FORM = 'attachments/申请表.pdf';
const goodForm = Buffer.from('%PDF-1.4 申请表 第一版');
const badForm = Buffer.from('%PDF-1.4 申请表 有错的一版');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const code = (answer: StaffAnswer) => hubErrorBodySchema.parse(answer.body).error.code;
const message = (answer: StaffAnswer) => hubErrorBodySchema.parse(answer.body).error.message;

const good = makeCatalogue(1);
// The bad version adds an item (and changes the form) that must disappear again.
const bad: Catalogue = {
  ...good,
  version: 2,
  items: [
    ...good.items,
    makeItem({ id: 'fishing-boat-dispute', categoryId: good.items[0]!.categoryId, title: '渔船纠纷调解' }),
  ],
};

let hub: Hub;
let hubDir: string;
let editor: StaffClient;
let staff: HubStaffClient;
let kiosk: TestKiosk;

async function startHub(dataDir: string, withKey: boolean): Promise<Hub> {
  await addStaffAccounts(dataDir, { zhao: ['catalogue_editor'] });
  const started = await startTestHub({
    dataDir,
    staffTokens: [TOKEN],
    trustedKeys: [offlineKey.trusted, hubKey.trusted],
    log: silentLogger(),
    ...(withKey ? { catalogueKey: { keyId: hubKey.trusted.keyId, privateKey: hubKey.privateKey } } : {}),
  });
  // Version 1 built and signed offline, as kioskctl does, and rolled out to the kiosk's county.
  const client = new HubStaffClient(started.url, TOKEN);
  await client.publish(fullBundle(tempDir(), good, { key: offlineKey, attachments: { [FORM]: goodForm } }));
  await client.rollout('test', 1, ['440825']);
  return started;
}

const rollback = (body: Record<string, unknown>) =>
  editor.request('POST', '/staff/api/catalogue/rollbacks', { catalogueId: 'test', ...body });

beforeAll(async () => {
  hubDir = tempDir();
  hub = await startHub(hubDir, true);
  staff = new HubStaffClient(hub.url, TOKEN);
  editor = new StaffClient(hub.url);
  expect((await editor.signIn('zhao')).status).toBe(200);
  kiosk = catalogueKiosk(tempDir(), hub.url, [offlineKey.trusted, hubKey.trusted], { regionCode: FIXTURE_REGION });
  expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: 1 });
});

afterAll(async () => {
  kiosk?.close();
  await hub?.close();
});

describe('rolling a catalogue back from the console', () => {
  it('refuses a version that does not exist and content that is already the newest', async () => {
    const missing = await rollback({ toVersion: 9 });
    expect([missing.status, code(missing)]).toEqual([404, 'HUB_NOT_FOUND']);
    expect(message(missing)).toContain('no published version 9');
    const current = await rollback({ toVersion: 1 });
    expect([current.status, code(current)]).toEqual([409, 'HUB_BAD_REQUEST']);
    expect(message(current)).toContain('already has the content of version 1');
  });

  it('refuses when no newer version is rolled out anywhere and no regions are named', async () => {
    await staff.publish(fullBundle(tempDir(), bad, { key: offlineKey, attachments: { [FORM]: badForm } }));
    const nowhere = await rollback({ toVersion: 1 });
    expect([nowhere.status, code(nowhere)]).toEqual([409, 'HUB_BAD_REQUEST']);
    expect(message(nowhere)).toContain('name the regions');
    // Nothing was published by the refusals.
    const versions = (await editor.request('GET', '/staff/api/catalogue/versions')).body as {
      versions: { version: number }[];
    };
    expect(versions.versions.map((entry) => entry.version)).toEqual([2, 1]);
  });

  it('publishes the old content as the next version where the bad one is out; the kiosk installs it', async () => {
    await staff.rollout('test', 2, ['440825', '440882']);
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: 2 });
    expect(kiosk.store.catalogue()!.items.some((item) => item.id === 'fishing-boat-dispute')).toBe(true);

    const rolledBack = await rollback({ toVersion: 1 });
    expect(rolledBack.status).toBe(201);
    expect(rolledBack.body).toMatchObject({
      catalogueId: 'test',
      version: 3,
      keyId: 'gd-hub-2026-1',
      rolledOutTo: ['440825', '440882'],
      fromVersion: 2,
      toContentOf: 1,
    });

    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: 3 });
    const installed = kiosk.store.catalogue()!;
    expect(installed.items).toEqual(good.items);
    expect(installed.items.some((item) => item.id === 'fishing-boat-dispute')).toBe(false);
    const files = kiosk.bundles.rebuild([offlineKey.trusted, hubKey.trusted], 3)!.files;
    expect(files.find((file) => file.path === FORM)?.sha256).toBe(sha256(goodForm));

    // Version 3 now holds version 1's content: a second rollback to 1 has nothing to do.
    const again = await rollback({ toVersion: 1 });
    expect([again.status, message(again)]).toEqual([409, expect.stringContaining('already has the content')]);
  });

  it('rolls out only to the regions the editor names', async () => {
    const picked = await rollback({ toVersion: 2, regions: ['440882'] });
    expect(picked.status).toBe(201);
    expect(picked.body).toMatchObject({ version: 4, rolledOutTo: ['440882'], fromVersion: 3, toContentOf: 2 });
    // The kiosk's county (440825) was not named: it stays on version 3.
    expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'up-to-date' });
    expect(kiosk.store.catalogue()!.version).toBe(3);
  });

  it('records each rollback in the audit log', async () => {
    const db = await openTestHubDatabase(hubDir);
    const rows = await db
      .query<{ account: string; catalogue_version: number; detail: string }>(
        "SELECT account, catalogue_version, detail FROM staff_audit WHERE action = 'catalogue.rollback' ORDER BY id",
      )
      .finally(() => db.close());
    expect(rows.map((row) => [row.account, row.catalogue_version, JSON.parse(row.detail)])).toEqual([
      [
        'zhao',
        3,
        {
          catalogueId: 'test',
          fromVersion: 2,
          toContentOf: 1,
          regions: ['440825', '440882'],
          keyId: 'gd-hub-2026-1',
        },
      ],
      ['zhao', 4, { catalogueId: 'test', fromVersion: 3, toContentOf: 2, regions: ['440882'], keyId: 'gd-hub-2026-1' }],
    ]);
  });

  it('refuses on a hub without a catalogue key', async () => {
    const readOnly = await startHub(tempDir(), false);
    try {
      const client = new StaffClient(readOnly.url);
      await client.signIn('zhao');
      const refused = await client.request('POST', '/staff/api/catalogue/rollbacks', {
        catalogueId: 'test',
        toVersion: 1,
        regions: ['440825'],
      });
      expect([refused.status, code(refused)]).toEqual([409, 'HUB_BAD_REQUEST']);
      expect(message(refused)).toContain('HUB_CATALOGUE_KEY');
    } finally {
      await readOnly.close();
    }
  });
});
