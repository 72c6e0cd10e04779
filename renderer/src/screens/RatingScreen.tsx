import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError } from '../api/client.ts';
import type { IdleTimings } from '../apply/idle.ts';
import {
  isBadRating,
  LEVEL_WORDS,
  RATING_LEVELS,
  RATING_REASONS,
  ratingComment,
  type RatingLevel,
} from '../apply/rating.ts';
import { useIdleTimer } from '../apply/useIdleTimer.ts';
import { IdlePrompt } from '../components/IdlePrompt.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { useScreenVoice } from '../assist.ts';

/** How long the thank-you stays before the kiosk goes home by itself. */
const THANKS_MS = 5000;

/** The mouth of each face: a wide smile down to a deep frown. */
const MOUTHS: Record<RatingLevel, string> = {
  1: 'M7 13.5Q12 19.5 17 13.5',
  2: 'M8 14.5Q12 17.5 16 14.5',
  3: 'M8 15.5H16',
  4: 'M8 16.5Q12 13.8 16 16.5',
  5: 'M7 17.5Q12 12 17 17.5',
};

/** A drawn face, not an emoji: every kiosk shows the same one whatever fonts it has. */
function Face({ level }: { level: RatingLevel }) {
  return (
    <svg
      className="rating-face"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="10" />
      <circle cx="8.8" cy="9.5" r="1.2" fill="currentColor" stroke="none" />
      <circle cx="15.2" cy="9.5" r="1.2" fill="currentColor" stroke="none" />
      {level === 5 && <path d="M6.8 6.8L9.6 7.8M17.2 6.8L14.4 7.8" />}
      <path d={MOUTHS[level]} />
    </svg>
  );
}

function CheckBox({ checked }: { checked: boolean }) {
  return (
    <svg
      className="rating-check"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <rect x="3" y="3" width="18" height="18" rx="3" />
      {checked && <path d="M7 12.5l3.5 3.5L17 8.5" />}
    </svg>
  );
}

export interface RatingScreenProps {
  serviceId: string;
  /** The service's name, shown so the villager knows what is being rated. */
  serviceTitle?: string;
  /** The application this rating is about, when there is one. */
  acceptanceNumber?: string;
  /** Skipped, or thanked: the kiosk goes home. */
  onFinish: () => void;
}

type Sending = 'asking' | 'sending' | 'done' | { failed: string };

/**
 * 好差评 as soon as a service finishes (DOMAIN.md §6): five large buttons, each a word and a face, never colour
 * alone. A good rating is sent with one tap; a bad one (不满意, 非常不满意) asks why with a few taps first, since
 * those are followed up. 跳过 is always there. Stored like a submission, so it waits out a network failure.
 */
export function RatingScreen({ serviceId, serviceTitle, acceptanceNumber, onFinish }: RatingScreenProps) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [bad, setBad] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<MessageKey[]>([]);
  const [state, setState] = useState<Sending>('asking');
  useScreenVoice('voice.rate', 'help.rate');
  // One rating per screen: a retry after a lost answer returns the first receipt instead of a second rating.
  const [requestId] = useState(() => crypto.randomUUID());
  const finish = useEffectEvent(onFinish);

  useEffect(() => {
    if (state !== 'done') return;
    const timer = setTimeout(() => finish(), THANKS_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const send = (level: RatingLevel, chosen: readonly MessageKey[]) => {
    setState('sending');
    const comment = ratingComment(chosen);
    client
      .call('submitRating', {
        serviceId,
        level,
        requestId,
        ...(acceptanceNumber ? { acceptanceNumber } : {}),
        ...(comment ? { comment } : {}),
      })
      .then(
        () => setState('done'),
        (error: unknown) =>
          setState({ failed: errorMessage(language, error instanceof ApiError ? error.code : 'INTERNAL') }),
      );
  };

  if (state === 'done') {
    return (
      <section className="rating-screen" data-testid="rating-screen" aria-labelledby="rating-thanks">
        <p id="rating-thanks" className="rating-thanks" data-testid="rating-thanks" role="status">
          {t('rate.thanks')}
        </p>
        <p className="done-note">{t('rate.goingHome')}</p>
        <button
          type="button"
          className="button button-primary button-large button-wide"
          data-testid="rating-home"
          onClick={onFinish}
        >
          {t('done.home')}
        </button>
      </section>
    );
  }

  const sending = state === 'sending';
  return (
    <section className="rating-screen" data-testid="rating-screen" aria-labelledby="rating-title">
      <h2 id="rating-title" className="screen-heading">
        {t('rate.heading')}
      </h2>
      {serviceTitle && <p className="done-note">{t('rate.service', { service: serviceTitle })}</p>}
      {typeof state === 'object' && (
        <p className="notice" role="alert" data-testid="rating-failed">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {state.failed}
        </p>
      )}
      <div className="rating-levels" role="group" aria-labelledby="rating-title">
        {RATING_LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            className={`button rating-level rating-level-${level}`}
            data-testid="rating-level"
            data-level={level}
            aria-pressed={bad === level}
            disabled={sending}
            onClick={() => {
              if (isBadRating(level)) setBad(level);
              else send(level, []);
            }}
          >
            <Face level={level} />
            <span className="rating-word">{t(LEVEL_WORDS[level])}</span>
            {bad === level && <span className="rating-chosen">{t('rate.chosen')}</span>}
          </button>
        ))}
      </div>
      {bad !== null && (
        <div className="rating-reasons" data-testid="rating-reasons">
          <p className="done-note">{t('rate.why')}</p>
          {RATING_REASONS.map((key) => {
            const chosen = reasons.includes(key);
            return (
              <button
                key={key}
                type="button"
                className="button rating-reason"
                data-testid="rating-reason"
                aria-pressed={chosen}
                disabled={sending}
                onClick={() => setReasons((current) => (chosen ? current.filter((k) => k !== key) : [...current, key]))}
              >
                <CheckBox checked={chosen} />
                {t(key)}
              </button>
            );
          })}
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="rating-send"
            disabled={sending}
            onClick={() => send(bad, reasons)}
          >
            {t('rate.send')}
          </button>
        </div>
      )}
      {sending && (
        <p className="notice notice-info" role="status">
          {t('rate.sending')}
        </p>
      )}
      <button type="button" className="button button-large button-wide" data-testid="rating-skip" onClick={onFinish}>
        {t('rate.skip')}
      </button>
    </section>
  );
}

export interface RatingFlowProps {
  serviceId: string;
  serviceTitle: string;
  idleTimings: IdleTimings;
  onFinish: () => void;
  onIdleTimeout: () => void;
}

/** The rating as a screen of its own (after a printed guide): left alone, it goes home like the other flows. */
export function RatingFlow({ serviceId, serviceTitle, idleTimings, onFinish, onIdleTimeout }: RatingFlowProps) {
  const idle = useIdleTimer(idleTimings, onIdleTimeout, 'rate');
  return (
    <main className="screen screen-apply screen-rate">
      <RatingScreen serviceId={serviceId} serviceTitle={serviceTitle} onFinish={onFinish} />
      {idle.secondsLeft !== null && (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepGoing} onHome={onFinish} />
      )}
    </main>
  );
}
