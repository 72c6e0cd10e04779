import { useEffect, useRef, useState } from 'react';
import type { IdCardProblem, MySubmissions } from '../../../core/api/contract.ts';
import { maskDocumentNumber } from '../../../core/api/masking.ts';
import { citizenIdProblem } from '../../../drivers/idcard/citizen-id.ts';
import { ApiError } from '../api/client.ts';
import { normaliseIdNumber } from '../apply/application.ts';
import type { IdleTimings } from '../apply/idle.ts';
import { readerWorks, useCardReader } from '../apply/useCardReader.ts';
import { useIdleTimer } from '../apply/useIdleTimer.ts';
import { chinaDay } from '../china-time.ts';
import { IdlePrompt } from '../components/IdlePrompt.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { useScreenVoice } from '../assist.ts';

type SubmissionStatus = MySubmissions['submissions'][number]['status'];

export const STATUS_KEYS: Record<SubmissionStatus, MessageKey> = {
  submitted: 'mine.status.submitted',
  accepted: 'mine.status.accepted',
  'in-progress': 'mine.status.inProgress',
  completed: 'mine.status.completed',
  rejected: 'mine.status.rejected',
  'needs-materials': 'mine.status.needsMaterials',
};

const CARD_PROBLEMS: Record<IdCardProblem, MessageKey> = {
  IDCARD_ID_NUMBER_INVALID: 'idcard.problem.IDCARD_ID_NUMBER_INVALID',
  IDCARD_CARD_LEFT: 'idcard.problem.IDCARD_CARD_LEFT',
  IDCARD_UNREADABLE: 'idcard.problem.IDCARD_UNREADABLE',
};

/** What the screen shows: asking for a card or number, looking up, or the list (with the number masked). */
type Lookup =
  { phase: 'ask' } | { phase: 'looking'; masked: string } | { phase: 'found'; masked: string; result: MySubmissions };

export interface MySubmissionsScreenProps {
  idleTimings: IdleTimings;
  onHome: () => void;
  onIdleTimeout: () => void;
}

/**
 * 我的办件: the villager lays the ID card on the reader (or types the number, checked as the form checks it) and
 * sees their applications with their status, reason and missing papers. The full ID number is never on screen
 * once looked up (only masked), is cleared from the box at once, and lives nowhere but this screen's memory.
 * Left alone, the screen goes home like the apply flow.
 */
export function MySubmissionsScreen({ idleTimings, onHome, onIdleTimeout }: MySubmissionsScreenProps) {
  const { t, language } = useI18n();
  useScreenVoice('voice.mine', 'help.mine');
  const { client } = useKiosk();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [lookup, setLookup] = useState<Lookup>({ phase: 'ask' });
  const [failure, setFailure] = useState<string | null>(null);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  // Only the newest lookup's answer is shown.
  const lookupCount = useRef(0);
  const idle = useIdleTimer(idleTimings, onIdleTimeout, lookup.phase);

  const lookUp = (idNumber: string) => {
    idle.keepGoing();
    setFailure(null);
    setProblem(null);
    setTyped('');
    const masked = maskDocumentNumber(idNumber);
    const count = ++lookupCount.current;
    setLookup({ phase: 'looking', masked });
    client.call('getMySubmissions', { idNumber }).then(
      (result) => count === lookupCount.current && setLookup({ phase: 'found', masked, result }),
      (error: unknown) => {
        if (count !== lookupCount.current) return;
        setLookup({ phase: 'ask' });
        setFailure(errorMessage(language, error instanceof ApiError ? error.code : 'INTERNAL'));
      },
    );
  };

  const reader = useCardReader({
    // An expired card still says whose applications to show.
    onRead: (holder) => lookUp(holder.documentNumber),
    onProblem: (cardProblem) => setProblem(CARD_PROBLEMS[cardProblem]),
  });

  useEffect(() => {
    let current = true;
    client.call('listServices', {}).then(
      (services) => current && setTitles(new Map(services.map((service) => [service.id, service.title]))),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client]);

  const submitTyped = () => {
    const id = normaliseIdNumber(typed);
    if (citizenIdProblem(id) !== null) {
      setProblem('mine.badId');
      return;
    }
    lookUp(id);
  };

  return (
    <main className="screen screen-mine" data-testid="my-submissions" aria-labelledby="mine-title">
      <h2 id="mine-title" className="screen-heading">
        {t('mine.heading')}
      </h2>
      {lookup.phase === 'ask' && (
        <div className="mine-ask" data-reader={reader}>
          {readerWorks(reader) ? (
            <p className="notice notice-info notice-large">{t('mine.tapCard')}</p>
          ) : (
            <p className="notice notice-large" data-testid="mine-reader-unavailable">
              <span className="notice-mark" aria-hidden="true">
                !
              </span>
              {t('mine.readerUnavailable')}
            </p>
          )}
          <label className="field">
            <span className="field-label">{t('mine.orType')}</span>
            <input
              className="field-input"
              data-testid="mine-id-input"
              data-keyboard="id-number"
              inputMode="text"
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              maxLength={22}
              value={typed}
              aria-invalid={problem === 'mine.badId'}
              onChange={(event) => setTyped(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') submitTyped();
              }}
            />
          </label>
          {problem && (
            <p className="field-error" role="alert" data-testid="mine-problem">
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
        <p className="notice" role="alert" data-testid="mine-failed">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {failure}
        </p>
      )}
      {lookup.phase === 'looking' && (
        <p className="notice notice-info notice-large" role="status" data-testid="mine-looking">
          {t('mine.lookingUp')}
        </p>
      )}
      {lookup.phase === 'found' && (
        <section data-testid="mine-list" data-source={lookup.result.source} aria-labelledby="mine-for">
          <p id="mine-for" className="mine-for" data-testid="mine-for">
            {t('mine.forId', { id: lookup.masked })}
          </p>
          {lookup.result.source === 'local' && (
            <p className="notice notice-info" data-testid="mine-local-only">
              {t('mine.localOnly')}
            </p>
          )}
          {lookup.result.submissions.length === 0 && <p className="done-note">{t('mine.none')}</p>}
          <ul className="mine-items">
            {lookup.result.submissions.map((entry) => (
              <li key={entry.acceptanceNumber} className="mine-item" data-testid="mine-item" data-status={entry.status}>
                <p className="mine-title">{titles.get(entry.serviceId) ?? entry.serviceId}</p>
                <p className="mine-number">
                  {t('mine.number')} <span className="mine-number-value">{entry.acceptanceNumber}</span> ·{' '}
                  {chinaDay(entry.createdAt, language)}
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
          <button
            type="button"
            className="button button-large button-wide"
            data-testid="mine-again"
            onClick={() => {
              idle.keepGoing();
              setLookup({ phase: 'ask' });
            }}
          >
            {t('mine.again')}
          </button>
        </section>
      )}
      <button type="button" className="button button-large button-wide mine-home" onClick={onHome}>
        {t('done.home')}
      </button>
      {idle.secondsLeft !== null && (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepGoing} onHome={onHome} />
      )}
    </main>
  );
}
