import { useState, type FormEvent, type ReactNode } from 'react';
import { maskDocumentNumber } from '../../../core/api/masking.ts';
import {
  checkDraft,
  DETAIL_FIELDS,
  factsFromIdNumber,
  formatBirthDate,
  hasProblems,
  normaliseIdNumber,
  normalisePhone,
  parseBirthDate,
  type ApplicantDetails,
  type ApplicationDraft,
  type DetailField,
  type FieldProblem,
} from '../apply/application.ts';
import { describedBy, FormField } from '../components/FormField.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useScreenVoice } from '../assist.ts';

export interface ApplicationFormScreenProps {
  draft: ApplicationDraft;
  /** Called with checked details; they stay in memory only. */
  onConfirm: (details: ApplicantDetails) => void;
}

/** Element ids, which are also the test ids. */
const FIELD_IDS: Record<DetailField, string> = {
  name: 'form-name',
  sex: 'form-sex',
  birthDate: 'form-birth-date',
  idNumber: 'form-id-number',
  address: 'form-address',
  phone: 'form-phone',
};

const HINTS: Partial<Record<DetailField, MessageKey>> = {
  birthDate: 'form.hint.birthDate',
  idNumber: 'form.hint.idNumber',
  phone: 'form.hint.phone',
};

const REQUIRED: readonly DetailField[] = ['name', 'idNumber', 'phone'];

/** The on-screen keyboard of each typed field (components/FieldKeyboard.tsx). */
const KEYBOARDS: Record<DetailField, string> = {
  name: 'pinyin',
  sex: 'pinyin',
  birthDate: 'numeric',
  idNumber: 'id-number',
  address: 'pinyin',
  phone: 'phone',
};

// The same limits the back end checks (core/api/contract.ts printApplicationForm), so typing stops at them.
const MAX_LENGTH: Record<DetailField, number> = {
  name: 60,
  sex: 10,
  birthDate: 20,
  idNumber: 18,
  address: 150,
  phone: 30,
};

/**
 * Step 2: the applicant's details. Fields read from the card are shown read-only (the ID number masked);
 * the rest are typed and checked, with the problem in words beside each field.
 */
