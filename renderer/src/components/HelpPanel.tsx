import { useI18n } from '../i18n.ts';

/** What the current screen is for, in words as well as spoken (for those who cannot hear it), until closed. */
export function HelpPanel({ text, onClose }: { text: string; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <aside className="help-panel" data-testid="help-panel" aria-labelledby="help-heading">
      <h2 id="help-heading">{t('assist.helpHeading')}</h2>
      <p>{text}</p>
      <button type="button" className="button button-primary" data-testid="help-close" onClick={onClose}>
        {t('assist.helpClose')}
      </button>
    </aside>
  );
}
