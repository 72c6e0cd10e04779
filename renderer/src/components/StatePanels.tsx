import type { ApiError } from '../api/client.ts';
import { errorMessage, useI18n } from '../i18n.ts';

export function LoadingPanel() {
  const { t } = useI18n();
  return (
    <p className="panel panel-loading" role="status">
      {t('state.loading')}
    </p>
  );
}

/** A plain message with a way forward: try again, or go home. Never a dead end, never a stack trace. */
export function ErrorPanel({ error, onRetry, onHome }: { error: ApiError; onRetry: () => void; onHome: () => void }) {
  const { t, language } = useI18n();
  return (
    <div className="panel panel-error" role="alert" data-error-code={error.code}>
      <p>{errorMessage(language, error.code)}</p>
      <div className="panel-actions">
        <button type="button" className="button button-primary" onClick={onRetry}>
          {t('state.retry')}
        </button>
        <button type="button" className="button" onClick={onHome}>
          {t('state.goHome')}
        </button>
      </div>
    </div>
  );
}