export function ApplicationFormScreen({ draft, onConfirm }: ApplicationFormScreenProps) {
  const { t, language } = useI18n();
  useScreenVoice('voice.form', 'help.form');
  const [details, setDetails] = useState(draft.details);
  // Problems show from the first press of the confirm button, then follow the typing. Not on leaving a field:
  // a message appearing then would push the button away from a finger already on its way to it.
  const [triedToConfirm, setTriedToConfirm] = useState(false);
  const { fromCard } = draft;
  const problems = checkDraft({ ...draft, details });
  const problemCount = Object.keys(problems).length;

  const problemOf = (field: DetailField): FieldProblem | null => (triedToConfirm ? (problems[field] ?? null) : null);

  const change = (field: DetailField, value: string) =>
    setDetails((current) => {
      const next = { ...current, [field]: value };
      if (field === 'idNumber') {
        // A valid number already says the birth date and sex: fill them in if they are still empty.
        const facts = factsFromIdNumber(value);
        if (facts && !current.birthDate) next.birthDate = facts.birthDate;
        if (facts && !current.sex) next.sex = facts.sex;
      }
      return next;
    });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (hasProblems(problems)) {
      setTriedToConfirm(true);
      const first = DETAIL_FIELDS.find((field) => problems[field]);
      if (first) document.getElementById(first === 'sex' ? `${FIELD_IDS.sex}-male` : FIELD_IDS[first])?.focus();
      return;
    }
    onConfirm({
      ...details,
      name: details.name.trim(),
      address: details.address.trim(),
      phone: normalisePhone(details.phone),
      birthDate: parseBirthDate(details.birthDate) ?? details.birthDate,
    });
  };

  const textInput = (field: DetailField, inputMode: 'text' | 'tel' | 'numeric' = 'text') => {
    const id = FIELD_IDS[field];
    const problem = problemOf(field);
    return (
      <input
        id={id}
        data-testid={id}
        className="input"
        type={inputMode === 'tel' ? 'tel' : 'text'}
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_LENGTH[field]}
        data-keyboard={KEYBOARDS[field]}
        value={details[field]}
        aria-invalid={problem !== null}
        aria-describedby={describedBy(id, field in HINTS, problem !== null)}
        onChange={(event) => change(field, normalise(field, event.target.value))}
      />
    );
  };

  /** A field: the card's value as text when the card gave it, else the control to type it. */
  const field = (name: DetailField, control: () => ReactNode, cardText: () => string) => {
    const hint = HINTS[name];
    return (
      <FormField
        id={FIELD_IDS[name]}
        label={t(`form.${name}`)}
        fromCard={fromCard.has(name)}
        labelsControl={name !== 'sex'}
        required={REQUIRED.includes(name)}
        hint={hint && t(hint)}
        problem={problemOf(name)}
      >
        {fromCard.has(name) ? (
          <p className="field-value" data-testid={FIELD_IDS[name]}>
            {cardText()}
          </p>
        ) : (
          control()
        )}
      </FormField>
    );
  };

  const sexText = (sex: ApplicantDetails['sex']) =>
    sex ? t(sex === 'male' ? 'form.sex.male' : 'form.sex.female') : '';

  return (
    <form className="application-form" data-testid="application-form" noValidate autoComplete="off" onSubmit={confirm}>
      <h2 className="screen-heading">{t(fromCard.size > 0 ? 'form.headingCard' : 'form.headingManual')}</h2>
      <div className={fromCard.size > 0 ? 'form-identity form-identity-card' : 'form-identity'}>
        <div className="form-identity-fields">
          {field(
            'name',
            () => textInput('name'),
            () => details.name,
          )}
          {field(
            'sex',
            () => (
              <SexChoice
                value={details.sex}
                labelId={`${FIELD_IDS.sex}-label`}
                onChange={(sex) => change('sex', sex)}
              />
            ),
            () => sexText(details.sex),
          )}
          {field(
            'birthDate',
            () => textInput('birthDate', 'numeric'),
            () => formatBirthDate(details.birthDate, language),
          )}
        </div>
        {fromCard.size > 0 && <CardPhoto photo={draft.photo} />}
      </div>
      {field(
        'idNumber',
        () => textInput('idNumber'),
        // Only the masked number reaches the page; the full one stays in memory.
        () => maskDocumentNumber(details.idNumber),
      )}
      {field(
        'address',
        () => textInput('address'),
        () => details.address,
      )}
      {field(
        'phone',
        () => textInput('phone', 'tel'),
        () => details.phone,
      )}
      {triedToConfirm && problemCount > 0 && (
        <p className="notice" role="alert" data-testid="form-problems">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {t('form.fixBelow', { n: problemCount })}
        </p>
      )}
      <button type="submit" className="button button-primary button-large button-wide" data-testid="form-confirm">
        {t('form.confirm')}
      </button>
    </form>
  );
}

function normalise(field: DetailField, value: string): string {
  if (field === 'idNumber') return normaliseIdNumber(value);
  if (field === 'phone') return normalisePhone(value);
  return value;
}

function SexChoice({
  value,
  labelId,
  onChange,
}: {
  value: ApplicantDetails['sex'];
  labelId: string;
  onChange: (sex: 'male' | 'female') => void;
}) {
  const { t } = useI18n();
  return (
    <div className="choices" role="radiogroup" aria-labelledby={labelId} data-testid={FIELD_IDS.sex}>
      {(['male', 'female'] as const).map((sex) => (
        <label key={sex} className="choice">
          <input
            id={`${FIELD_IDS.sex}-${sex}`}
            type="radio"
            name="sex"
            value={sex}
            checked={value === sex}
            onChange={() => onChange(sex)}
          />
          {t(sex === 'male' ? 'form.sex.male' : 'form.sex.female')}
        </label>
      ))}
    </div>
  );
}

/** The card photo when the kiosk can decode it; otherwise a neutral figure, so the layout stays the same. */
function CardPhoto({ photo }: { photo: string | null }) {
  const { t } = useI18n();
  return (
    <figure className="card-photo" data-testid="form-photo">
      {photo ? (
        <img className="card-photo-image" src={photo} alt={t('form.photoAlt')} />
      ) : (
        <div className="card-photo-placeholder" aria-hidden="true">
          <span className="card-photo-head" />
          <span className="card-photo-body" />
        </div>
      )}
      <figcaption>{t('form.photo')}</figcaption>
    </figure>
  );
}
