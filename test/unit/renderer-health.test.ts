// The technician's reading of the health report: sizes and durations as people say them, and a warning for
// exactly the figures worth acting on (low disk, no hub, submissions stuck over an hour, refused ones, a clock
// the hub would refuse, restarts), none for a healthy kiosk.
import { describe, expect, it } from 'vitest';
import type { HealthReport } from '../../core/api/contract.ts';
import {
  durationText,
  healthWarnings,
  sizeText,
  stateText,
  stateWords,
  syncAgeSeconds,
} from '../../renderer/src/technician/health-figures.ts';
import { translate } from '../../renderer/src/i18n.ts';

const HEALTHY: HealthReport = {
  kioskCode: 'XW-DEMO-001',
  appVersion: '0.1.0',
  at: '2026-11-22T10:00:00.000Z',
  uptimeSeconds: 3600,
  systemUptimeSeconds: 7200,
  restarts: 0,
  devices: { idcard: 'ready', receiptPrinter: 'ready', a4Printer: 'configured' },
  network: { hub: 'configured', lastSyncAt: null, lastSyncError: null, clockOffsetMs: 1200 },
  catalogue: { version: 3, created: '2026-11-01' },
  outbox: { pending: 1, oldestPendingAt: '2026-11-22T09:55:00.000Z', oldestPendingAgeSeconds: 300, refused: 0 },
  disk: { freeBytes: 20 * 1024 ** 3, totalBytes: 64 * 1024 ** 3 },
  memory: {
    rssBytes: 150 * 1024 ** 2,
    heapUsedBytes: 60 * 1024 ** 2,
    systemFreeBytes: 2 * 1024 ** 3,
    systemTotalBytes: 8 * 1024 ** 3,
  },
};

describe('the health figures', () => {
  it('say sizes and durations plainly', () => {
    expect(sizeText(150 * 1024 ** 2)).toBe('150 MB');
    expect(sizeText(2.5 * 1024 ** 3)).toBe('2.5 GB');
    expect(sizeText(64 * 1024 ** 3)).toBe('64 GB');
    expect(durationText(40)).toBe('40 s');
    expect(durationText(7 * 60 + 5)).toBe('7 min');
    expect(durationText(5 * 3600 + 12 * 60)).toBe('5 h 12 min');
    expect(durationText(3 * 86_400 + 4 * 3600 + 59)).toBe('3 d 4 h');
  });

  it('warn of nothing on a healthy kiosk', () => {
    expect(healthWarnings(HEALTHY)).toEqual([]);
  });

  it('warn of each figure worth acting on, with its numbers', () => {
    const sick: HealthReport = {
      ...HEALTHY,
      restarts: 2,
      network: { ...HEALTHY.network, hub: 'none', lastSyncError: 'fetch failed', clockOffsetMs: -10 * 60_000 },
      outbox: { ...HEALTHY.outbox, pending: 4, oldestPendingAgeSeconds: 2 * 3600 + 60, refused: 1 },
      disk: { freeBytes: 50 * 1024 ** 2, totalBytes: 64 * 1024 ** 3 },
    };
    expect(healthWarnings(sick)).toEqual([
      { key: 'diag.health.warn.diskLow', params: { free: '50 MB' } },
      { key: 'diag.health.warn.noHub', params: {} },
      { key: 'diag.health.warn.syncError', params: { error: 'fetch failed' } },
      { key: 'diag.health.warn.outboxStale', params: { count: 4, age: '2 h 1 min' } },
      { key: 'diag.health.warn.refused', params: { count: 1 } },
      { key: 'diag.health.warn.clock', params: { minutes: 10 } },
      { key: 'diag.health.warn.restarts', params: { count: 2 } },
    ]);
    expect(healthWarnings({ ...HEALTHY, disk: null })).toEqual([{ key: 'diag.health.warn.diskUnknown', params: {} }]);
  });

  it('name device states in words, and a state not known yet as it is', () => {
    expect(stateWords('paperOut')).toBe('diag.state.paperOut');
    expect(stateWords('unknown')).toBe('diag.state.unknown');
    expect(stateWords('configured')).toBe('diag.state.configured');
    expect(stateWords('toString')).toBeNull();
    expect(stateWords('jammed')).toBeNull();
    const zh = (key: Parameters<typeof translate>[1]) => translate('zh-CN', key);
    expect(stateText('coverOpen', zh)).toBe('盖子开着');
    expect(stateText('jammed', zh)).toBe('jammed');
  });

  it('age the last sync by the report’s own time, not the screen’s clock', () => {
    expect(syncAgeSeconds(HEALTHY)).toBeNull();
    const synced = { ...HEALTHY, network: { ...HEALTHY.network, lastSyncAt: '2026-11-22T09:47:30.000Z' } };
    expect(syncAgeSeconds(synced)).toBe(12 * 60 + 30);
  });
});
