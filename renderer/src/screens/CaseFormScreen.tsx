import { useState, type FormEvent } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import { useScreenVoice } from '../assist.ts';
import { ageOn, bookableSlots, FREE_WILL_AGE } from '../apply/appointment.ts';
import { checkCaseAnswers, fieldShown, type CaseAnswers, type CaseField, type Words } from '../apply/case-forms.ts';
import { describedBy, FormField } from '../components/FormField.tsx';
import { useI18n } from '../i18n.ts';
import { chinaDay } from '../../../drivers/china-time.ts';
import { FlowActions } from '../components/FlowActions.tsx';

export interface CaseFormScreenProps {
  service: ServiceItem;
  title: Words;
  fields: readonly CaseField[];
  /** Kept by the flow, so going back and forth loses nothing. */
  answers: CaseAnswers;
  onChange: (answers: CaseAnswers) => void;
  /** The applicant's birth date (YYYY-MM-DD) when known: a will is free at 70. */
  birthDate: string | null;
  onConfirm: () => void;
  onBack: () => void;
}

/** The keyboard each kind of field wants (renderer/src/keyboard picks it up from data-keyboard). */
const KEYBOARDS: Partial<Record<CaseField['kind'], string>> = {
  text: 'pinyin',
  longText: 'pinyin',
  date: 'numeric',
  phone: 'phone',
  number: 'numeric',
};

/** The words of the screen's language. */
export function useWords(): (words: Words) => string {
  const { language } = useI18n();
  return (words) => (language === 'en' ? words.en : words.zh);
}

/**
 * The case questions of a legal service (case-forms.ts): large fields, choices as large buttons, dates and
 * numbers checked in plain words once the villager presses 下一步, and 上一步 without losing anything.
 */
export function CaseFormScreen({
  service,
  title,
  fields,
  answers,
  onChange,
  birthDate,
  onConfirm,
  onBack,
}: CaseFormScreenProps) {
  const { t } = useI18n();
  const words = useWords();
  useScreenVoice('voice.case', 'help.case', { title: words(title) });
  const [tried, setTried] = useState(false);
  const problems = checkCaseAnswers(fields, answers);
  const problemCount = Object.keys(problems).length;
  const set = (id: string, value: string) => onChange({ ...answers, [id]: value });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (problemCount > 0) {
      setTried(true);
      const first = fields.find((field) => problems[field.id]);
      if (first) document.getElementById(`case-${first.id}`)?.focus();
      return;
    }
    onConfirm();
  };

  const today = chinaDay(new Date());
  const age = birthDate ? ageOn(birthDate, today) : null;
  const freeWill = service.id === 'gongzheng-yizhu' && age !== null && age >= FREE_WILL_AGE;

  const control = (field: CaseField) => {
    const id = `case-${field.id}`;
    const value = answers[field.id] ?? '';
    const problem = tried ? (problems[field.id] ?? null) : null;
    const common = {
      id,
      'data-testid': id,
      'aria-invalid': problem !== null,
      'aria-describedby': describedBy(id, field.hint !== undefined, problem !== null),
    };
    if (field.kind === 'choice' || field.kind === 'slot') {
      const options =
        field.kind === 'slot'
          ? service.appointmentSlots
            ? bookableSlots(service.appointmentSlots, new Date()).map((slot) => ({ zh: slot.value, en: slot.value }))
            : []
          : (field.options ?? []);
      if (options.length === 0) return <p className="notice">{t('case.slotNone')}</p>;
      return (
        <div
          className={`choices${field.kind === 'slot' ? ' choices-slots' : ''}`}
          role="radiogroup"
          aria-labelledby={`${id}-label`}
          data-testid={id}
        >
          {options.map((option, index) => (
            <label key={option.zh} className="choice">
              <input
                id={index === 0 ? id : `${id}-${index}`}
                type="radio"
                name={id}
                value={option.zh}
                checked={value === option.zh}
                onChange={() => set(field.id, option.zh)}
              />
              {words(option)}
            </label>
          ))}
        </div>
      );
    }
    if (field.kind === 'longText') {
      return (
        <textarea
          {...common}
          className="input input-long"
          rows={4}
          maxLength={1000}
          data-keyboard={KEYBOARDS.longText}
          value={value}
          onChange={(event) => set(field.id, event.target.value)}
        />
      );
    }
    return (
      <input
        {...common}
        className="input"
        type={field.kind === 'phone' ? 'tel' : 'text'}
        inputMode={field.kind === 'text' ? 'text' : field.kind === 'phone' ? 'tel' : 'numeric'}
        autoComplete="off"
        spellCheck={false}
        maxLength={field.kind === 'text' ? 100 : 20}
        placeholder={field.kind === 'date' ? '2026-12-01' : undefined}
        data-keyboard={KEYBOARDS[field.kind]}
        value={value}
        onChange={(event) => set(field.id, event.target.value)}
      />
    );
  };

  return (
    <form className="case-form" data-testid="case-form" noValidate autoComplete="off" onSubmit={confirm}>
      <h2 className="screen-prompt">{words(title)}</h2>
      {freeWill && (
        <p className="notice notice-info" data-testid="free-will">
          {t('case.freeWill')}
        </p>
      )}
      {fields
        .filter((field) => fieldShown(field, answers))
        .map((field) => (
          <FormField
            key={field.id}
            id={`case-${field.id}`}
            label={field.required ? words(field.label) : `${words(field.label)}（${t('case.optional')}）`}
            labelsControl={field.kind !== 'choice' && field.kind !== 'slot'}
            required={field.required}
            hint={field.hint && words(field.hint)}
            problem={tried ? (problems[field.id] ?? null) : null}
          >
            {control(field)}
          </FormField>
        ))}
      {tried && problemCount > 0 && (
        <p className="notice" role="alert" data-testid="case-problems">
          {t('case.problems', { count: problemCount })}
        </p>
      )}
      <FlowActions onBack={onBack}>
        <button type="submit" className="button button-primary button-large" data-testid="case-confirm">
          {t('flow.next')} ›
        </button>
      </FlowActions>
    </form>
  );
}
