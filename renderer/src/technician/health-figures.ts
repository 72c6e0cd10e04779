// The health report as a technician reads it: sizes in MB/GB, durations in days/hours/minutes, device states in
// words, and the plain warnings worth acting on. Pure, so it is tested on its own (test/unit/renderer-health.test.ts).
import type { HealthReport } from '../../../core/api/contract.ts';
import type { MessageKey } from '../i18n.ts';

/** Below this the disk self-test fails too (its default, diagnostics.minFreeDiskMb); the health view warns from
 * here. The report does not carry the configured figure, so a kiosk set otherwise is judged by the default. */
export const LOW_DISK_BYTES = 200 * 1024 * 1024;
/** A submission waiting longer than this means the hub has not been reached for a while. */
export const STALE_OUTBOX_SECONDS = 3600;
/** The signed requests carry timestamps; further apart than this, the hub refuses them. */
export const CLOCK_WARNING_MS = 5 * 60_000;

export function sizeText(bytes: number): string {
  if (bytes >= 10 * 1024 ** 3) return `${Math.round(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** "3 d 4 h", "5 h 12 min", "7 min", "40 s": the two largest units that matter. */
export function durationText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${Math.floor(seconds)} s`;
}

/** Reader, receipt printer and A4 states, and what the screen calls them. */
const STATE_WORDS: Record<string, MessageKey> = {
  ready: 'diag.state.ready',
  connecting: 'diag.state.connecting',
  unavailable: 'diag.state.unavailable',
  none: 'diag.state.none',
  unknown: 'diag.state.unknown',
  paperNearEnd: 'diag.state.paperNearEnd',
  offline: 'diag.state.offline',
  coverOpen: 'diag.state.coverOpen',
  paperOut: 'diag.state.paperOut',
  error: 'diag.state.error',
  notResponding: 'diag.state.notResponding',
  disconnected: 'diag.state.disconnected',
  configured: 'diag.state.configured',
};

/** The words for a device state; null for a state this screen does not know yet (shown as it is). */
export function stateWords(state: string): MessageKey | null {
  return Object.hasOwn(STATE_WORDS, state) ? STATE_WORDS[state]! : null;
}

/** A device state as the technician reads it: its words, or the state as it is when this screen has none. */
export function stateText(state: string, t: (key: MessageKey) => string): string {
  const key = stateWords(state);
  return key ? t(key) : state;
}

/** Seconds from the last sync to the report's own time (not the screen's clock); null if never synced. */
export function syncAgeSeconds(report: HealthReport): number | null {
  if (report.network.lastSyncAt === null) return null;
  const age = Date.parse(report.at) - Date.parse(report.network.lastSyncAt);
  return Number.isNaN(age) ? null : Math.max(0, Math.floor(age / 1000));
}

export function diskLow(report: HealthReport): boolean {
  return report.disk !== null && report.disk.freeBytes < LOW_DISK_BYTES;
}

export interface HealthWarning {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** What in the report a technician should act on, most urgent first. */
export function healthWarnings(report: HealthReport): HealthWarning[] {
  const warnings: HealthWarning[] = [];
  if (report.disk === null) warnings.push({ key: 'diag.health.warn.diskUnknown', params: {} });
  else if (diskLow(report)) {
    warnings.push({ key: 'diag.health.warn.diskLow', params: { free: sizeText(report.disk.freeBytes) } });
  }
  if (report.network.hub === 'none') warnings.push({ key: 'diag.health.warn.noHub', params: {} });
  if (report.network.lastSyncError !== null) {
    warnings.push({ key: 'diag.health.warn.syncError', params: { error: report.network.lastSyncError } });
  }
  const oldest = report.outbox.oldestPendingAgeSeconds;
  if (oldest !== null && oldest > STALE_OUTBOX_SECONDS) {
    warnings.push({
      key: 'diag.health.warn.outboxStale',
      params: { count: report.outbox.pending, age: durationText(oldest) },
    });
  }
  if (report.outbox.refused > 0) {
    warnings.push({ key: 'diag.health.warn.refused', params: { count: report.outbox.refused } });
  }
  if (Math.abs(report.network.clockOffsetMs) > CLOCK_WARNING_MS) {
    warnings.push({
      key: 'diag.health.warn.clock',
      params: { minutes: Math.round(Math.abs(report.network.clockOffsetMs) / 60_000) },
    });
  }
  if (report.restarts > 0) warnings.push({ key: 'diag.health.warn.restarts', params: { count: report.restarts } });
  return warnings;
}
