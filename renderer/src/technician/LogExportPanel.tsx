// 导出日志 on the technician screen: the USB drives the kiosk sees (and its own exports folder) as large
// buttons; the back end writes the redacted bundle to the chosen one and says what it wrote, or why it could not.
import { useCallback, useEffect, useState } from 'react';
import type { LogExport, LogTarget } from '../../../core/api/contract.ts';
import { ApiError } from '../api/client.ts';
import { errorMessage, useI18n } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { sizeText } from './health-figures.ts';
import type { SelfTestPanelProps } from './SelfTestPanel.tsx';

export function LogExportPanel({ session, touched, failed }: SelfTestPanelProps) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [targets, setTargets] = useState<LogTarget[] | null>(null);
  const [working, setWorking] = useState(false);
  const [result, setResult] = useState<{ done: LogExport } | { problem: string } | null>(null);

  const list = useCallback(() => {
    client.call('listLogTargets', { session }).then(setTargets, failed);
  }, [client, session, failed]);
  useEffect(list, [list]);

  const exportTo = (target: LogTarget) => {
    if (working) return;
    touched();
    setWorking(true);
    setResult(null);
    client.call('exportLogs', { session, target: target.path }).then(
      (done) => {
        setWorking(false);
        setResult({ done });
      },
      (error: unknown) => {
        setWorking(false);
        const code = error instanceof ApiError ? error.code : 'INTERNAL';
        if (code === 'TECHNICIAN_SIGN_IN_REQUIRED') failed(error);
        else {
          setResult({ problem: errorMessage(language, code) });
          // A drive pulled out is the usual cause: list again so its button goes.
          list();
        }
      },
    );
  };

  return (
    <section className="panel" data-testid="technician-logs" aria-labelledby="tech-logs-heading">
      <h3 id="tech-logs-heading">{t('diag.logs.heading')}</h3>
      <p>{t('diag.logs.hint')}</p>
      <div className="panel-actions">
        {targets?.map((target) => (
          <button
            key={target.path}
            type="button"
            className="button button-large"
            data-testid="log-target"
            disabled={working}
            onClick={() => exportTo(target)}
          >
            {target.removable ? t('diag.logs.usb', { label: target.label }) : t('diag.logs.exports')}
          </button>
        ))}
        <button
          type="button"
          className="button"
          data-testid="log-targets-refresh"
          onClick={() => {
            touched();
            list();
          }}
        >
          {t('diag.logs.refresh')}
        </button>
      </div>
      {result && 'done' in result && (
        <p role="status" data-testid="log-export-done">
          ✓ {t('diag.logs.done', { file: result.done.file, lines: result.done.lines })} · {sizeText(result.done.bytes)}
        </p>
      )}
      {result && 'problem' in result && (
        <p className="panel-error" role="alert" data-testid="log-export-problem">
          ! {result.problem}
        </p>
      )}
    </section>
  );
}
