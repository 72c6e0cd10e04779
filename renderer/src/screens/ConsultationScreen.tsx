import { useState } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import { useAssist, useScreenVoice } from '../assist.ts';
import { useI18n } from '../i18n.ts';

export interface ConsultationScreenProps {
  service: ServiceItem;
  /** The answers were not enough: on to the call-back request. */
  onCallBack: () => void;
  onDone: () => void;
}

/**
 * 法律咨询, first step: the common questions of this kind of dispute from the catalogue, each answer shown and read
 * aloud when tapped; then a lawyer's call-back, or 12348 for a lawyer on the phone now.
 */
export function ConsultationScreen({ service, onCallBack, onDone }: ConsultationScreenProps) {
  const { t } = useI18n();
  const { speak } = useAssist();
  useScreenVoice('voice.consult', 'help.consult', { title: service.title });
  const [open, setOpen] = useState<number | null>(null);

  return (
    <section className="consultation" data-testid="consultation-screen" aria-labelledby="consult-heading">
      <h2 id="consult-heading" className="screen-prompt">
        {t('consult.heading')}
      </h2>
      <ul className="consult-questions">
        {service.faqs.map((faq, index) => (
          <li key={faq.question}>
            <button
              type="button"
              className="button button-large choice-button"
              data-testid="consult-question"
              aria-expanded={open === index}
              onClick={() => {
                setOpen(index);
                speak(`${faq.question}。${faq.answer}`);
              }}
            >
              {faq.question}
            </button>
            {open === index && (
              <p className="consult-answer" data-testid="consult-answer">
                {faq.answer}
              </p>
            )}
          </li>
        ))}
      </ul>
      <p className="notice notice-info">{t('consult.hotline')}</p>
      <div className="flow-actions">
        <button type="button" className="button button-large" data-testid="consult-done" onClick={onDone}>
          {t('consult.enough')}
        </button>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="consult-callback"
          onClick={onCallBack}
        >
          {t('consult.callback')} ›
        </button>
      </div>
    </section>
  );
}
