// Token buckets, the client address behind proxies, Retry-After as the kiosk reads it, and the event-stream
// parser the kiosk's change listener uses.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EventStreamParser } from '../../core/catalogue/change-listener.ts';
import { retryAfterMs } from '../../core/outbox/hub-client.ts';
import { clientAddress, RateLimiter, trustedProxyList } from '../../hub/limits.ts';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('RateLimiter', () => {
  it('lets a burst through, then one request per refill, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0); // its own bucket
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('forgets buckets that have filled up again', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 1, burst: 5 }, () => now);
    for (let i = 0; i < 100; i++) limiter.take(`kiosk-${i}`);
    expect(limiter.size).toBe(100);
    now += 61_000;
    limiter.take('another');
    expect(limiter.size).toBe(1);
  });
});

describe('clientAddress', () => {
  const proxies = trustedProxyList(['10.0.0.0/8', '::1']);

  it('is the peer unless the peer is a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), proxies)).toBe('203.0.113.9');
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), null)).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:203.0.113.9'), null)).toBe('203.0.113.9');
  });

  it('behind trusted proxies, is the nearest address that is not one', () => {
    expect(clientAddress(request('10.1.2.3', '198.51.100.1'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(request('10.1.2.3', '1.2.3.4, 198.51.100.1, 10.9.9.9'), proxies)).toBe('198.51.100.1');
    expect(clientAddress(request('::1', 'garbage, 198.51.100.7'), proxies)).toBe('198.51.100.7');
    // Nothing usable: the proxy itself.
    expect(clientAddress(request('10.1.2.3'), proxies)).toBe('10.1.2.3');
  });

  it('refuses a proxy list entry that is not an address or CIDR block', () => {
    expect(() => trustedProxyList(['10.0.0.0/x'])).toThrow(/CIDR/);
    expect(() => trustedProxyList(['proxy.local'])).toThrow(/CIDR/);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates; nothing usable is null', () => {
    expect(retryAfterMs('30')).toBe(30_000);
    const now = Date.parse('2026-12-07T04:00:00Z');
    expect(retryAfterMs('Mon, 07 Dec 2026 04:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('EventStreamParser', () => {
  it('hands out events with their id across chunk boundaries and line endings, skipping comments', () => {
    const events: { id: string | null; event: string; data: string }[] = [];
    const retries: number[] = [];
    const parser = new EventStreamParser(
      (event) => events.push(event),
      (ms) => retries.push(ms),
    );
    parser.push('retry: 10000\n\n: keep-alive\n\nid: gd:2\nevent: cata');
    parser.push('logue\ndata: {"a":1}\r');
    parser.push('\n\r\ndata: line 1\ndata: line 2\n\n');
    expect(retries).toEqual([10_000]);
    expect(events).toEqual([
      { id: 'gd:2', event: 'catalogue', data: '{"a":1}' },
      { id: 'gd:2', event: 'message', data: 'line 1\nline 2' },
    ]);
  });
});
