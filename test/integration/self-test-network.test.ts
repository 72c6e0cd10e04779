// The network self-test against a hub on loopback: reachable with agreeing clocks passes; a hub that is down
// fails as unreachable; a hub whose Date header is 10 minutes off fails with a clock reason and the fix.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { networkSelfTest } from '../../core/diagnostics/network-self-test.ts';
import { startHub } from '../../hub/server.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('self-test-network-');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in hub whose clock is `offsetMs` from ours: only its Date header matters to the test. */
async function hubWithClockOff(offsetMs: number): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.setHeader('Date', new Date(Date.now() + offsetMs).toUTCString());
    res.writeHead(400).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('network self-test', () => {
  it('passes against the hub on loopback, with the clock offset in the details', async () => {
    const hub = await startHub({ dataDir: tempDir(), staffTokens: ['t'], trustedKeys: [], log: silentLogger() });
    cleanups.push(() => hub.close());
    const result = await networkSelfTest(hub.url);
    expect(result).toMatchObject({ id: 'network', status: 'pass', details: { hub: hub.url } });
    expect(Math.abs(Number(result.details.clockOffsetSeconds))).toBeLessThanOrEqual(2);
  });

  it('fails as unreachable when the hub is down', async () => {
    const hub = await startHub({ dataDir: tempDir(), staffTokens: ['t'], trustedKeys: [], log: silentLogger() });
    await hub.close();
    const result = await networkSelfTest(hub.url);
    expect(result).toMatchObject({ status: 'fail', code: 'HUB_UNREACHABLE' });
    expect(result.reason.zh).toBe('连不上中心服务器');
  });

  it('fails with a clock reason when the hub’s clock is 10 minutes ahead', async () => {
    const url = await hubWithClockOff(10 * 60_000);
    const result = await networkSelfTest(url);
    expect(result).toMatchObject({ status: 'fail', code: 'CLOCK_OFF' });
    expect(result.reason.zh).toBe('本机时钟比中心服务器慢了 10 分钟');
    expect(result.reason.en).toBe("The kiosk clock is 10 min behind the hub's");
    expect(result.fix?.zh).toContain('自动对时');
  });

  it('is skipped without a hub', async () => {
    expect(await networkSelfTest(null)).toMatchObject({ status: 'skipped' });
  });
});
