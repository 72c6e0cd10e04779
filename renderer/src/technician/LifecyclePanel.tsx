import { useState } from 'react';
import type { KioskInfo } from '../../../core/api/contract.ts';
import { ApiError } from '../api/client.ts';
import { errorMessage, useI18n } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';

export interface LifecyclePanelProps {
  info: KioskInfo | null;
  session: string;
  onSessionEnded: () => void;
}

const ACTIONS = ['reprovision', 'decommission'] as const;
type Asked = (typeof ACTIONS)[number];

/**
 * 重新开通 and 停用 on the technician screen: each wipes all data and keys of this kiosk, so each asks again
 * before it does. Afterwards the app shows the provisioning screen by itself (provisioning.changed).
 */
export function LifecyclePanel({ info, session, onSessionEnded }: LifecyclePanelProps) {
  const { client } = useKiosk();
  const { t, language } = useI18n();
  const [asked, setAsked] = useState<Asked | null>(null);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const confirm = () => {
    if (!asked || working) return;
    setWorking(true);
    client.call('decommission', { session, reprovision: asked === 'reprovision' }).then(
      () => setWorking(false),
      (error: unknown) => {
        setWorking(false);
        setAsked(null);
        const code = error instanceof ApiError ? error.code : 'INTERNAL';
        if (code === 'TECHNICIAN_SIGN_IN_REQUIRED') onSessionEnded();
        else setFailure(errorMessage(language, code));
      },
    );
  };

  return (
    <section className="panel" data-testid="technician-lifecycle" aria-labelledby="tech-lifecycle-heading">
      <h3 id="tech-lifecycle-heading">{t('tech.lifecycle.heading')}</h3>
      {info && (
        <p>{t('tech.lifecycle.identity', { code: info.kioskCode, site: info.siteName, region: info.regionCode })}</p>
      )}
      {failure && (
        <p className="panel-error" role="alert">
          {failure}
        </p>
      )}
      <div className="panel-actions">
        {ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className="button"
            data-testid={`technician-${action}`}
            onClick={() => setAsked(action)}
          >
            {t(`tech.lifecycle.${action}`)}
          </button>
        ))}
      </div>
      {asked && (
        <div
          className="panel panel-error"
          role="alertdialog"
          aria-modal="false"
          data-testid="technician-lifecycle-confirm"
        >
          <p>
            {t(asked === 'reprovision' ? 'tech.lifecycle.confirmReprovision' : 'tech.lifecycle.confirmDecommission')}
          </p>
          <div className="panel-actions">
            <button
              type="button"
              className="button button-primary button-large"
              data-testid="technician-lifecycle-yes"
              disabled={working}
              onClick={confirm}
            >
              {working ? t('tech.lifecycle.working') : t('tech.lifecycle.confirm')}
            </button>
            <button type="button" className="button button-large" disabled={working} onClick={() => setAsked(null)}>
              {t('tech.lifecycle.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
