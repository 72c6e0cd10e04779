import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n.ts';

export interface IdlePromptProps {
  secondsLeft: number;
  onContinue: () => void;
  onHome: () => void;
}

/** "Need more time?" over the whole screen, with a countdown and two large answers. */
export function IdlePrompt({ secondsLeft, onContinue, onHome }: IdlePromptProps) {
  const { t } = useI18n();
  const continueButton = useRef<HTMLButtonElement>(null);
  useEffect(() => continueButton.current?.focus(), []);
  return (
    <div className="overlay">
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
