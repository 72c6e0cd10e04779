import { useEffect } from 'react';
import { useAssist } from '../assist.ts';
import { useI18n } from '../i18n.ts';

/** How often the reminder is said again, for a villager already walking away. */
const REPEAT_MS = 12_000;
/** The home screen says its own prompt as the session ends; the reminder is said after it, so it is heard. */
const FIRST_SAY_MS = 1_000;

/**
 * "请取走您的身份证" over everything, said aloud and repeated, after a session ended with the card still on the
 * reader. It has no button: it goes when the card is taken (whoever takes it is told to hand someone else's to
 * staff). The session's data is already gone; the reminder shows nothing from the card.
 */
export function TakeCardReminder() {
  const { t } = useI18n();
  const { speak } = useAssist();
  useEffect(() => {
    const say = () => speak(t('voice.takeCard'));
    const first = setTimeout(say, FIRST_SAY_MS);
    const timer = setInterval(say, REPEAT_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [speak, t]);
  return (
    <div className="overlay overlay-take-card" data-testid="take-card-reminder">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="take-card-title">
        <p className="take-card-icon" aria-hidden="true">
          🪪
        </p>
        <h2 id="take-card-title" className="dialog-title">
          {t('takeCard.title')}
        </h2>
        <p className="dialog-text">{t('takeCard.notYours')}</p>
      </div>
    </div>
  );
}
