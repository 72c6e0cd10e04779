import { useEffect, useRef } from 'react';
import { useAssist } from '../assist.ts';
import { useI18n } from '../i18n.ts';

export interface IdlePromptProps {
  secondsLeft: number;
  onContinue: () => void;
  onHome: () => void;
}

/** Seconds left at which the countdown is said again. */
const SPOKEN_AT = [10, 5];

/**
 * "Need more time?" over the whole screen, with a countdown that is also spoken and two large answers. A touch
 * anywhere outside the answers counts as "yes, continue": whoever touches the screen is there.
 */
export function IdlePrompt({ secondsLeft, onContinue, onHome }: IdlePromptProps) {
  const { t } = useI18n();
  const { speak } = useAssist();
  const continueButton = useRef<HTMLButtonElement>(null);
  const firstSeconds = useRef(secondsLeft);
  useEffect(() => continueButton.current?.focus(), []);
  useEffect(() => speak(t('voice.idle', { seconds: firstSeconds.current })), [speak, t]);
  useEffect(() => {
    if (SPOKEN_AT.includes(secondsLeft) && secondsLeft < firstSeconds.current) {
      speak(t('voice.idleLeft', { seconds: secondsLeft }));
    }
  }, [secondsLeft, speak, t]);
  return (
    <div
      className="overlay"
      data-testid="idle-overlay"
      onClick={(event) => {
        if (event.target === event.currentTarget) onContinue();
      }}
    >
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-question"
        aria-describedby="idle-countdown"
        data-testid="idle-prompt"
      >
        <h2 id="idle-question" className="dialog-title">
          {t('idle.question')}
        </h2>
        <p id="idle-countdown" className="dialog-text">
          {t('idle.countdown', { seconds: secondsLeft })}
        </p>
        <div className="dialog-actions">
          <button
            ref={continueButton}
            type="button"
            className="button button-primary button-large"
            data-testid="idle-continue"
            onClick={onContinue}
          >
            {t('idle.continue')}
          </button>
          <button type="button" className="button button-large" data-testid="idle-home" onClick={onHome}>
            {t('idle.home')}
          </button>
        </div>
      </div>
    </div>
  );
}
