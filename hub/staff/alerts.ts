// Fleet alerts staff act on, worked out from each kiosk's latest heartbeat (core/protocol/diagnostics.ts).
import type { FleetAlert } from '../../core/protocol/staff.ts';

export const OFFLINE_AFTER_MS = 3_600_000;
/** Submissions waiting this long, or this many, mean the kiosk is not getting through to the hub. */
export const BACKLOG_AGE_SECONDS = 3_600;
export const BACKLOG_COUNT = 20;

interface HealthLike {
  devices?: { receiptPrinter?: string };
  outbox?: { pending?: number; oldestPendingAgeSeconds?: number | null; refused?: number };
}

export function fleetAlerts(
  entry: { lastHeartbeatAt: string | null; health: unknown; revoked: boolean },
  now: Date,
): FleetAlert[] {
  if (entry.revoked) return [];
  if (entry.lastHeartbeatAt === null) return ['never-heard'];
  const alerts: FleetAlert[] = [];
  if (now.getTime() - Date.parse(entry.lastHeartbeatAt) > OFFLINE_AFTER_MS) alerts.push('offline');
  const health = (entry.health ?? {}) as HealthLike;
  if (health.devices?.receiptPrinter === 'paperOut') alerts.push('paper-out');
  const outbox = health.outbox;
  if (
    outbox &&
    ((outbox.pending ?? 0) >= BACKLOG_COUNT || (outbox.oldestPendingAgeSeconds ?? 0) >= BACKLOG_AGE_SECONDS)
  ) {
    alerts.push('sync-backlog');
  }
  if ((outbox?.refused ?? 0) > 0) alerts.push('refused-submissions');
  return alerts;
}
