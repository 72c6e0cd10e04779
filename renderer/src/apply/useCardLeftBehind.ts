// Whether an ID card lies forgotten on the reader after a session ended. The app follows the reader's events
// only to know a card is there (never what it says): read → on the reader, removed → gone, a reader that stops
// working → not known, so no reminder that could never go away.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskClient } from '../api/client.ts';

export interface CardLeftBehind {
  /** The reminder is showing: a session ended with a card still on the reader. */
  showing: boolean;
  /** Call when a session ends: shows the reminder if a card is on the reader. */
  sessionEnded: () => void;
}

export function useCardLeftBehind(client: KioskClient): CardLeftBehind {
  const onReader = useRef(false);
  const [showing, setShowing] = useState(false);
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'idcard.read') onReader.current = true;
        const gone =
          event.type === 'idcard.removed' ||
          (event.type === 'idcard.status' && event.state !== 'ready') ||
          event.type === 'connection.lost';
        if (gone) {
          onReader.current = false;
          setShowing(false);
        }
      }),
    [client],
  );
  const sessionEnded = useCallback(() => {
    if (onReader.current) setShowing(true);
  }, []);
  return { showing, sessionEnded };
}
