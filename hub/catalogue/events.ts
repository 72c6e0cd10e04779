// Server-sent events that tell connected kiosks of a new current catalogue (core/protocol/catalogue.ts), so
// kiosks need not poll often. Streams are grouped by region and profile; when the storage's rollout fingerprint
// changes (a rollout through this hub or through another instance on the same database) each group's current
// version is worked out again and the groups whose version changed get an event. Nothing but the open sockets
// is kept here: a restarted hub or another instance answers the same.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { kioskProfileSchema, type KioskProfile } from '../../core/catalogue/schema.ts';
import { CATALOGUE_EVENT, catalogueEventId, type CatalogueEvent } from '../../core/protocol/catalogue.ts';
import type { Logger } from 'pino';
import { HubHttpError, parseWith } from '../http.ts';
import type { Route } from '../router.ts';
import type { CatalogueService } from './service.ts';
import type { CatalogueStorage } from './storage.ts';

export const DEFAULT_MAX_STREAMS = 20_000;
/** What a kiosk waits before reconnecting after a dropped stream (the SSE `retry` field). */
export const RECONNECT_MS = 10_000;

const eventsQuerySchema = z.object({
  region: z.string().regex(/^\d{12}$/, 'region must be a 12-digit village code'),
  profile: kioskProfileSchema,
});

export interface CatalogueEventsOptions {
  service: CatalogueService;
  storage: CatalogueStorage;
  log: Logger;
  /** Open streams beyond this are refused with 503 HUB_BUSY. */
  maxStreams?: number;
  /** How often the rollout fingerprint is compared; default 3 s. */
  checkEveryMs?: number;
  /** How often a comment keeps idle streams open through proxies; default 25 s. */
  keepAliveMs?: number;
  /** The `retry` kiosks are told; default RECONNECT_MS. */
  retryMs?: number;
}

interface Group {
  region: string;
  profile: KioskProfile;
  /** The event id the group's streams were last told. */
  id: string;
  streams: Set<ServerResponse>;
}

export class CatalogueEvents {
  private readonly groups = new Map<string, Group>();
  private streamCount = 0;
  private fingerprint: string | null = null;
  private checking: Promise<void> | null = null;
  private recheck = false;
  private readonly checkTimer: NodeJS.Timeout;
  private readonly keepAliveTimer: NodeJS.Timeout;

  constructor(private readonly options: CatalogueEventsOptions) {
    this.checkTimer = setInterval(() => void this.check(), options.checkEveryMs ?? 3_000);
    this.checkTimer.unref();
    this.keepAliveTimer = setInterval(() => this.keepAlive(), options.keepAliveMs ?? 25_000);
    this.keepAliveTimer.unref();
  }

  get openStreams(): number {
    return this.streamCount;
  }

  /**
   * Compares the fingerprint and tells the groups whose version changed. Called on a timer and at once after a
   * rollout through this hub; a call during a check runs one more check after it.
   */
  check(): Promise<void> {
    if (this.checking) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.recheck = false;
        try {
          await this.checkOnce();
        } catch (error) {
          this.options.log.error({ err: error }, 'catalogue event check failed');
        }
      } while (this.recheck);
    })().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    if (this.groups.size === 0) {
      this.fingerprint = null; // nobody listens: the next stream's group starts from what is current then
      return;
    }
    const fingerprint = await this.options.storage.rolloutFingerprint();
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    const groups = [...this.groups.values()];
    const versions = await this.options.service.currentVersions(groups);
    let told = 0;
    groups.forEach((group, index) => {
      const event: CatalogueEvent = versions[index] ?? null;
      const id = catalogueEventId(event);
      if (id === group.id) return;
      group.id = id;
      const frame = eventFrame(event);
      for (const res of group.streams) res.write(frame);
      told += group.streams.size;
    });
    if (told > 0) this.options.log.info({ streams: told }, 'kiosks told of a new catalogue');
  }

  private async currentEvent(region: string, profile: KioskProfile): Promise<CatalogueEvent> {
    const current = await this.options.service.current(region, profile, null);
    return current ? { catalogueId: current.catalogueId, version: current.version } : null;
  }

  private keepAlive(): void {
    for (const group of this.groups.values()) for (const res of group.streams) res.write(': keep-alive\n\n');
  }

  close(): void {
    clearInterval(this.checkTimer);
    clearInterval(this.keepAliveTimer);
    for (const group of this.groups.values()) for (const res of group.streams) res.end();
    this.groups.clear();
  }

  route(): Route {
    return {
      methods: ['GET'],
      path: /^\/v1\/catalogue\/events$/,
      staff: false,
      handle: async ({ req, res, query }) => {
        const { region, profile } = parseWith(eventsQuerySchema, {
          region: query.get('region') ?? undefined,
          profile: query.get('profile') ?? undefined,
        });
        const maxStreams = this.options.maxStreams ?? DEFAULT_MAX_STREAMS;
        if (this.streamCount >= maxStreams) {
          throw new HubHttpError(503, 'HUB_BUSY', `this hub holds ${maxStreams} event streams; try again later`, {
            'Retry-After': '60',
          });
        }
        this.streamCount += 1;
        let group: Group | undefined;
        try {
          const key = `${region}/${profile}`;
          const event = await this.currentEvent(region, profile);
          const id = catalogueEventId(event);
          // The fingerprint from before this stream's first look: a rollout in between is caught by the next check.
          this.fingerprint ??= await this.options.storage.rolloutFingerprint();
          group = this.groups.get(key);
          if (!group) {
            group = { region, profile, id, streams: new Set() };
            this.groups.set(key, group);
          }
          res.writeHead(200, {
            'Content-Type': 'text/event-stream; charset=utf-8',
            'Cache-Control': 'no-store',
            'X-Accel-Buffering': 'no', // nginx: pass events on at once
            'X-Content-Type-Options': 'nosniff',
          });
          res.write(`retry: ${this.options.retryMs ?? RECONNECT_MS}\n\n`);
          // A kiosk that missed a rollout while away hears of it now; one that knows the current id hears nothing.
          if (req.headers['last-event-id'] !== id) res.write(eventFrame(event));
          group.streams.add(res);
        } catch (error) {
          this.streamCount -= 1;
          throw error;
        }
        const joined = group;
        req.socket.setKeepAlive(true, 60_000);
        await new Promise<void>((resolve) => res.once('close', resolve));
        this.streamCount -= 1;
        joined.streams.delete(res);
        if (joined.streams.size === 0 && this.groups.get(`${region}/${profile}`) === joined) {
          this.groups.delete(`${region}/${profile}`);
        }
      },
    };
  }
}

function eventFrame(event: CatalogueEvent): string {
  return `id: ${catalogueEventId(event)}\nevent: ${CATALOGUE_EVENT}\ndata: ${JSON.stringify(event)}\n\n`;
}
