// The kiosk's health report: devices, network and last sync, catalogue version, outbox depth and oldest age,
// disk, memory, uptime and app version. The technician screen, `kioskctl health` and the heartbeat to the hub
// all show this one report; it holds figures and states only, never personal data.
import { freemem, totalmem, uptime as systemUptime } from 'node:os';
import type { Outbox } from '../outbox/outbox.ts';
import type { HealthReport } from '../protocol/diagnostics.ts';
import { totalRestarts } from '../watchdog/restart-record.ts';
import { diskSpace, type Statfs } from './disk.ts';

export interface HealthSources {
  kioskCode: string;
  appVersion: string;
  /** Device states as the running kiosk sees them ('unknown' from kioskctl, which does not run them). */
  devices: () => HealthReport['devices'];
  hubConfigured: boolean;
  catalogue: () => HealthReport['catalogue'];
  outbox: Outbox;
  dataDir: string;
  /** When the back end started (process uptime by default). */
  startedAt?: Date;
  /** Unplanned restarts; by default those the watchdog counted in the data folder's watchdog.json. */
  restarts?: () => number;
  statfs?: Statfs;
  now?: () => Date;
}

const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));

export async function collectHealth(sources: HealthSources): Promise<HealthReport> {
  const now = sources.now?.() ?? new Date();
  const { outbox } = sources;
  const summary = outbox.summary();
  const lastError = outbox.getState('lastError');
  const memory = process.memoryUsage();
  const disk = await diskSpace(sources.dataDir, sources.statfs).catch(() => null);
  return {
    kioskCode: sources.kioskCode,
    appVersion: sources.appVersion,
    at: now.toISOString(),
    uptimeSeconds: sources.startedAt
      ? seconds(now.getTime() - sources.startedAt.getTime())
      : Math.floor(process.uptime()),
    systemUptimeSeconds: Math.floor(systemUptime()),
    restarts: (sources.restarts ?? (() => totalRestarts(sources.dataDir)))(),
    devices: sources.devices(),
    network: {
      hub: sources.hubConfigured ? 'configured' : 'none',
      lastSyncAt: outbox.getState('lastSyncAt'),
      lastSyncError: lastError ? lastError.slice(0, 300) : null,
      clockOffsetMs: Math.round(Number(outbox.getState('clockOffsetMs') ?? 0)) || 0,
    },
    catalogue: sources.catalogue(),
    outbox: {
      pending: summary.pending + summary.sent,
      oldestPendingAt: summary.oldestPendingAt,
      oldestPendingAgeSeconds: summary.oldestPendingAt
        ? seconds(now.getTime() - Date.parse(summary.oldestPendingAt))
        : null,
      refused: summary.rejected,
    },
    disk,
    memory: {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      systemFreeBytes: freemem(),
      systemTotalBytes: totalmem(),
    },
  };
}
