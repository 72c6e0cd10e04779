import type { ReactNode } from 'react';
import type { FieldProblem } from '../apply/application.ts';
import { useI18n } from '../i18n.ts';

export interface FormFieldProps {
  /** The control's element id; the label, hint and problem ids derive from it. */
  id: string;
  label: string;
  /** Read from the ID card: shown as text with a "from your ID card" note instead of a control. */
  fromCard?: boolean;
  /** Whether the label points at a single control (inputs) rather than a group (radio buttons). */
  labelsControl?: boolean;
  required?: boolean;
  hint?: string | undefined;
  problem?: FieldProblem | null | undefined;
  children: ReactNode;
}

/** One labelled field; a problem is said in words with a "!" mark beside the field, never by colour alone. */
export function FormField({ id, label, fromCard, labelsControl, required, hint, problem, children }: FormFieldProps) {
  const { t } = useI18n();
  const labelId = `${id}-label`;
  return (
    <div className={`field${problem ? ' field-invalid' : ''}`} data-field={id}>
      <div className="field-head">
        {labelsControl && !fromCard ? (
          <label id={labelId} className="field-label" htmlFor={id}>
            {label}
          </label>
        ) : (
          <span id={labelId} className="field-label">
            {label}
          </span>
        )}
        {fromCard && <span className="field-source">{t('form.fromCard')}</span>}
        {required && !fromCard && <span className="field-required">{t('form.required')}</span>}
      </div>
      {children}
      {hint && !fromCard && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} className="field-problem" data-testid={`${id}-problem`}>
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {t(`problem.${problem}`)}
        </p>
      )}
    </div>
  );
}

/** aria-describedby for a control: its hint and its problem, when shown. */
export function describedBy(id: string, hint: boolean, problem: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : null, problem ? `${id}-problem` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
