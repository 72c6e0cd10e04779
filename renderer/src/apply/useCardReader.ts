// Listens to the ID card reader for a screen that waits for a card: what state the reader is in (asked once,
// then followed by events) and what the last card gave. Only a mounted screen listens, so a card laid down
// anywhere else fills nothing in.
import { useEffect, useEffectEvent, useState } from 'react';
import type { CardHolder, IdCardProblem, IdCardReaderState } from '../../../core/api/contract.ts';
import { useKiosk } from '../kiosk-context.ts';

/** 'checking' until the back end has said how the reader is. */
export type ReaderView = 'checking' | IdCardReaderState;

export interface CardReaderHandlers {
  onRead: (holder: CardHolder) => void;
  onProblem: (problem: IdCardProblem) => void;
}

/** Whether a card laid down now can be read (or soon will be). */
export function readerWorks(reader: ReaderView): boolean {
  return reader === 'ready' || reader === 'connecting' || reader === 'checking';
}

export function useCardReader({ onRead, onProblem }: CardReaderHandlers): ReaderView {
  const { client } = useKiosk();
  const [reader, setReader] = useState<ReaderView>('checking');
  const read = useEffectEvent(onRead);
  const problem = useEffectEvent(onProblem);

  useEffect(() => {
    let mounted = true;
    // A status event is newer than any answer still on its way, so such an answer is ignored.
    let heardStatusEvent = false;
    const checkReader = () => {
      heardStatusEvent = false;
      client.call('getIdCardStatus', {}).then(
        ({ state }) => mounted && !heardStatusEvent && setReader(state),
        () => mounted && !heardStatusEvent && setReader('unavailable'),
      );
    };
    checkReader();
    const unsubscribe = client.subscribe((event) => {
      switch (event.type) {
        case 'connection.ready':
          // The event stream came back after a break: the reader may have changed meanwhile.
          checkReader();
          break;
        case 'idcard.status':
          heardStatusEvent = true;
          setReader(event.state);
          break;
        case 'idcard.error':
          problem(event.problem);
          break;
        case 'idcard.read':
          read(event.holder);
          break;
      }
    });
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, [client]);

  return reader;
}
