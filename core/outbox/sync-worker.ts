// Delivers the outbox to the hub: attachments first (in chunks, resumed from what the hub already holds), then
// the submissions in signed batches, oldest first. It looks at the status changes since the last look when a
// heartbeat says there are some (statusNews), in a round with nothing to send (the hourly idle look), and in the
// first round after start; a round that sends does not look for the sake of it: the batch answer already
// names each new case. After a failure
// it waits with exponential backoff and full jitter (no busy loop while offline), and a new submission or a
// successful contact starts a round at once. Every submission is sent until the hub answers for it; the hub
// de-duplicates by id, so a retry after a timeout never makes a second case. When the hub says how long to wait
// (429 HUB_RATE_LIMITED with Retry-After) the next round comes no sooner, nudged or not.
import { HubError } from '../catalogue/download.ts';
import type { Logger } from '../log.ts';
import {
  batchResultSchema,
  MAX_BATCH_SUBMISSIONS,
  MAX_CHUNK_BYTES,
  SUBMISSIONS_API,
  statusFeedSchema,
  uploadStateSchema,
} from '../protocol/submissions.ts';
import { HubRefusal, type SignedHubClient } from './hub-client.ts';
import type { Outbox } from './outbox.ts';

export interface SyncWorkerOptions {
  outbox: Outbox;
  client: SignedHubClient;
  log: Logger;
  batchSize?: number;
  /** Backoff after a failure: from `minDelayMs`, doubling, never above `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * How often to look for status changes when there is nothing to send; default an hour. Staff change a case's
   * status a few times over days, and each heartbeat's answer names the newest change (statusNews), so this is
   * only a safety net (a hub that does not say): a look every minute from 20,000 kiosks was 70 % of the hub's
   * load (bench/hub-fleet.ts). A round after each submission and the hub coming back look at once anyway.
   */
  idlePollMs?: number;
  retentionDays: number;
  random?: () => number;
  /** Called after each round with what happened (the kiosk tells its screens). */
  onRound?: (round: SyncRound) => void;
}

export interface SyncRound {
  ok: boolean;
  sent: number;
  acknowledged: number;
  rejected: number;
  statusUpdates: number;
  error: string | null;
  /** The hub asked for no new request before this many ms (Retry-After). */
  retryAfterMs?: number;
}

