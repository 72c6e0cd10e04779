// kioskctl outbox status | sync --now: the technician's view of the submissions queue on this kiosk (depth,
// oldest waiting, last sync, last error, refused submissions) and a sync round on demand. Both read the kiosk's
// own config and data folder, so they work beside a running kiosk (SQLite WAL; the hub de-duplicates).
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openDatabase } from '../db/database.ts';
import { loadDeviceKeys } from '../outbox/device-keys.ts';
import { SignedHubClient } from '../outbox/hub-client.ts';
import { OUTBOX_MIGRATIONS } from '../outbox/migrations/index.ts';
import { Outbox } from '../outbox/outbox.ts';
import { SyncWorker } from '../outbox/sync-worker.ts';
import { kioskConfigOf, KIOSK_CONFIG_OPTIONS } from './kiosk-config-args.ts';
import { CliError, EXIT, printJson, printLines } from './output.ts';

const OPTIONS = {
  ...KIOSK_CONFIG_OPTIONS,
  json: { type: 'boolean', default: false },
  now: { type: 'boolean', default: false },
} as const;

function openKioskOutbox(args: string[], rootDir: string) {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  const { config, dataDir } = kioskConfigOf(values, rootDir);
  const keys = loadDeviceKeys(path.resolve(dataDir, config.outbox.keysDir));
  const db = openDatabase(path.join(dataDir, 'outbox.sqlite'), OUTBOX_MIGRATIONS);
  const outbox = new Outbox({ db, kioskCode: config.kioskCode, dataKey: keys.dataKey });
  return { values, config, keys, db, outbox };
}

function ageOf(iso: string | null): string {
  if (!iso) return '—';
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

export async function outboxStatus(args: string[], rootDir: string): Promise<void> {
  const { values, db, outbox, config } = openKioskOutbox(args, rootDir);
  try {
    const summary = outbox.summary();
    const report = {
      kioskCode: config.kioskCode,
      hub: config.outbox.hubUrl ?? config.catalogue.hubUrl ?? null,
      ...summary,
      lastSyncAt: outbox.getState('lastSyncAt'),
      lastError: outbox.getState('lastError') || null,
      refused: outbox.rejected().map((entry) => ({
        acceptanceNumber: entry.acceptanceNumber,
        reason: entry.lastError,
      })),
    };
    if (values.json) {
      printJson(report);
      return;
    }
    printLines([
      `kiosk ${report.kioskCode} → ${report.hub ?? 'no hub configured: submissions wait on this kiosk'}`,
      `waiting: ${summary.pending + summary.sent} (oldest ${ageOf(summary.oldestPendingAt)}), delivered: ${summary.acknowledged}, refused: ${summary.rejected}`,
      `last sync: ${report.lastSyncAt ?? 'never'}${report.lastError ? `; last error: ${report.lastError}` : ''}`,
      ...report.refused.map((entry) => `  refused ${entry.acceptanceNumber}: ${entry.reason ?? ''}`),
    ]);
  } finally {
    db.close();
  }
}

export async function outboxSync(args: string[], rootDir: string): Promise<void> {
  const { values, db, outbox, config, keys } = openKioskOutbox(args, rootDir);
  try {
    if (!values.now) throw new CliError(EXIT.usage, 'usage: kioskctl outbox sync --now [--config FILE]');
    const hubUrl = config.outbox.hubUrl ?? config.catalogue.hubUrl;
    if (!hubUrl) throw new CliError(EXIT.usage, 'no hub is configured (outbox.hubUrl or catalogue.hubUrl)');
    const client = new SignedHubClient({
      hubUrl,
      kioskCode: config.kioskCode,
      signingKey: keys.signingKey,
      clockOffset: {
        get: () => Number(outbox.getState('clockOffsetMs') ?? 0),
        set: (ms) => outbox.setState('clockOffsetMs', String(ms)),
      },
    });
    const worker = new SyncWorker({
      outbox,
      client,
      log: pino({ level: 'silent' }),
      retentionDays: config.outbox.retentionDays,
    });
    // Until the queue is empty or a round fails: one press of the button delivers everything it can.
    let total = { sent: 0, acknowledged: 0, rejected: 0, statusUpdates: 0 };
    for (;;) {
      const round = await worker.syncNow();
      total = {
        sent: total.sent + round.sent,
        acknowledged: total.acknowledged + round.acknowledged,
        rejected: total.rejected + round.rejected,
        statusUpdates: total.statusUpdates + round.statusUpdates,
      };
      if (!round.ok) {
        if (values.json) printJson({ ok: false, ...total, error: round.error });
        throw new CliError(EXIT.noDevice, `sync stopped: ${round.error}`, round.error?.split(':')[0]);
      }
      if (round.sent === 0 || outbox.summary().pending === 0) break;
    }
    if (values.json) printJson({ ok: true, ...total, waiting: outbox.summary().pending });
    else
      printLines([
        `sent ${total.sent}, delivered ${total.acknowledged}, refused ${total.rejected}, status changes ${total.statusUpdates}; waiting ${outbox.summary().pending}`,
      ]);
  } finally {
    db.close();
  }
}
