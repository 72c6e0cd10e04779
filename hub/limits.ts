// Request limits that keep one kiosk, one address or one huge body from taking the hub: token-bucket rate
// limits per enrolled kiosk (counted once its signature checks out, so kiosks sharing a carrier's NAT address do
// not share a limit) and per client address for everything else (X-Forwarded-For believed only from a trusted
// proxy), answered 429 HUB_RATE_LIMITED with Retry-After; and the body size a route takes, refused from its
// Content-Length before the body is read (413 HUB_TOO_LARGE, in hub/router.ts).
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { HubHttpError } from './http.ts';

/** The body size of a route that does not say (JSON requests are small); uploads set their own. */
export const DEFAULT_BODY_MAX_BYTES = 64_000;

export interface RateLimit {
  /** Requests per second, sustained. */
  perSecond: number;
  /** Requests that may come at once after a quiet spell. */
  burst: number;
}

export interface HubLimitsOptions {
  /** Per enrolled kiosk; default 5/s with bursts of 300 (a kiosk back online sends its backlog in chunks). */
  kiosk?: RateLimit;
  /**
   * Per client address, for unsigned and staff requests; default 50/s with bursts of 1000 (kiosks behind one
   * carrier NAT address share it when they fetch catalogue files).
   */
  address?: RateLimit;
  /** Addresses or CIDR blocks of reverse proxies whose X-Forwarded-For is believed (HUB_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
  now?: () => number;
}

export const DEFAULT_KIOSK_RATE: RateLimit = { perSecond: 5, burst: 300 };
export const DEFAULT_ADDRESS_RATE: RateLimit = { perSecond: 50, burst: 1000 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets by key; a bucket that has filled up again is forgotten, so memory follows the active clients. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request for `key`: 0 when allowed, otherwise the whole seconds to wait before the next one. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const refill = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= refill) this.buckets.delete(key);
  }
}

function plainAddress(address: string): string {
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address or CIDR block: ${entry}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else if (/^\d{1,3}$/.test(bits)) list.addSubnet(address, Number(bits), type);
    else throw new Error(`not an IP address or CIDR block: ${entry}`);
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the nearest address in
 * X-Forwarded-For that is not a trusted proxy (entries further left were written by the client and may be lies).
 */
export function clientAddress(req: IncomingMessage, proxies: BlockList | null): string {
  let address = plainAddress(req.socket.remoteAddress ?? '');
  if (!proxies || !trusted(proxies, address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  while (hops.length > 0) {
    address = hops.pop()!;
    if (!trusted(proxies, address)) return address;
  }
  return address;
}

function rateLimited(seconds: number, who: string): HubHttpError {
  return new HubHttpError(429, 'HUB_RATE_LIMITED', `too many requests from ${who}; try again in ${seconds} s`, {
    'Retry-After': String(seconds),
  });
}

export class HubLimits {
  private readonly kiosks: RateLimiter;
  private readonly addresses: RateLimiter;
  private readonly proxies: BlockList | null;

  constructor(options: HubLimitsOptions = {}) {
    const now = options.now ?? Date.now;
    this.kiosks = new RateLimiter(options.kiosk ?? DEFAULT_KIOSK_RATE, now);
    this.addresses = new RateLimiter(options.address ?? DEFAULT_ADDRESS_RATE, now);
    this.proxies = options.trustedProxies?.length ? trustedProxyList(options.trustedProxies) : null;
  }

  /** Counts a request against its client address; throws 429 when the address has used its share. */
  admitAddress(req: IncomingMessage): void {
    const address = clientAddress(req, this.proxies);
    const wait = this.addresses.take(address);
    if (wait > 0) throw rateLimited(wait, 'this address');
  }

  /** Counts a correctly signed request against its kiosk; throws 429 when the kiosk has used its share. */
  admitKiosk(code: string): void {
    const wait = this.kiosks.take(code);
    if (wait > 0) throw rateLimited(wait, `kiosk ${code}`);
  }
}
