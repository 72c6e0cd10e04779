// The hub's catalogue event stream on loopback: a kiosk's stream hears of a rollout to its area (and not of one
// elsewhere), a reconnecting kiosk that missed a rollout hears of it at once while one that is up to date hears
// nothing, a rollout through a second hub on the same database reaches streams on the first, idle streams get
// keep-alive comments, and streams beyond HUB_MAX_STREAMS are refused with 503 HUB_BUSY and Retry-After.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStreamParser } from '../../core/catalogue/change-listener.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import { catalogueEventSchema, type CatalogueEvent } from '../../core/protocol/catalogue.ts';
import { type Hub, type HubOptions } from '../../hub/server.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { FIXTURE_REGION, makeCatalogue } from '../helpers/catalogue-fixture.ts';
import { fullBundle, signingKey } from '../helpers/catalogue-kiosk.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-events-');
const TOKEN = 'staff-token-for-events-0123456789';
const staffKey = signingKey('gd-2026-1');
const GUANGZHOU_VILLAGE = '440103100201'; // another prefecture than FIXTURE_REGION (徐闻县)

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newHub(dataDir = tempDir(), overrides: Partial<HubOptions> = {}): Promise<Hub> {
  const hub = await startTestHub({
    dataDir,
    staffTokens: [TOKEN],
    trustedKeys: [staffKey.trusted],
    log: silentLogger(),
    ...overrides,
  });
  cleanups.push(() => hub.close());
  return hub;
}

/** Publishes catalogue `version` (built for the whole province) and rolls it out to `regions`. */
async function publishAndRollOut(hub: Hub, version: number, regions: string[]): Promise<void> {
  const dir = fullBundle(tempDir(), makeCatalogue(version), { key: staffKey, regions: ['440000'] });
  const client = new HubStaffClient(hub.url, TOKEN);
  await client.publish(dir);
  await client.rollout(makeCatalogue(version).catalogueId, version, regions);
}

interface Received {
  id: string | null;
  event: string;
  data: CatalogueEvent;
}

interface TestStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  retry: number[];
  comments: () => number;
  /** Resolves with the next event not yet taken. */
  next(): Promise<Received>;
  /** Events received and not yet taken. */
  pending(): Received[];
  close(): void;
}

