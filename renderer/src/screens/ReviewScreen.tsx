import { maskDocumentNumber } from '../../../core/api/masking.ts';
import { useScreenVoice } from '../assist.ts';
import { formatBirthDate, type ApplicantDetails } from '../apply/application.ts';
import { fieldShown, type CaseAnswers, type CaseField } from '../apply/case-forms.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import type { DeclarationsResult } from './DeclarationsScreen.tsx';
import { useWords } from './CaseFormScreen.tsx';
import { FlowActions } from '../components/FlowActions.tsx';

/** The parts a villager can go back to and change. */
export type ReviewSection = 'details' | 'case' | 'declarations';

export interface ReviewScreenProps {
  applicant: ApplicantDetails;
  caseFields: readonly CaseField[];
  answers: CaseAnswers;
  declarations: DeclarationsResult | null;
  photoCount: number;
  onChange: (section: ReviewSection) => void;
  onSubmit: () => void;
  onBack: () => void;
}

/**
 * Everything the application says, once, before it is submitted: each part with 修改, which goes back to its
 * step with every answer kept. The ID number is masked (the villager saw it whole when typing or on the card).
 */
export function ReviewScreen({
  applicant,
  caseFields,
  answers,
  declarations,
  photoCount,
  onChange,
  onSubmit,
  onBack,
}: ReviewScreenProps) {
  const { t, language } = useI18n();
  const words = useWords();
  useScreenVoice('voice.review', 'help.review');
  const details: [MessageKey, string][] = [
    ['form.name', applicant.name],
    ['form.sex', applicant.sex ? t(applicant.sex === 'male' ? 'form.sex.male' : 'form.sex.female') : '—'],
    ['form.birthDate', applicant.birthDate ? formatBirthDate(applicant.birthDate, language) : '—'],
    ['form.idNumber', maskDocumentNumber(applicant.idNumber)],
    ['form.address', applicant.address || '—'],
    ['form.phone', applicant.phone],
  ];
  const shownCase = caseFields.filter((field) => fieldShown(field, answers) && (answers[field.id] ?? '') !== '');

  const section = (name: ReviewSection, heading: MessageKey, body: React.ReactNode) => (
    <section className="review-section panel" data-testid={`review-${name}`}>
      <div className="review-head">
        <h3>{t(heading)}</h3>
        <button type="button" className="button" data-testid={`review-change-${name}`} onClick={() => onChange(name)}>
          {t('review.change')}
        </button>
      </div>
      {body}
    </section>
  );

  return (
    <section className="review" data-testid="review-screen" aria-labelledby="review-heading">
      <h2 id="review-heading" className="screen-prompt">
        {t('review.heading')}
      </h2>
      {section(
        'details',
        'review.details',
        <dl className="key-values">
          {details.map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>,
      )}
      {shownCase.length > 0 &&
        section(
          'case',
          'review.case',
          <dl className="key-values">
            {shownCase.map((field) => (
              <div key={field.id}>
                <dt>{words(field.label)}</dt>
                <dd data-testid={`review-answer-${field.id}`}>
                  {words(
                    field.options?.find((option) => option.zh === answers[field.id]) ?? {
                      zh: answers[field.id]!,
                      en: answers[field.id]!,
                    },
                  )}
                </dd>
              </div>
            ))}
          </dl>,
        )}
      {declarations &&
        section(
          'declarations',
          'review.declarations',
          <p>{declarations.cannotWrite ? t('review.fingerprint') : t('review.signed')}</p>,
        )}
      <p className="review-photos">
        {t('review.photos')}: {t('review.photoCount', { count: photoCount })}
      </p>
      <FlowActions onBack={onBack}>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="review-submit"
          onClick={onSubmit}
        >
          {t('review.submit')}
        </button>
      </FlowActions>
    </section>
  );
}
