import type { ServiceItem } from '../../../core/api/contract.ts';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';

/** How the villager's identity is checked: always by staff at the window; a face photo, if taken, is deleted. */
export type IdentityCheck = 'staff' | 'faceDeleted';

export interface ApplyDoneScreenProps {
  service: ServiceItem;
  /** Whether a card was read, so the villager is reminded to take it. */
  usedCard: boolean;
  /** How many document photos were taken; they have already been dropped. */
  photoCount: number;
  identity: IdentityCheck;
  onHome: () => void;
}

/**
 * The last step, said honestly: this kiosk cannot send applications yet, so nothing was sent, and the photos
 * taken on the way are already deleted. It tells the villager where to go and whom to call instead.
 */
export function ApplyDoneScreen({ service, usedCard, photoCount, identity, onHome }: ApplyDoneScreenProps) {
  const { t } = useI18n();
  const rows: [MessageKey, string][] = [
    ['guide.place', service.place],
    ['guide.hours', service.hours],
    ['guide.consultPhone', service.consultPhone],
  ];
  return (
    <section
      className="apply-done"
      data-testid="apply-done"
      data-photos={photoCount}
      data-identity={identity}
      aria-labelledby="done-title"
    >
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
      {photoCount > 0 && (
        <p className="done-note" data-testid="done-photos">
          {t('done.photos', { n: photoCount })}
        </p>
      )}
      <p className="done-note" data-testid="done-identity">
        {t(identity === 'faceDeleted' ? 'done.identityAfterFace' : 'done.identityByStaff')}
      </p>
      {usedCard && <p className="done-card">{t('done.takeCard')}</p>}
      <button type="button" className="button button-primary button-large button-wide" onClick={onHome}>
        {t('done.home')}
      </button>
    </section>
  );
}
