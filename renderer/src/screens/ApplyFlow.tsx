import { useState } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import { IdlePrompt } from '../components/IdlePrompt.tsx';
import { useI18n } from '../i18n.ts';
import { ApplicationFormScreen } from './ApplicationFormScreen.tsx';
import { ApplyDoneScreen } from './ApplyDoneScreen.tsx';
import { IdentifyScreen } from './IdentifyScreen.tsx';
import { draftFromCard, manualDraft, type ApplicationDraft } from '../apply/application.ts';
import type { IdleTimings } from '../apply/idle.ts';
import { useIdleTimer } from '../apply/useIdleTimer.ts';

export interface ApplyFlowProps {
  service: ServiceItem;
  idleTimings: IdleTimings;
  onHome: () => void;
  /** Nobody answered the "need more time?" prompt. */
  onIdleTimeout: () => void;
}

type Step =
  | { name: 'identify' }
  | { name: 'form'; draft: ApplicationDraft }
  /** No personal data is kept for this step: there is nothing to submit it to yet. */
  | { name: 'done'; usedCard: boolean };

const STEP_NUMBERS: Record<Step['name'], number> = { identify: 1, form: 2, done: 3 };

/**
 * Applying for one service: identify → form → where to go. The card holder lives only in this component's
 * state (never storage, the URL or the console), so it is gone as soon as the villager leaves the flow: Home,
 * Back, or the idle timeout all unmount it.
 */
export function ApplyFlow({ service, idleTimings, onHome, onIdleTimeout }: ApplyFlowProps) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: 'identify' });
  const holdsPersonalData = step.name !== 'done';
  const idle = useIdleTimer(idleTimings, onIdleTimeout, step.name, holdsPersonalData);

  const goTo = (next: Step) => {
    // Moving on (a card read, a button) shows someone is there.
    idle.keepGoing();
    setStep(next);
  };

  return (
    <main className="screen screen-apply" data-step={step.name}>
      <div className="apply-head">
        <p className="apply-service">{service.title}</p>
        <p className="apply-step">{t('apply.step', { n: STEP_NUMBERS[step.name] })}</p>
      </div>
      {step.name === 'identify' && (
        <IdentifyScreen
          onCardRead={(holder) => goTo({ name: 'form', draft: draftFromCard(holder) })}
          onManualEntry={() => goTo({ name: 'form', draft: manualDraft() })}
        />
      )}
      {step.name === 'form' && (
        <ApplicationFormScreen
          draft={step.draft}
          // The kiosk cannot send applications yet, so the checked details are not kept: the next screen
          // says so and sends the villager to the service window.
          onConfirm={() => goTo({ name: 'done', usedCard: step.draft.fromCard.size > 0 })}
        />
      )}
      {step.name === 'done' && <ApplyDoneScreen service={service} usedCard={step.usedCard} onHome={onHome} />}
      {idle.secondsLeft !== null && (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepGoing} onHome={onHome} />
      )}
    </main>
  );
}
