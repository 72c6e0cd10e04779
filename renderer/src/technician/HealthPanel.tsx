// 健康状况 on the technician screen: the same report as `kioskctl health` and the heartbeat, read every 30 s
// while the screen is open (and at once when a device changes state), every figure in words, with the ones
// worth acting on called out (never colour alone).
import { useCallback, useEffect, useState } from 'react';
import type { HealthReport } from '../../../core/api/contract.ts';
import { chinaDateTime, chinaDay } from '../china-time.ts';
import { KeyValueList, type KeyValueRow } from '../components/KeyValueList.tsx';
import { useI18n, type I18n, type Language } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { diskLow, durationText, healthWarnings, sizeText, stateText, syncAgeSeconds } from './health-figures.ts';
import type { SelfTestPanelProps } from './SelfTestPanel.tsx';

const REFRESH_MS = 30_000;

export function HealthPanel({ session, touched, failed }: SelfTestPanelProps) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [report, setReport] = useState<HealthReport | null>(null);

  const load = useCallback(() => {
    client.call('getHealth', { session }).then(setReport, failed);
  }, [client, session, failed]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    // A device changing state is read again at once, so this panel never contradicts 设备 above it.
    const stop = client.subscribe((event) => {
      if (event.type === 'printer.status' || event.type === 'idcard.status') load();
    });
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [load, client]);

  const rows = report ? healthRows(report, t, language) : [];
  const warnings = report ? healthWarnings(report) : [];

  return (
    <section className="panel" data-testid="technician-health" aria-labelledby="tech-health-heading">
      <h3 id="tech-health-heading">{t('diag.health.heading')}</h3>
      {warnings.length > 0 && (
        <ul className="health-warnings" data-testid="health-warnings">
          {warnings.map((warning) => (
            <li key={warning.key}>
              <span aria-hidden="true">! </span>
              {t(warning.key, warning.params)}
            </li>
          ))}
        </ul>
      )}
      {report && warnings.length === 0 && <p data-testid="health-fine">✓ {t('diag.health.fine')}</p>}
      <KeyValueList rows={rows} className="technician-facts" />
      <button
        type="button"
        className="button"
        data-testid="health-refresh"
        onClick={() => {
          touched();
          load();
        }}
      >
        {t('diag.health.refresh')}
      </button>
    </section>
  );
}

/** Every figure of the report, as the technician reads it; the ones to act on marked. */
function healthRows(report: HealthReport, t: I18n['t'], language: Language): KeyValueRow[] {
  const state = (value: string) => stateText(value, t);
  const syncAge = syncAgeSeconds(report);
  const { catalogue, disk, memory, network, outbox } = report;
  return [
    ['diag.health.version', report.appVersion],
    ['diag.health.uptime', durationText(report.uptimeSeconds)],
    ['diag.health.restarts', String(report.restarts), report.restarts > 0],
    ['tech.devices.reader', state(report.devices.idcard)],
    ['tech.devices.receipt', state(report.devices.receiptPrinter)],
    ['tech.devices.a4', state(report.devices.a4Printer)],
    ['diag.health.hub', state(network.hub), network.hub === 'none'],
    [
      'diag.health.lastSync',
      network.lastSyncAt === null
        ? t('diag.health.never')
        : `${chinaDateTime(network.lastSyncAt, language)} · ${t('diag.health.ago', { age: durationText(syncAge ?? 0) })}`,
    ],
    ...(network.lastSyncError === null ? [] : [['diag.health.syncError', network.lastSyncError, true] as KeyValueRow]),
    ['diag.health.clock', `${Math.round(network.clockOffsetMs / 1000)} s`],
    [
      'diag.health.catalogue',
      catalogue.version === null
        ? '—'
        : [String(catalogue.version), catalogue.created ? chinaDay(catalogue.created, language) : null]
            .filter(Boolean)
            .join(' · '),
    ],
    ['diag.health.outbox', String(outbox.pending)],
    [
      'diag.health.outboxOldest',
      outbox.oldestPendingAgeSeconds === null ? '—' : durationText(outbox.oldestPendingAgeSeconds),
    ],
    ['diag.health.refused', String(outbox.refused), outbox.refused > 0],
    ['diag.health.disk', disk ? `${sizeText(disk.freeBytes)} / ${sizeText(disk.totalBytes)}` : '—', diskLow(report)],
    ['diag.health.memory', sizeText(memory.rssBytes)],
    ['diag.health.systemMemory', `${sizeText(memory.systemFreeBytes)} / ${sizeText(memory.systemTotalBytes)}`],
  ];
}
