// Signed requests from this kiosk to the hub (core/protocol/submissions.ts): every request carries the kiosk
// code, a timestamp, a fresh nonce and an Ed25519 signature over them and the body. When the hub says the clock
// is off, the offset it reports is kept and used from then on, so a kiosk with a wrong clock still gets through.
import { randomUUID, sign, type KeyObject } from 'node:crypto';
import { HubError, request } from '../catalogue/download.ts';
import { hubErrorBodySchema, type HubErrorCode } from '../protocol/errors.ts';
import { KIOSK_HEADERS, signingString } from '../protocol/submissions.ts';

/** The hub answered, but refused: with its stable code. */
export class HubRefusal extends Error {
  constructor(
    readonly code: HubErrorCode | 'HUB_HTTP_ERROR',
    message: string,
    readonly status: number,
    readonly body: unknown,
    /** From Retry-After (429 HUB_RATE_LIMITED): the hub asks for no new request before this many ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'HubRefusal';
  }
}

/** Retry-After in ms (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface SignedClientOptions {
  hubUrl: string;
  kioskCode: string;
  signingKey: KeyObject;
  /** ms to add to the local clock (learnt from the hub); read and written by the caller's store. */
  clockOffset: { get(): number; set(ms: number): void };
  now?: () => Date;
  timeoutMs?: number;
}

export class SignedHubClient {
  constructor(private readonly options: SignedClientOptions) {}

  /** Sends one signed request; retries once with a corrected clock when the hub reports a skew. */
  async send(
    method: string,
    pathWithQuery: string,
    body?: Buffer,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const first = await this.attempt(method, pathWithQuery, body, headers);
    if (first.status !== 401) return this.check(first);
    const text = await first.text();
    const parsed = safeErrorBody(text);
    if (parsed?.error.code === 'HUB_CLOCK_SKEW' && parsed.error.serverTime) {
      const localNow = (this.options.now?.() ?? new Date()).getTime();
      this.options.clockOffset.set(Date.parse(parsed.error.serverTime) - localNow);
      return this.check(await this.attempt(method, pathWithQuery, body, headers));
    }
    throw refusal(first, text, parsed);
  }

  async json<T>(method: string, pathWithQuery: string, value?: unknown): Promise<T> {
    const body = value === undefined ? undefined : Buffer.from(JSON.stringify(value));
    const response = await this.send(method, pathWithQuery, body, body ? { 'content-type': 'application/json' } : {});
    try {
      return (await response.json()) as T;
    } catch {
      throw new HubError('HUB_BAD_RESPONSE', `${pathWithQuery}: the hub's answer is not JSON`);
    }
  }

  private attempt(method: string, pathWithQuery: string, body: Buffer | undefined, headers: Record<string, string>) {
    const { options } = this;
    const now = new Date((options.now?.() ?? new Date()).getTime() + options.clockOffset.get());
    const timestamp = now.toISOString();
    const nonce = randomUUID();
    const bytes = body ?? Buffer.alloc(0);
    const signature = sign(
      null,
      Buffer.from(signingString(method, pathWithQuery, timestamp, nonce, bytes)),
      options.signingKey,
    );
    return request(
      new URL(pathWithQuery, options.hubUrl).toString(),
      {
        method,
        headers: {
          ...headers,
          [KIOSK_HEADERS.kiosk]: options.kioskCode,
          [KIOSK_HEADERS.timestamp]: timestamp,
          [KIOSK_HEADERS.nonce]: nonce,
          [KIOSK_HEADERS.signature]: signature.toString('base64'),
        },
        ...(body ? { body: new Uint8Array(body) } : {}),
      },
      options.timeoutMs ?? 30_000,
    );
  }

  private async check(response: Response): Promise<Response> {
    if (response.ok) return response;
    const text = await response.text();
    throw refusal(response, text, safeErrorBody(text));
  }
}

function safeErrorBody(text: string) {
  try {
    const parsed = hubErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function refusal(response: Response, text: string, parsed: ReturnType<typeof safeErrorBody>): Error {
  const { status } = response;
  if (status >= 500 || !parsed) {
    // A hub that fails or answers something unreadable is treated like one that is down: try again later.
    return new HubError('HUB_BAD_RESPONSE', `the hub answered HTTP ${status}`, status);
  }
  const wait = retryAfterMs(response.headers.get('retry-after'));
  return new HubRefusal(parsed.error.code, parsed.error.message, status, JSON.parse(text) as unknown, wait);
}
