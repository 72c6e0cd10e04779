import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';

/** 好差评 levels in the GB/T 39046 coding (1 非常满意 … 5 非常不满意), each with its word and a face. */
const LEVELS: { level: number; key: MessageKey; face: string }[] = [
  { level: 1, key: 'rate.1', face: '😄' },
  { level: 2, key: 'rate.2', face: '🙂' },
  { level: 3, key: 'rate.3', face: '😐' },
  { level: 4, key: 'rate.4', face: '🙁' },
  { level: 5, key: 'rate.5', face: '😞' },
];
const REASONS: MessageKey[] = [
  'rate.reason.wait',
  'rate.reason.hard',
  'rate.reason.unclear',
  'rate.reason.device',
  'rate.reason.other',
];

/**
 * The rating of a finished service, right where it finished: five large buttons with words (never colour
 * alone); a bad rating asks why with a few taps, since typing is hard for many. Stored like a submission.
 */
export function RatingPanel({ serviceId, acceptanceNumber }: { serviceId: string; acceptanceNumber: string }) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [bad, setBad] = useState<number | null>(null);
  const [reasons, setReasons] = useState<MessageKey[]>([]);
  const [state, setState] = useState<'asking' | 'sending' | 'done' | { failed: string }>('asking');

  const send = (level: number, chosen: MessageKey[]) => {
    setState('sending');
    const comment = chosen.map((key) => t(key)).join('、');
    client.call('submitRating', { serviceId, level, acceptanceNumber, ...(comment ? { comment } : {}) }).then(
      () => setState('done'),
      (error: unknown) =>
        setState({ failed: errorMessage(language, error instanceof ApiError ? error.code : 'INTERNAL') }),
    );
  };

  if (state === 'done') {
    return (
      <p className="rating-thanks" data-testid="rating-thanks">
        {t('rate.thanks')}
      </p>
    );
  }
  return (
    <section className="rating" data-testid="rating" aria-labelledby="rating-title">
      <h3 id="rating-title" className="rating-title">
        {t('rate.heading')}
      </h3>
      {typeof state === 'object' && (
        <p className="notice" role="alert">
          {state.failed}
        </p>
      )}
      {bad === null ? (
        <div className="rating-levels">
          {LEVELS.map(({ level, key, face }) => (
            <button
              key={level}
              type="button"
              className="button rating-level"
              data-level={level}
              disabled={state === 'sending'}
              onClick={() => (level >= 4 ? setBad(level) : send(level, []))}
            >
              <span aria-hidden="true">{face}</span> {t(key)}
            </button>
          ))}
        </div>
      ) : (
        <div className="rating-reasons">
          <p className="done-note">{t('rate.why')}</p>
          {REASONS.map((key) => (
            <button
              key={key}
              type="button"
              className="button rating-reason"
              aria-pressed={reasons.includes(key)}
              onClick={() =>
                setReasons((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key]))
              }
            >
              {reasons.includes(key) ? '☑ ' : '☐ '}
              {t(key)}
            </button>
          ))}
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="rating-send"
            disabled={state === 'sending'}
            onClick={() => send(bad, reasons)}
          >
            {t('rate.send')}
          </button>
        </div>
      )}
    </section>
  );
}
