import { useState } from 'react';
import { useAssist, useScreenVoice } from '../assist.ts';
import type { Declaration } from '../apply/legal-aid.ts';
import { SignaturePad } from '../components/SignaturePad.tsx';
import { useI18n } from '../i18n.ts';
import { useWords } from './CaseFormScreen.tsx';
import { FlowActions } from '../components/FlowActions.tsx';

/** What the applicant did with the papers: each one agreed, and signed or to be fingerprinted at the window. */
export interface DeclarationsResult {
  agreed: readonly string[];
  signature: Blob | null;
  cannotWrite: boolean;
}

export interface DeclarationsScreenProps {
  declarations: readonly Declaration[];
  /** What was done before, when the villager comes back to this step. */
  previous: DeclarationsResult | null;
  onDone: (result: DeclarationsResult) => void;
  onBack: () => void;
}

/**
 * The papers of 告知承诺制, each with 朗读 (read aloud) and a tick, then one signature in a box, or "I cannot
 * write", which records that staff take a fingerprint at the window and read the papers aloud there.
 */
export function DeclarationsScreen({ declarations, previous, onDone, onBack }: DeclarationsScreenProps) {
  const { t } = useI18n();
  const words = useWords();
  const { speak } = useAssist();
  useScreenVoice('voice.declare', 'help.declare');
  const [agreed, setAgreed] = useState<ReadonlySet<string>>(new Set(previous?.agreed ?? []));
  const [signature, setSignature] = useState<Blob | null>(previous?.signature ?? null);
  const [cannotWrite, setCannotWrite] = useState(previous?.cannotWrite ?? false);
  const [tried, setTried] = useState(false);

  const allAgreed = declarations.every((declaration) => agreed.has(declaration.document));
  const signedOrExcused = signature !== null || cannotWrite;
  const toggle = (document: string) =>
    setAgreed((current) => {
      const next = new Set(current);
      if (next.has(document)) next.delete(document);
      else next.add(document);
      return next;
    });

  const confirm = () => {
    if (!allAgreed || !signedOrExcused) {
      setTried(true);
      return;
    }
    onDone({ agreed: [...agreed], signature: cannotWrite ? null : signature, cannotWrite });
  };

  return (
    <section className="declarations" data-testid="declarations-screen" aria-labelledby="declare-heading">
      <h2 id="declare-heading" className="screen-prompt">
        {t('declare.heading')}
      </h2>
      <p>{t('declare.intro', { count: declarations.length })}</p>
      <ol className="declaration-list">
        {declarations.map((declaration) => (
          <li key={declaration.document} className="declaration" data-testid="declaration">
            <h3>{words(declaration.title)}</h3>
            <p>{words(declaration.text)}</p>
            <div className="declaration-actions">
              <button
                type="button"
                className="button"
                data-testid="declaration-read"
                onClick={() => speak(`${words(declaration.title)}。${words(declaration.text)}`)}
              >
                <span aria-hidden="true">🔊 </span>
                {t('declare.read')}
              </button>
              <label className="choice">
                <input
                  type="checkbox"
                  data-testid="declaration-agree"
                  checked={agreed.has(declaration.document)}
                  onChange={() => toggle(declaration.document)}
                />
                {t('declare.agree')}
              </label>
            </div>
          </li>
        ))}
      </ol>
      {tried && !allAgreed && (
        <p className="notice" role="alert">
          {t('declare.needAgree')}
        </p>
      )}
      {cannotWrite ? (
        <p className="notice notice-info" role="status" data-testid="fingerprint-note">
          {t('declare.fingerprint')}
        </p>
      ) : (
        <>
          <h3>{t('declare.sign')}</h3>
          <SignaturePad label={t('sign.label')} onChange={setSignature} />
        </>
      )}
      <label className="choice">
        <input
          type="checkbox"
          data-testid="cannot-write"
          checked={cannotWrite}
          onChange={() => setCannotWrite((current) => !current)}
        />
        {t('declare.cannotWrite')}
      </label>
      {tried && allAgreed && !signedOrExcused && (
        <p className="notice" role="alert">
          {t('declare.needSign')}
        </p>
      )}
      <FlowActions onBack={onBack}>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="declarations-confirm"
          onClick={confirm}
        >
          {t('flow.next')} ›
        </button>
      </FlowActions>
    </section>
  );
}