function openStream(hub: Hub, region: string, lastEventId?: string): Promise<TestStream> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/v1/catalogue/events?region=${region}&profile=fabaobao`, hub.url);
    const req = http.get(url, { headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {} }, (res) => {
      const queue: Received[] = [];
      const waiting: ((event: Received) => void)[] = [];
      const retry: number[] = [];
      let comments = 0;
      let body = '';
      const parser = new EventStreamParser(
        (event) => {
          const received = {
            id: event.id,
            event: event.event,
            data: catalogueEventSchema.parse(JSON.parse(event.data)),
          };
          const waiter = waiting.shift();
          if (waiter) waiter(received);
          else queue.push(received);
        },
        (ms) => retry.push(ms),
      );
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        body += text;
        comments += (text.match(/^: keep-alive$/gm) ?? []).length;
        parser.push(text);
      });
      const stream: TestStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body;
        },
        retry,
        comments: () => comments,
        next: () => new Promise((take) => (queue.length > 0 ? take(queue.shift()!) : waiting.push(take))),
        pending: () => [...queue],
        close: () => req.destroy(),
      };
      cleanups.push(() => {
        req.destroy();
      });
      resolve(stream);
    });
    req.on('error', reject);
  });
}

describe('catalogue events', () => {
  it('tells a stream what is current on connecting, then of a rollout to its area but not of one elsewhere', async () => {
    const hub = await newHub();
    const stream = await openStream(hub, FIXTURE_REGION);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toBe('no-store');
    expect(await stream.next()).toEqual({ id: 'none', event: 'catalogue', data: null });
    expect(stream.retry).toEqual([10_000]);

    const catalogueId = makeCatalogue(1).catalogueId;
    await publishAndRollOut(hub, 1, ['440103']); // Guangzhou only: not this kiosk's area
    await publishAndRollOut(hub, 2, ['440825']); // its county
    const event = await stream.next();
    expect(event).toEqual({ id: `${catalogueId}:2`, event: 'catalogue', data: { catalogueId, version: 2 } });
    // The Guangzhou rollout came first, yet told this stream nothing.
    expect(stream.pending()).toEqual([]);

    const guangzhou = await openStream(hub, GUANGZHOU_VILLAGE);
    expect((await guangzhou.next()).data).toEqual({ catalogueId, version: 1 });
  });

  it('gives a reconnecting kiosk a rollout it missed at once, and one that is up to date nothing', async () => {
    const hub = await newHub();
    await publishAndRollOut(hub, 1, ['440000']);
    const catalogueId = makeCatalogue(1).catalogueId;
    const first = await openStream(hub, FIXTURE_REGION);
    const seen = await first.next();
    expect(seen.id).toBe(`${catalogueId}:1`);
    first.close();

    // Back with the id it last saw and nothing new: only the retry field, then the next rollout.
    const upToDate = await openStream(hub, FIXTURE_REGION, seen.id!);
    expect(upToDate.status).toBe(200);
    // Away again; a rollout happens meanwhile.
    upToDate.close();
    await publishAndRollOut(hub, 2, ['440000']);
    const missed = await openStream(hub, FIXTURE_REGION, seen.id!);
    expect(await missed.next()).toMatchObject({ id: `${catalogueId}:2`, data: { version: 2 } });

    // The up-to-date stream's first event is a later rollout, not a repeat of what it knew.
    const current = await openStream(hub, FIXTURE_REGION, `${catalogueId}:2`);
    await publishAndRollOut(hub, 3, ['440000']);
    expect(await current.next()).toMatchObject({ id: `${catalogueId}:3` });
  });

  it('hears of a rollout made through another hub on the same database', async () => {
    const dataDir = tempDir();
    const listening = await newHub(dataDir, { scale: { eventCheckMs: 100 } });
    const other = await newHub(dataDir);
    const stream = await openStream(listening, FIXTURE_REGION);
    expect((await stream.next()).data).toBeNull();
    await publishAndRollOut(other, 1, ['440825']);
    expect((await stream.next()).data).toEqual({ catalogueId: makeCatalogue(1).catalogueId, version: 1 });
  });

  it('keeps idle streams open with comments', async () => {
    const hub = await newHub(tempDir(), { scale: { eventKeepAliveMs: 50 } });
    const stream = await openStream(hub, FIXTURE_REGION);
    await stream.next();
    await expect.poll(() => stream.comments(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  });

  it('refuses streams beyond the cap with 503 HUB_BUSY and Retry-After, and takes one again when one closes', async () => {
    const hub = await newHub(tempDir(), { scale: { maxStreams: 2 } });
    const a = await openStream(hub, FIXTURE_REGION);
    await openStream(hub, GUANGZHOU_VILLAGE);
    const refused = await fetch(new URL(`/v1/catalogue/events?region=${FIXTURE_REGION}&profile=fabaobao`, hub.url));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ error: { code: 'HUB_BUSY' } });
    a.close();
    await expect
      .poll(
        async () => {
          const again = await openStream(hub, FIXTURE_REGION);
          again.close();
          return again.status;
        },
        { timeout: 5_000 },
      )
      .toBe(200);
  });

  it('refuses a stream without a village code or with an unknown profile', async () => {
    const hub = await newHub();
    for (const query of ['region=440825&profile=fabaobao', `region=${FIXTURE_REGION}&profile=atm`, '']) {
      const response = await fetch(new URL(`/v1/catalogue/events?${query}`, hub.url));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'HUB_BAD_REQUEST' } });
    }
  });
});
