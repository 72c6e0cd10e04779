// 健康状况 on the technician screen: the same report as `kioskctl health` and the heartbeat, read every 30 s
// while the screen is open, with the figures worth acting on called out in words (never colour alone).
import { useCallback, useEffect, useState } from 'react';
import type { HealthReport } from '../../../core/api/contract.ts';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { durationText, healthWarnings, sizeText } from './health-figures.ts';
import type { SelfTestPanelProps } from './SelfTestPanel.tsx';

const REFRESH_MS = 30_000;

export function HealthPanel({ session, touched, failed }: SelfTestPanelProps) {
  const { t } = useI18n();
  const { client } = useKiosk();
  const [report, setReport] = useState<HealthReport | null>(null);

  const load = useCallback(() => {
    client.call('getHealth', { session }).then(setReport, failed);
  }, [client, session, failed]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const rows: [MessageKey, string][] = report
    ? [
        ['diag.health.version', report.appVersion],
        ['diag.health.uptime', durationText(report.uptimeSeconds)],
        ['diag.health.restarts', String(report.restarts)],
        [
          'diag.health.devices',
          `${report.devices.idcard} · ${report.devices.receiptPrinter} · A4 ${report.devices.a4Printer}`,
        ],
        ['diag.health.catalogue', report.catalogue.version === null ? '—' : String(report.catalogue.version)],
        [
          'diag.health.outbox',
          report.outbox.oldestPendingAgeSeconds === null
            ? String(report.outbox.pending)
            : `${report.outbox.pending} (${durationText(report.outbox.oldestPendingAgeSeconds)})`,
        ],
        ['diag.health.lastSync', report.network.lastSyncAt ?? '—'],
        ['diag.health.clock', `${Math.round(report.network.clockOffsetMs / 1000)} s`],
        [
          'diag.health.disk',
          report.disk ? `${sizeText(report.disk.freeBytes)} / ${sizeText(report.disk.totalBytes)}` : '—',
        ],
        ['diag.health.memory', `${sizeText(report.memory.rssBytes)} / ${sizeText(report.memory.systemFreeBytes)}`],
      ]
    : [];
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
