import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

/** The bottom of a flow step: 上一步 on the left, the step's own way forward (if any) on the right. */
export function FlowActions({ onBack, children }: { onBack: () => void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="flow-actions">
      <button type="button" className="button button-large" data-testid="flow-back" onClick={onBack}>
        ‹ {t('flow.back')}
      </button>
      {children}
    </div>
  );
}
