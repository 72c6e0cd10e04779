// A real kiosk core against a real hub on loopback, with the catalogue poll an hour away: a rollout reaches the
// kiosk through its event stream within the test, also when made through another hub on the same database;
// while the stream is up the kiosk polls hourly and when it drops it goes back to its configured interval; a
// kiosk whose stream was down during a rollout gets it as soon as it reconnects.
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../core/bootstrap.ts';
import { CatalogueChangeListener } from '../../core/catalogue/change-listener.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import type { CatalogueEvent } from '../../core/protocol/catalogue.ts';
import { type Hub, type HubScaleOptions } from '../../hub/server.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { FIXTURE_REGION, makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { fullBundle, signingKey } from '../helpers/catalogue-kiosk.ts';
import { startTestCore, testDevices } from '../helpers/kiosk-host.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('catalogue-events-kiosk-');
const TOKEN = 'staff-token-for-kiosk-events';
const staffKey = signingKey('gd-2026-1');
const POLL_SECONDS = 600;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newHub(dataDir: string, scale: HubScaleOptions = {}, port = 0): Promise<Hub> {
  const hub = await startTestHub({
    dataDir,
    port,
    staffTokens: [TOKEN],
    trustedKeys: [staffKey.trusted],
    log: silentLogger(),
    scale,
  });
  cleanups.push(() => hub.close());
  return hub;
}

async function publishAndRollOut(hub: Hub, version: number): Promise<void> {
  const dir = fullBundle(tempDir(), makeCatalogue(version), { key: staffKey, regions: ['440000'] });
  const client = new HubStaffClient(hub.url, TOKEN);
  await client.publish(dir);
  await client.rollout(makeCatalogue(version).catalogueId, version, ['440825']);
}

function kioskCore(hub: Hub): KioskCore {
  const core = startTestCore(tempDir(), {
    ...testDevices(),
    regionCode: FIXTURE_REGION,
    catalogue: { hubUrl: hub.url, pollSeconds: POLL_SECONDS, trustedKeys: [staffKey.trusted], seedFile: null },
  });
  cleanups.push(() => core.close());
  return core;
}

function installed(core: KioskCore): number | null {
  const result = core.updater?.lastResult;
  return result && result.outcome !== 'failed' ? result.version : null;
}

describe('catalogue events at the kiosk', () => {
  it('installs a rollout as soon as it is made, polling only hourly while the stream is up', async () => {
    const hub = await newHub(tempDir());
    await publishAndRollOut(hub, 1);
    const core = kioskCore(hub);
    await expect.poll(() => installed(core), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => core.updater!.pollInterval, { timeout: 15_000 }).toBe(3_600);

    // The next poll is an hour away: only the stream can bring version 2 in time.
    await publishAndRollOut(hub, 2);
    await expect.poll(() => installed(core), { timeout: 15_000 }).toBe(2);
    expect(core.updater!.lastResult).toMatchObject({ outcome: 'installed', version: 2 });

    // The stream drops with the hub: back to the configured interval.
    await hub.close();
    await expect.poll(() => core.updater!.pollInterval, { timeout: 15_000 }).toBe(POLL_SECONDS);
  });

  it('installs a rollout made through another hub on the same database', async () => {
    const dataDir = tempDir();
    const kioskHub = await newHub(dataDir, { eventCheckMs: 200 });
    const staffHub = await newHub(dataDir);
    await publishAndRollOut(staffHub, 1);
    const core = kioskCore(kioskHub);
    await expect.poll(() => installed(core), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => core.updater!.pollInterval, { timeout: 15_000 }).toBe(3_600);
    await publishAndRollOut(staffHub, 2);
    await expect.poll(() => installed(core), { timeout: 15_000 }).toBe(2);
  });

  it('reconnects after the hub restarts and hears at once of the rollout it missed', async () => {
    const dataDir = tempDir();
    const scale = { eventRetryMs: 100 };
    const hub = await newHub(dataDir, scale);
    const port = Number(new URL(hub.url).port);
    await publishAndRollOut(hub, 1);
    const events: CatalogueEvent[] = [];
    const states: boolean[] = [];
    const listener = new CatalogueChangeListener({
      hubUrl: hub.url,
      regionCode: FIXTURE_REGION,
      profile: 'fabaobao',
      log: silentLogger(),
      onChange: (event) => events.push(event),
      onStreamState: (up) => states.push(up),
      minDelayMs: 50,
      maxDelayMs: 200,
    });
    listener.start();
    cleanups.push(() => listener.stop());
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    expect(events[0]).toMatchObject({ version: 1 });

    await hub.close();
    await expect.poll(() => states.at(-1), { timeout: 10_000 }).toBe(false);
    // A rollout while this kiosk's stream is down (through a hub on another port, the same database).
    const other = await newHub(dataDir);
    await publishAndRollOut(other, 2);
    await other.close();
    await newHub(dataDir, scale, port);
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(2);
    expect(events[1]).toMatchObject({ version: 2 });
    expect(states).toEqual([true, false, true]);
    await listener.stop();
    expect(listener.connected).toBe(false);
  });
});
