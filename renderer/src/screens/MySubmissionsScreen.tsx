import { useEffect, useState } from 'react';
import type { MySubmissions } from '../../../core/api/contract.ts';
import { citizenIdProblem } from '../../../drivers/idcard/citizen-id.ts';
import { ApiError } from '../api/client.ts';
import type { IdleTimings } from '../apply/idle.ts';
import { useIdleTimer } from '../apply/useIdleTimer.ts';
import { IdlePrompt } from '../components/IdlePrompt.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';

const STATUS_KEYS: Record<MySubmissions['submissions'][number]['status'], MessageKey> = {
  submitted: 'mine.status.submitted',
  accepted: 'mine.status.accepted',
  'in-progress': 'mine.status.inProgress',
  completed: 'mine.status.completed',
  rejected: 'mine.status.rejected',
  'needs-materials': 'mine.status.needsMaterials',
};

const DAY = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export interface MySubmissionsScreenProps {
  idleTimings: IdleTimings;
  onHome: () => void;
  onIdleTimeout: () => void;
}

/**
 * 我的办件: the villager lays the ID card on the reader (or types the number) and sees their applications with
 * their status. The ID number lives in this screen's state only and is gone when the screen is left.
 */
export function MySubmissionsScreen({ idleTimings, onHome, onIdleTimeout }: MySubmissionsScreenProps) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [result, setResult] = useState<MySubmissions | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const idle = useIdleTimer(idleTimings, onIdleTimeout, result ? 'list' : 'ask');

  const lookUp = (idNumber: string) => {
    idle.keepGoing();
    setFailure(null);
    client
      .call('getMySubmissions', { idNumber })
      .then(setResult, (error: unknown) =>
        setFailure(errorMessage(language, error instanceof ApiError ? error.code : 'INTERNAL')),
      );
  };

  useEffect(() => {
    client.call('listServices', {}).then(
      (services) => setTitles(new Map(services.map((service) => [service.id, service.title]))),
      () => undefined,
    );
    return client.subscribe((event) => {
      if (event.type === 'idcard.read') lookUp(event.holder.documentNumber);
    });
    // lookUp only reads state setters and the client.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  const submitTyped = () => {
    const id = typed.trim().toUpperCase();
    if (citizenIdProblem(id) !== null) {
      setProblem('mine.badId');
      return;
    }
    setProblem(null);
    lookUp(id);
  };

  return (
    <main className="screen screen-mine" data-testid="my-submissions" aria-labelledby="mine-title">
      <h2 id="mine-title" className="screen-heading">
        {t('mine.heading')}
      </h2>
      {!result && (
        <div className="mine-ask">
          <p className="notice notice-info notice-large">{t('mine.tapCard')}</p>
          <label className="field">
            <span className="field-label">{t('mine.orType')}</span>
            <input
              className="field-input"
              data-testid="mine-id-input"
              inputMode="text"
              autoComplete="off"
              maxLength={18}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          </label>
          {problem && (
            <p className="field-error" role="alert">
              {t(problem)}
            </p>
          )}
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="mine-look-up"
            onClick={submitTyped}
          >
            {t('mine.lookUp')}
          </button>
        </div>
      )}
      {failure && (
        <p className="notice" role="alert">
          {failure}
        </p>
      )}
      {result && (
        <section data-testid="mine-list" data-source={result.source}>
          {result.source === 'local' && <p className="notice notice-info">{t('mine.localOnly')}</p>}
          {result.submissions.length === 0 && <p className="done-note">{t('mine.none')}</p>}
          <ul className="mine-items">
            {result.submissions.map((entry) => (
              <li key={entry.acceptanceNumber} className="mine-item" data-testid="mine-item" data-status={entry.status}>
                <p className="mine-title">{titles.get(entry.serviceId) ?? entry.serviceId}</p>
                <p className="mine-number">
                  {t('mine.number')} {entry.acceptanceNumber} · {DAY.format(new Date(entry.createdAt))}
                </p>
                <p className="mine-status" data-testid="mine-status">
                  {t(STATUS_KEYS[entry.status])}
                  {!entry.delivered && ` · ${t('mine.waiting')}`}
                </p>
                {entry.reason && <p className="mine-reason">{t('mine.reason', { reason: entry.reason })}</p>}
                {entry.missing.length > 0 && (
                  <p className="mine-reason">{t('mine.missing', { list: entry.missing.join('、') })}</p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <button type="button" className="button button-large button-wide" onClick={onHome}>
        {t('done.home')}
      </button>
      {idle.secondsLeft !== null && (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepGoing} onHome={onHome} />
      )}
    </main>
  );
}
