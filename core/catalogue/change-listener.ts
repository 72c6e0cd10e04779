// Keeps one server-sent event stream open to the hub (GET /v1/catalogue/events, core/protocol/catalogue.ts) so a
// rollout reaches the kiosk at once instead of at the next poll. Each `catalogue` event triggers the updater's
// check; the stream being up or down is reported so the updater can poll rarely while it is up. A dropped stream
// is reopened after the hub's `retry` or the backoff, whichever is longer, sending the last event id so a rollout
// missed meanwhile comes at once. A stream silent for longer than a few keep-alives is taken for dead.
import type { Logger } from '../log.ts';
import { CATALOGUE_API, CATALOGUE_EVENT, catalogueEventSchema, type CatalogueEvent } from '../protocol/catalogue.ts';
import type { KioskProfile } from './schema.ts';

export interface ChangeListenerOptions {
  hubUrl: string;
  regionCode: string;
  profile: KioskProfile;
  log: Logger;
  /** A `catalogue` event: what the hub says is current now. */
  onChange: (event: CatalogueEvent) => void;
  /** The stream opened (true) or dropped (false). */
  onStreamState?: (up: boolean) => void;
  /** Backoff after a failed or dropped stream: from `minDelayMs`, doubling, never above `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** No byte for this long (the hub sends a comment every 25 s): the stream is dead. Default 70 s. */
  silenceMs?: number;
  random?: () => number;
}

/** A 404 means a hub (or a plain CDN) without events: ask again much later rather than keep knocking. */
const NO_EVENTS_DELAY_MS = 3_600_000;

interface ParsedEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Feeds text of an event stream in; hands out each complete event (text/event-stream as HTML defines it). */
export class EventStreamParser {
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];

  constructor(
    private readonly onEvent: (event: ParsedEvent) => void,
    private readonly onRetry: (ms: number) => void = () => undefined,
  ) {}

  push(text: string): void {
    this.buffer += text;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end < 0) break;
      const line = this.buffer.slice(0, end);
      const breakLength = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      // A lone \r at the very end may be half of \r\n: wait for more.
      if (this.buffer[end] === '\r' && end + 1 === this.buffer.length) break;
      this.buffer = this.buffer.slice(end + breakLength);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0)
        this.onEvent({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // a comment: keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}

export class CatalogueChangeListener {
  private stopped = true;
  private abort: AbortController | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private lastEventId: string | null = null;
  private retryMs = 0;
  private failures = 0;
  private up = false;

  constructor(private readonly options: ChangeListenerOptions) {}

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let delay: number;
      try {
        delay = await this.connectOnce();
      } catch (error) {
        if (!this.stopped) this.options.log.info({ detail: (error as Error).message }, 'catalogue event stream lost');
        delay = this.backoff();
      }
      this.setUp(false);
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, delay);
      });
      this.timer = null;
      this.wake = null;
    }
  }

  private backoff(): number {
    this.failures += 1;
    const min = this.options.minDelayMs ?? 1_000;
    const max = this.options.maxDelayMs ?? 300_000;
    const ceiling = Math.min(max, min * 2 ** (this.failures - 1));
    // Full jitter, but never sooner than the hub asked: after a hub restart its kiosks come back spread out.
    return Math.max(this.retryMs, Math.round((this.options.random ?? Math.random)() * ceiling));
  }

  /** One stream, read until it ends; answers how long to wait before the next. */
  private async connectOnce(): Promise<number> {
    const { options } = this;
    const query = new URLSearchParams({ region: options.regionCode, profile: options.profile });
    const url = new URL(`${CATALOGUE_API}/events?${query}`, options.hubUrl);
    const abort = new AbortController();
    this.abort = abort;
    const silenceMs = options.silenceMs ?? 70_000;
    let silence = setTimeout(() => abort.abort(new Error('the stream went silent')), silenceMs);
    try {
      const response = await fetch(url, {
        headers: {
          Accept: 'text/event-stream',
          ...(this.lastEventId !== null ? { 'Last-Event-ID': this.lastEventId } : {}),
        },
        signal: abort.signal,
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return NO_EVENTS_DELAY_MS;
      }
      if (!response.ok || !response.body || !/^text\/event-stream/.test(response.headers.get('content-type') ?? '')) {
        await response.body?.cancel();
        const retryAfter = Number(response.headers.get('retry-after'));
        const delay = this.backoff();
        return Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(delay, retryAfter * 1000) : delay;
      }
      this.failures = 0;
      this.setUp(true);
      const parser = new EventStreamParser(
        (event) => this.handle(event),
        (ms) => {
          this.retryMs = ms;
        },
      );
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(new Error('the stream went silent')), silenceMs);
        parser.push(decoder.decode(value, { stream: true }));
      }
      // The hub closed the stream (a restart, a deploy): come back after its retry, jittered.
      return this.backoff();
    } finally {
      clearTimeout(silence);
    }
  }

  private handle(event: ParsedEvent): void {
    if (event.event !== CATALOGUE_EVENT) return;
    let parsed: CatalogueEvent;
    try {
      const result = catalogueEventSchema.safeParse(JSON.parse(event.data));
      if (!result.success) throw new Error(result.error.issues[0]?.message);
      parsed = result.data;
    } catch (error) {
      this.options.log.warn({ detail: (error as Error).message }, 'unreadable catalogue event ignored');
      return;
    }
    if (event.id !== null) this.lastEventId = event.id;
    this.options.onChange(parsed);
  }

  private setUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.options.onStreamState?.(up);
  }
}