export class SyncWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncRound> | null = null;
  private failures = 0;
  private stopped = true;
  /** When the next round is due (for the technician view); null while a round runs or when stopped. */
  nextRoundAt: Date | null = null;
  /** No round before this time (ms): what the hub asked for with Retry-After. */
  private notBefore = 0;
  /** The next round looks at the status feed even if it sends something. */
  private statusWanted = true;

  constructor(private readonly options: SyncWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops scheduling and waits for a round in flight, so the outbox can be closed safely afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRoundAt = null;
    await this.running?.catch(() => undefined);
  }

  /** Something new to send: go now rather than at the next tick. */
  nudge(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** The hub's status feed reaches `cursor` (a heartbeat said so): look now if that is beyond what we have. */
  statusNews(cursor: string): void {
    const ours = this.options.outbox.getState('statusCursor') ?? '';
    if (Number(cursor || 0) <= Number(ours || 0)) return;
    this.statusWanted = true;
    this.nudge();
  }

  /** One round now; concurrent callers share the round in progress. */
  syncNow(): Promise<SyncRound> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(requestedMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    const delayMs = Math.max(requestedMs, this.notBefore - Date.now());
    this.nextRoundAt = new Date(Date.now() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextRoundAt = null;
      if (this.stopped) return;
      this.syncNow().then(
        (round) => {
          if (!this.stopped && !this.timer) this.schedule(this.nextDelay(round));
        },
        (error: unknown) => this.options.log.error({ err: error }, 'outbox sync round crashed'),
      );
    }, delayMs);
  }

  private nextDelay(round: SyncRound): number {
    const min = this.options.minDelayMs ?? 2_000;
    const max = this.options.maxDelayMs ?? 300_000;
    if (round.ok) {
      this.failures = 0;
      // More waiting: go on at once; otherwise look for status changes now and then.
      return this.options.outbox.summary().pending > 0 ? 0 : (this.options.idlePollMs ?? 3_600_000);
    }
    this.failures += 1;
    if (round.retryAfterMs !== undefined) this.notBefore = Date.now() + round.retryAfterMs;
    const ceiling = Math.min(max, min * 2 ** (this.failures - 1));
    return Math.round((this.options.random ?? Math.random)() * ceiling); // full jitter
  }

  private async round(): Promise<SyncRound> {
    const { outbox, log } = this.options;
    const round: SyncRound = { ok: true, sent: 0, acknowledged: 0, rejected: 0, statusUpdates: 0, error: null };
    try {
      const batch = outbox.due(this.options.batchSize ?? Math.min(50, MAX_BATCH_SUBMISSIONS));
      if (batch.length > 0) {
        await this.uploadAttachments(batch.map((submission) => submission.id));
        const ids = batch.map((submission) => submission.id);
        outbox.markSent(ids);
        round.sent = ids.length;
        let answer;
        try {
          answer = await this.options.client.json<unknown>('POST', `${SUBMISSIONS_API}/submissions/batch`, {
            kioskCode: this.kioskCode(),
            submissions: batch,
          });
        } catch (error) {
          outbox.recordFailure(ids, describe(error));
          throw error;
        }
        const parsed = batchResultSchema.safeParse(answer);
        if (!parsed.success) {
          outbox.recordFailure(ids, 'HUB_BAD_RESPONSE: the batch answer is not readable');
          throw new HubError('HUB_BAD_RESPONSE', 'the hub answered the batch with something unreadable');
        }
        const counts = outbox.recordResults(parsed.data.results);
        round.acknowledged = counts.acknowledged;
        round.rejected = counts.rejected;
        if (counts.rejected > 0) log.warn({ rejected: counts.rejected }, 'the hub refused submissions for good');
      }
      if (this.statusWanted || batch.length === 0) {
        const wanted = this.statusWanted;
        this.statusWanted = false; // news told during the look asks for another
        try {
          round.statusUpdates = await this.pullStatus();
        } catch (error) {
          this.statusWanted ||= wanted;
          throw error;
        }
      }
      const purged = outbox.purgeDelivered(this.options.retentionDays);
      if (purged > 0) log.info({ purged, retentionDays: this.options.retentionDays }, 'delivered submissions purged');
      outbox.setState('lastSyncAt', new Date().toISOString());
      outbox.setState('lastError', '');
    } catch (error) {
      round.ok = false;
      round.error = describe(error);
      if (error instanceof HubRefusal && error.retryAfterMs !== null) round.retryAfterMs = error.retryAfterMs;
      outbox.setState('lastError', round.error);
      log.warn({ error: round.error }, 'outbox sync failed');
    }
    this.options.onRound?.(round);
    return round;
  }

  private kioskCode(): string {
    return this.options.outbox.kioskCode;
  }

  private async uploadAttachments(ids: readonly string[]): Promise<void> {
    const { client, outbox } = this.options;
    for (const file of outbox.attachmentsToUpload(ids)) {
      const stateAnswer = await client.json<unknown>('GET', `${SUBMISSIONS_API}/uploads/${file.sha256}`);
      const state = uploadStateSchema.safeParse(stateAnswer);
      if (!state.success) throw new HubError('HUB_BAD_RESPONSE', 'the upload state is not readable');
      let offset = state.data.complete ? file.data.length : state.data.received;
      while (offset < file.data.length) {
        const chunk = file.data.subarray(offset, offset + MAX_CHUNK_BYTES);
        await client.send('PUT', `${SUBMISSIONS_API}/uploads/${file.sha256}?offset=${offset}`, chunk, {
          'content-type': 'application/octet-stream',
          'x-upload-size': String(file.data.length),
        });
        offset += chunk.length;
      }
      outbox.markUploaded(file.sha256);
    }
  }

  private async pullStatus(): Promise<number> {
    const { client, outbox } = this.options;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const after = outbox.getState('statusCursor') ?? '';
      const answer = await client.json<unknown>(
        'GET',
        `${SUBMISSIONS_API}/status-updates?after=${encodeURIComponent(after)}`,
      );
      const feed = statusFeedSchema.safeParse(answer);
      if (!feed.success) throw new HubError('HUB_BAD_RESPONSE', 'the status feed is not readable');
      total += outbox.applyStatusUpdates(feed.data.updates);
      outbox.setState('statusCursor', feed.data.cursor);
      if (feed.data.updates.length === 0 || feed.data.cursor === after) break;
    }
    return total;
  }
}

function describe(error: unknown): string {
  if (error instanceof HubRefusal || error instanceof HubError) return `${error.code}: ${error.message}`;
  return (error as Error).message;
}
