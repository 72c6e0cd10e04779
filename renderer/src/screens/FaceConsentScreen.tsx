import { KeyValueList } from '../components/KeyValueList.tsx';
import { useI18n } from '../i18n.ts';
import { useScreenVoice } from '../assist.ts';

export interface FaceConsentScreenProps {
  onAgree: () => void;
  /** Staff check the ID card in person instead; the application goes on just the same. */
  onDecline: () => void;
}

/**
 * Separate consent for a face photo (PIPL: biometrics are sensitive; face recognition must not be the only way).
 * Says what it is for, where the image stays and when it is deleted, and that saying no changes nothing. Both
 * answers are buttons of the same size and weight, so neither is pushed.
 */
export function FaceConsentScreen({ onAgree, onDecline }: FaceConsentScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.faceConsent', 'help.faceConsent');
  return (
    <section className="face-consent" data-testid="face-consent" aria-labelledby="consent-title">
      <h2 id="consent-title" className="screen-heading">
        {t('consent.heading')}
      </h2>
      <KeyValueList
        className="consent-terms"
        rows={[
          ['consent.purpose', t('consent.purposeText')],
          ['consent.where', t('consent.whereText')],
          ['consent.deleted', t('consent.deletedText')],
          ['consent.choice', t('consent.choiceText')],
        ]}
      />
      <div className="consent-actions">
        <button type="button" className="button button-large button-wide" data-testid="face-agree" onClick={onAgree}>
          {t('consent.agree')}
        </button>
        <button
          type="button"
          className="button button-large button-wide"
          data-testid="face-decline"
          onClick={onDecline}
        >
          {t('consent.decline')}
        </button>
      </div>
    </section>
  );
}
