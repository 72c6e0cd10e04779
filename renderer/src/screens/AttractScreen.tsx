import { useEffect, useState } from 'react';
import type { KioskClient } from '../api/client.ts';
import { CardReaderAnimation } from '../components/CardReaderAnimation.tsx';
import { useI18n } from '../i18n.ts';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown'] as const;

/**
 * The attract loop's timing: it shows after `delayMs` untouched on the home screen, and goes on a touch (its own
 * button) or when a card is laid on the reader.
 */
export function useAttract(delayMs: number, onHome: boolean, client: KioskClient) {
  const [showing, setShowing] = useState(false);

  useEffect(() => {
    if (!onHome || showing) return;
    let timer = setTimeout(() => setShowing(true), delayMs);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setShowing(true), delayMs);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, restart, { capture: true });
    };
  }, [delayMs, onHome, showing]);

  useEffect(() => {
    if (!showing) return;
    return client.subscribe((event) => {
      if (event.type === 'idcard.read') setShowing(false);
    });
  }, [client, showing]);

  return { showing: showing && onHome, dismiss: () => setShowing(false) };
}

/**
 * The screen an idle kiosk shows: one large button over everything, saying in turn "lay your ID card on the
 * reader" and "touch the screen to start", with the card sliding onto the reader. Silent: a kiosk that talks to
 * an empty room is switched off by the staff.
 */
export function AttractScreen({ onStart }: { onStart: () => void }) {
  const { t } = useI18n();
  const [line, setLine] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setLine((current) => 1 - current), 4000);
    return () => clearInterval(timer);
  }, []);
  return (
    // A click (not a pointerdown) ends it, so the touch that wakes the kiosk does not also press what lies beneath.
    <button type="button" className="attract" data-testid="attract" onClick={onStart}>
      <CardReaderAnimation />
      <span className="attract-line" data-line={line} aria-live="off">
        {line === 0 ? t('attract.card') : t('attract.touch')}
      </span>
      <span className="attract-hint">{t('attract.hint')}</span>
    </button>
  );
}
