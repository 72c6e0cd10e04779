import { useEffect, useState, type FormEvent } from 'react';
import { provisionInputSchema, type ProvisionInput, type ProvisioningStep } from '../../../core/api/contract.ts';
import { ApiError } from '../api/client.ts';
import type { KeyboardMode } from '../input/field-text.ts';
import { FormField, describedBy } from '../components/FormField.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';

type Field = keyof ProvisionInput;
type Form = Record<Field, string>;

const FIELDS: readonly { id: Field; label: MessageKey; hint?: MessageKey; keyboard?: KeyboardMode }[] = [
  { id: 'kioskCode', label: 'prov.kioskCode', hint: 'prov.kioskCodeHint', keyboard: 'latin-code' },
  { id: 'regionCode', label: 'prov.regionCode', hint: 'prov.regionCodeHint', keyboard: 'numeric' },
  { id: 'siteName', label: 'prov.siteName', keyboard: 'pinyin' },
  { id: 'siteAddress', label: 'prov.siteAddress', keyboard: 'pinyin' },
  { id: 'hubUrl', label: 'prov.hubUrl', hint: 'prov.hubUrlHint', keyboard: 'latin-url' },
  { id: 'token', label: 'prov.token', keyboard: 'latin-token' },
];
const STEPS: readonly ProvisioningStep[] = ['keys', 'enrol', 'catalogue'];
const EMPTY: Form = { kioskCode: '', regionCode: '', siteName: '', siteAddress: '', hubUrl: '', token: '' };

export interface ProvisioningScreenProps {
  /** The identity to offer again after a re-provisioning decommission. */
  suggested: Omit<ProvisionInput, 'token'> | null;
  onProvisioned: () => void;
}

/** Which fields the form's own check finds wrong (the back end checks the same schema again). */
function problemsOf(form: Form): Set<Field> {
  const parsed = provisionInputSchema.safeParse(form);
  return new Set(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path[0] as Field));
}

/**
 * The first screen of a kiosk with no identity, for the technician: kiosk code, village code, site, hub address
 * and the hub's enrolment token; then the steps (device key → enrolment → catalogue) as they happen. When it
 * succeeds the app switches to the villagers' home screen by itself.
 */
export function ProvisioningScreen({ suggested, onProvisioned }: ProvisioningScreenProps) {
  const { client } = useKiosk();
  const { t, language } = useI18n();
  const [form, setForm] = useState<Form>({ ...EMPTY, ...suggested });
  const [shown, setShown] = useState<Set<Field>>(new Set());
  const [step, setStep] = useState<ProvisioningStep | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'provisioning.progress') setStep(event.step);
      }),
    [client],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (working) return;
    const problems = problemsOf(form);
    setShown(problems);
    if (problems.size > 0) return;
    setWorking(true);
    setFailure(null);
    setStep(null);
    client.call('provision', form).then(
      () => onProvisioned(),
      (error: unknown) => {
        setWorking(false);
        const code = error instanceof ApiError ? error.code : 'INTERNAL';
        setFailure(code === 'HUB_UNAVAILABLE' ? t('prov.hubDown') : errorMessage(language, code));
      },
    );
  };

  return (
    <section className="screen provisioning" data-testid="provisioning-screen" aria-labelledby="prov-heading">
      <h2 id="prov-heading" className="screen-prompt">
        {t('prov.title')}
      </h2>
      <p>{t('prov.intro')}</p>
      <form className="form" noValidate onSubmit={submit}>
        {FIELDS.map((field) => {
          const id = `prov-${field.id}`;
          const problem = shown.has(field.id);
          return (
            <FormField
              key={field.id}
              id={id}
              label={t(field.label)}
              labelsControl
              required={field.id !== 'siteAddress'}
              hint={field.hint ? t(field.hint) : undefined}
            >
              <input
                id={id}
                className="input"
                data-testid={id}
                type="text"
                autoComplete="off"
                autoCapitalize={field.id === 'kioskCode' ? 'characters' : 'off'}
                spellCheck={false}
                maxLength={field.id === 'token' || field.id === 'hubUrl' ? 200 : 100}
                data-keyboard={field.keyboard}
                aria-invalid={problem || undefined}
                aria-describedby={describedBy(id, Boolean(field.hint), false)}
                value={form[field.id]}
                disabled={working}
                onChange={(event) => setForm((current) => ({ ...current, [field.id]: event.target.value }))}
              />
              {problem && (
                <p className="field-problem" data-testid={`${id}-problem`}>
                  <span className="notice-mark" aria-hidden="true">
                    !
                  </span>
                  {t(`prov.problem.${field.id}` as MessageKey)}
                </p>
              )}
            </FormField>
          );
        })}
        {failure && (
          <p className="panel panel-error" role="alert" data-testid="provisioning-error">
            {t('prov.failed', { reason: failure })}
          </p>
        )}
        {working && (
          <ol
            className="provisioning-steps"
            role="status"
            data-testid="provisioning-steps"
            aria-label={t('prov.working')}
          >
            {STEPS.map((each) => {
              const reached = step !== null && STEPS.indexOf(each) <= STEPS.indexOf(step);
              return (
                <li key={each} data-state={each === step ? 'current' : reached ? 'done' : 'pending'}>
                  {t(`prov.step.${each}`)}
                </li>
              );
            })}
          </ol>
        )}
        <button
          type="submit"
          className="button button-primary button-large"
          data-testid="provisioning-submit"
          disabled={working}
        >
          {working ? t('prov.working') : t('prov.submit')}
        </button>
      </form>
    </section>
  );
}
