import { useState } from 'react';
import { useAssist, useScreenVoice } from '../assist.ts';
import type { Words } from '../apply/case-forms.ts';
import { HARDSHIP_TEST, MEANS_TESTED, NO_MEANS_TEST } from '../apply/legal-aid.ts';
import { useI18n } from '../i18n.ts';
import { useWords } from './CaseFormScreen.tsx';
import { FlowActions } from '../components/FlowActions.tsx';

export interface EligibilityScreenProps {
  /** The group chosen (Chinese text), or MEANS_TESTED; the flow asks the hardship figures for the latter. */
  onDone: (group: Words) => void;
  onBack: () => void;
}

/**
 * Legal aid, first step: who needs no means test, as large buttons; "none of these" explains the Guangdong
 * hardship test in plain words (and reads it aloud) before going on. Nobody is turned away here: staff decide.
 */
export function EligibilityScreen({ onDone, onBack }: EligibilityScreenProps) {
  const { t } = useI18n();
  const words = useWords();
  const { speak } = useAssist();
  useScreenVoice('voice.eligibility', 'help.eligibility');
  const [chosen, setChosen] = useState<Words | null>(null);

  const choose = (group: Words) => {
    setChosen(group);
    speak(group === MEANS_TESTED ? words(HARDSHIP_TEST) : t('eligibility.noTest', { group: words(group) }));
  };

  return (
    <section className="eligibility" data-testid="eligibility-screen" aria-labelledby="eligibility-heading">
      <h2 id="eligibility-heading" className="screen-prompt">
        {t('eligibility.heading')}
      </h2>
      <p>{t('eligibility.question')}</p>
      <div className="choice-buttons" role="group" aria-labelledby="eligibility-heading">
        {[...NO_MEANS_TEST, MEANS_TESTED].map((group) => (
          <button
            key={group.zh}
            type="button"
            className="button button-large choice-button"
            data-testid="eligibility-group"
            aria-pressed={chosen === group}
            onClick={() => choose(group)}
          >
            {chosen === group && <span aria-hidden="true">✓ </span>}
            {words(group)}
          </button>
        ))}
      </div>
      {chosen && (
        <p className="notice notice-info" role="status" data-testid="eligibility-answer">
          {chosen === MEANS_TESTED ? words(HARDSHIP_TEST) : t('eligibility.noTest', { group: words(chosen) })}
        </p>
      )}
      <FlowActions onBack={onBack}>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="eligibility-continue"
          disabled={!chosen}
          onClick={() => chosen && onDone(chosen)}
        >
          {t('eligibility.continue')} ›
        </button>
      </FlowActions>
    </section>
  );
}
