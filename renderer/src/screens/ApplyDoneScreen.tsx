import type { ServiceItem } from '../../../core/api/contract.ts';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';

export interface ApplyDoneScreenProps {
  service: ServiceItem;
  /** Whether a card was read, so the villager is reminded to take it. */
  usedCard: boolean;
  onHome: () => void;
}

/**
 * Step 3, said honestly: this kiosk cannot send applications yet, so nothing was sent. It tells the villager
 * where to go and whom to call instead.
 */
export function ApplyDoneScreen({ service, usedCard, onHome }: ApplyDoneScreenProps) {
  const { t } = useI18n();
  const rows: [MessageKey, string][] = [
    ['guide.place', service.place],
    ['guide.hours', service.hours],
    ['guide.consultPhone', service.consultPhone],
  ];
  return (
    <section className="apply-done" data-testid="apply-done" aria-labelledby="done-title">
      <h2 id="done-title" className="screen-heading">
        {t('done.heading')}
      </h2>
      <p className="notice notice-info">
        <span className="notice-mark" aria-hidden="true">
          i
        </span>
        {t('done.notSent')}
      </p>
      <KeyValueList rows={rows} className="done-where" />
      {usedCard && <p className="done-card">{t('done.takeCard')}</p>}
      <button type="button" className="button button-primary button-large button-wide" onClick={onHome}>
        {t('done.home')}
      </button>
    </section>
  );
}
