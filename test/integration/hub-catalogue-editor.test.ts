// The staff console's catalogue editor at a real hub on 127.0.0.1: with its own catalogue key (trusted like any
// other) the hub checks an edition against the catalogue schema, signs it as the next version and publishes it;
// rolled out, a kiosk's updater (real SQLite cache) verifies and installs it. Refusals: an invalid item (named
// by its id and field), an edition begun from an older version, no key on the hub, a key the hub does not trust.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../core/catalogue/bundle.ts';
import type { ServiceItem } from '../../core/catalogue/schema.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import { hubErrorBodySchema } from '../../core/protocol/errors.ts';
import type { Hub } from '../../hub/server.ts';
import { FIXTURE_REGION, makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { catalogueKiosk, signingKey } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { addStaffAccounts, StaffClient, type StaffAnswer } from '../helpers/staff-console.ts';
import { useTempDir } from '../helpers/temp.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';

const tempDir = useTempDir('hub-catalogue-editor-');
const TOKEN = 'staff-bearer-token';
const offlineKey = signingKey('gd-2026-1');
const hubKey = signingKey('gd-hub-2026-1');
const code = (answer: StaffAnswer) => hubErrorBodySchema.parse(answer.body).error.code;

let hub: Hub;
let hubDir: string;
let editor: StaffClient;

async function startWithCatalogue(key: typeof hubKey | null, dataDir: string): Promise<Hub> {
  await addStaffAccounts(dataDir, { zhao: ['catalogue_editor'] });
  const started = await startTestHub({
    dataDir,
    staffTokens: [TOKEN],
    trustedKeys: [offlineKey.trusted, hubKey.trusted],
    log: silentLogger(),
    ...(key ? { catalogueKey: { keyId: key.trusted.keyId, privateKey: key.privateKey } } : {}),
  });
  // Version 1 built and signed offline, as kioskctl does.
  const dir = tempDir();
  buildBundle(dir, {
    catalogue: makeCatalogue(1),
    attachments: {},
    privateKey: offlineKey.privateKey,
    keyId: offlineKey.trusted.keyId,
    regions: ['440000'],
    profiles: ['fabaobao', 'yuezizhu'],
    now: new Date(),
    validDays: 30,
  });
  await new HubStaffClient(started.url, TOKEN).publish(dir);
  return started;
}

beforeAll(async () => {
  hubDir = tempDir();
  hub = await startWithCatalogue(hubKey, hubDir);
  editor = new StaffClient(hub.url);
  expect((await editor.signIn('zhao')).status).toBe(200);
});

afterAll(async () => {
  await hub?.close();
});

describe('the catalogue editor', () => {
  it('gives the newest catalogue to edit and says the hub can sign', async () => {
    const draft = await editor.request('GET', '/staff/api/catalogue/draft');
    expect(draft.body).toMatchObject({
      catalogue: { catalogueId: 'test', version: 1 },
      regions: ['440000'],
      canPublish: true,
      keyId: 'gd-hub-2026-1',
    });
  });

  it('refuses an invalid item by its id and field, and an edition begun from an older version', async () => {
    const { catalogue } = (await editor.request('GET', '/staff/api/catalogue/draft')).body as {
      catalogue: { items: ServiceItem[] };
    };
    const item = catalogue.items[0]!;
    const empty = await editor.request('POST', '/staff/api/catalogue/editions', {
      catalogueId: 'test',
      baseVersion: 1,
      items: [{ ...item, title: ' ' }],
      removeIds: [],
    });
    expect([empty.status, code(empty)]).toEqual([400, 'HUB_BAD_REQUEST']);
    expect((empty.body as { error: { message: string } }).error.message).toMatch(
      new RegExp(`^item ${item.id}\\.title: `),
    );
    const stale = await editor.request('POST', '/staff/api/catalogue/editions', {
      catalogueId: 'test',
      // Someone else's edition: this hub's newest is version 1.
      baseVersion: 2,
      items: [item],
      removeIds: [],
    });
    expect([stale.status, code(stale)]).toEqual([409, 'HUB_VERSION_NOT_NEWER']);
  });

  it('signs an edition as the next version with the hub key; rolled out, a kiosk installs it', async () => {
    const { catalogue } = (await editor.request('GET', '/staff/api/catalogue/draft')).body as {
      catalogue: { items: ServiceItem[] };
    };
    const item = catalogue.items[0]!;
    const added: ServiceItem = { ...item, id: 'fishing-boat-dispute', title: '渔船纠纷调解', synonyms: ['渔船'] };
    const published = await editor.request('POST', '/staff/api/catalogue/editions', {
      catalogueId: 'test',
      baseVersion: 1,
      items: [{ ...item, title: `${item.title}（新）` }, added],
      removeIds: [],
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ catalogueId: 'test', version: 2, keyId: 'gd-hub-2026-1', rolledOutTo: [] });

    const rolledOut = await editor.request('POST', '/staff/api/catalogue/rollouts', {
      catalogueId: 'test',
      version: 2,
      regions: ['440825'],
    });
    expect(rolledOut.status).toBe(200);
    // The kiosk trusts the hub's key as it trusts the offline one (from enrolment or its config).
    const kiosk = catalogueKiosk(tempDir(), hub.url, [offlineKey.trusted, hubKey.trusted], {
      regionCode: FIXTURE_REGION,
    });
    try {
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: 2 });
      const installed = kiosk.store.catalogue()!;
      expect(installed.items.find((entry) => entry.id === item.id)?.title).toBe(`${item.title}（新）`);
      expect(installed.items.find((entry) => entry.id === 'fishing-boat-dispute')?.title).toBe('渔船纠纷调解');
    } finally {
      kiosk.close();
    }

    const removed = await editor.request('POST', '/staff/api/catalogue/editions', {
      catalogueId: 'test',
      baseVersion: 2,
      items: [],
      removeIds: ['fishing-boat-dispute'],
    });
    expect(removed.body).toMatchObject({ version: 3 });

    const db = await openTestHubDatabase(hubDir);
    const rows = await db
      .query<{ account: string; catalogue_version: number; detail: string }>(
        "SELECT account, catalogue_version, detail FROM staff_audit WHERE action = 'catalogue.publish' ORDER BY id",
      )
      .finally(() => db.close());
    expect(rows.map((row) => [row.account, row.catalogue_version])).toEqual([
      ['zhao', 2],
      ['zhao', 3],
    ]);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({
      changed: [item.id, 'fishing-boat-dispute'],
      keyId: 'gd-hub-2026-1',
    });
  });

  it('only reads on a hub without a catalogue key', async () => {
    const readOnly = await startWithCatalogue(null, tempDir());
    try {
      const client = new StaffClient(readOnly.url);
      await client.signIn('zhao');
      const draft = (await client.request('GET', '/staff/api/catalogue/draft')).body as {
        catalogue: { items: ServiceItem[] };
      };
      expect(draft).toMatchObject({ canPublish: false, keyId: null });
      const refused = await client.request('POST', '/staff/api/catalogue/editions', {
        catalogueId: 'test',
        baseVersion: 1,
        items: [draft.catalogue.items[0]],
        removeIds: [],
      });
      expect(refused.status).toBe(409);
      expect((refused.body as { error: { message: string } }).error.message).toContain('HUB_CATALOGUE_KEY');
    } finally {
      await readOnly.close();
    }
  });

  it('will not start with a catalogue key kiosks would not trust', async () => {
    const stranger = signingKey('gd-hub-2026-1');
    await expect(
      startTestHub({
        dataDir: tempDir(),
        staffTokens: [TOKEN],
        trustedKeys: [hubKey.trusted],
        log: silentLogger(),
        catalogueKey: { keyId: 'gd-hub-2026-1', privateKey: stranger.privateKey },
      }),
    ).rejects.toThrow('does not match the trusted public key');
    await expect(
      startTestHub({
        dataDir: tempDir(),
        staffTokens: [TOKEN],
        trustedKeys: [offlineKey.trusted],
        log: silentLogger(),
        catalogueKey: { keyId: 'gd-hub-2026-1', privateKey: hubKey.privateKey },
      }),
    ).rejects.toThrow('is not among the trusted keys');
  });
});
