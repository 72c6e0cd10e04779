// Heartbeat and "collect logs" against a real hub on 127.0.0.1 with its SQLite file: the kiosk's signed
// heartbeat carries the health report and shows in GET /v1/fleet; staff ask for the logs, the next heartbeat's
// answer says so, the kiosk uploads its redacted bundle and staff download it; a case's status change reaches the
// kiosk at its next heartbeat, though its next look at the status feed is an hour away.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../core/bootstrap.ts';
import { HEALTH_SNAPSHOT_FILE } from '../../core/diagnostics/heartbeat.ts';
import { LOG_FILE_NAME } from '../../core/log-file.ts';
import { healthReportSchema } from '../../core/protocol/diagnostics.ts';
import type { Hub } from '../../hub/server.ts';
import { startTestCore, testDevices } from '../helpers/kiosk-host.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('heartbeat-');
const TOKEN = 'staff-token';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function staff(hub: Hub, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(new URL(route, hub.url), {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function enrolledKiosk(): Promise<{ hub: Hub; core: KioskCore; dataDir: string }> {
  const hub = await startTestHub({ dataDir: tempDir(), staffTokens: [TOKEN], trustedKeys: [], log: silentLogger() });
  cleanups.push(() => hub.close());
  const dataDir = tempDir();
  const core = startTestCore(dataDir, { ...testDevices(), catalogue: { hubUrl: hub.url, pollSeconds: 3600 } });
  cleanups.push(() => core.close());
  const enrol = await staff(hub, 'POST', '/v1/kiosks', {
    kioskCode: 'XW-DEMO-001',
    regionCode: '440825100201',
    publicKey: core.devicePublicKey,
  });
  expect(enrol.status).toBe(201);
  return { hub, core, dataDir };
}

describe('heartbeat to the hub', () => {
  it('sends the health report, which staff see in the fleet list, with no personal data', async () => {
    const { hub, core, dataDir } = await enrolledKiosk();
    await core.service.submitApplication({
      serviceId: (await core.service.listServices({})).find((item) => item.kioskSupported)!.id,
      applicant: {
        name: '林秀英',
        sex: '女',
        birthDate: '1948-03-15',
        idNumber: '440825194803150020',
        address: '广东省徐闻县下桥镇示范村',
        phone: '13800000000',
      },
    });
    expect(await core.heartbeat.beat()).toEqual({ sent: true, collectLogs: false, logsUploaded: false, error: null });

    const fleet = (await (await staff(hub, 'GET', '/v1/fleet')).json()) as { kiosks: Record<string, unknown>[] };
    expect(fleet.kiosks).toHaveLength(1);
    const entry = fleet.kiosks[0]!;
    expect(entry).toMatchObject({ kioskCode: 'XW-DEMO-001', region: '440825100201', collectLogsRequestedAt: null });
    const health = healthReportSchema.parse(entry.health);
    expect(health).toMatchObject({
      kioskCode: 'XW-DEMO-001',
      restarts: 0,
      devices: { idcard: 'none', receiptPrinter: 'none', a4Printer: 'none' },
      network: { hub: 'configured' },
      outbox: { pending: 1 },
    });
    expect(health.catalogue.version).toBeGreaterThan(0);
    expect(health.disk!.totalBytes).toBeGreaterThan(0);
    const text = JSON.stringify(entry);
    for (const secret of ['林秀英', '440825194803150020', '13800000000']) expect(text).not.toContain(secret);
    // The running kiosk's latest report, for kioskctl health.
    expect(JSON.parse(readFileSync(path.join(dataDir, HEALTH_SNAPSHOT_FILE), 'utf8'))).toMatchObject({
      kioskCode: 'XW-DEMO-001',
    });
  });

  it('uploads its redacted logs when staff ask, and staff download them', async () => {
    const { hub, core, dataDir } = await enrolledKiosk();
    const logsDir = path.join(dataDir, 'logs');
    mkdirSync(logsDir, { recursive: true });
    writeFileSync(
      path.join(logsDir, LOG_FILE_NAME),
      `${JSON.stringify({ level: 30, msg: 'print job done' })}\n${JSON.stringify({ msg: 'typed 440825194803150020', phone: '13800000000' })}\n`,
    );
    expect(await (await staff(hub, 'GET', '/v1/kiosks/XW-DEMO-001/logs')).json()).toMatchObject({
      error: { code: 'HUB_NOT_FOUND' },
    });
    expect((await staff(hub, 'POST', '/v1/kiosks/XW-NOBODY/collect-logs')).status).toBe(404);
    expect((await staff(hub, 'POST', '/v1/kiosks/XW-DEMO-001/collect-logs')).status).toBe(202);
    const fleet = (await (await staff(hub, 'GET', '/v1/fleet')).json()) as {
      kiosks: { collectLogsRequestedAt: string | null }[];
    };
    expect(fleet.kiosks[0]!.collectLogsRequestedAt).not.toBeNull();

    expect(await core.heartbeat.beat()).toEqual({ sent: true, collectLogs: true, logsUploaded: true, error: null });
    // Answered: the next heartbeat does not upload again.
    expect(await core.heartbeat.beat()).toMatchObject({ collectLogs: false, logsUploaded: false });

    const download = await staff(hub, 'GET', '/v1/kiosks/XW-DEMO-001/logs');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    const lines = gunzipSync(Buffer.from(await download.arrayBuffer())).toString('utf8');
    expect(lines).toContain('print job done');
    expect(lines).not.toContain('440825194803150020');
    expect(lines).not.toContain('13800000000');
  });

  it('brings a case’s status change at the next heartbeat, though the next look at the feed is an hour away', async () => {
    const { hub, core } = await enrolledKiosk();
    const { acceptanceNumber } = await core.service.submitApplication({
      serviceId: (await core.service.listServices({})).find((item) => item.kioskSupported)!.id,
      applicant: {
        name: '陈阿婆',
        sex: '女',
        birthDate: '1948-03-15',
        idNumber: '440825194803150020',
        address: '广东省徐闻县下桥镇示范村',
        phone: '13800000000',
      },
    });
    // The sync's first rounds came before the kiosk was enrolled: go now rather than after their backoff.
    core.sync!.nudge();
    await expect.poll(() => core.outbox.summary().acknowledged, { timeout: 10_000 }).toBe(1);
    const entry = core.outbox.byAcceptanceNumber(acceptanceNumber)!;
    const cursorBefore = core.outbox.getState('statusCursor');
    // Settled: nothing to send, so the sync's next look at the feed is an hour away.
    await expect
      .poll(() => (core.sync!.nextRoundAt?.getTime() ?? 0) - Date.now(), { timeout: 10_000 })
      .toBeGreaterThan(50 * 60_000);

    const change = await staff(hub, 'POST', `/v1/cases/${entry.caseId}/status`, {
      status: 'needs-materials',
      missing: ['户口簿复印件'],
    });
    expect(change.ok).toBe(true);
    expect(await core.heartbeat.beat()).toMatchObject({ sent: true, error: null });
    await expect.poll(() => core.outbox.entry(entry.id)?.caseStatus, { timeout: 10_000 }).toBe('needs-materials');
    expect(Number(core.outbox.getState('statusCursor'))).toBeGreaterThan(Number(cursorBefore ?? 0));
  });

  it('refuses a heartbeat that is not signed by an enrolled kiosk', async () => {
    const hub = await startTestHub({ dataDir: tempDir(), staffTokens: [TOKEN], trustedKeys: [], log: silentLogger() });
    cleanups.push(() => hub.close());
    const response = await fetch(new URL('/v1/heartbeat', hub.url), { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    const core = startTestCore(tempDir(), { ...testDevices(), catalogue: { hubUrl: hub.url, pollSeconds: 3600 } });
    cleanups.push(() => core.close());
    // Not enrolled: the beat fails, is logged, and the kiosk goes on.
    expect((await core.heartbeat.beat()).error).toContain('HUB_KIOSK_UNKNOWN');
  });
});
