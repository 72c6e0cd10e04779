import { useEffect, useEffectEvent, useState } from 'react';
import type { CardHolder, IdCardProblem, IdCardReaderState } from '../../../core/api/contract.ts';
import { CardReaderAnimation } from '../components/CardReaderAnimation.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';

export interface IdentifyScreenProps {
  onCardRead: (holder: CardHolder) => void;
  onManualEntry: () => void;
}

/** 'checking' until the back end has said how the reader is. */
type ReaderView = 'checking' | IdCardReaderState;

/** Why the last card on the reader gave no form: shown until the next card. */
type CardNotice = IdCardProblem | 'expired';

const NOTICE_MESSAGES: Record<CardNotice, MessageKey> = {
  IDCARD_ID_NUMBER_INVALID: 'idcard.problem.IDCARD_ID_NUMBER_INVALID',
  IDCARD_CARD_LEFT: 'idcard.problem.IDCARD_CARD_LEFT',
  IDCARD_UNREADABLE: 'idcard.problem.IDCARD_UNREADABLE',
  expired: 'identify.expired',
};

/**
 * Step 1: waits for an ID card. The only screen that listens to card events, so a card laid down anywhere
 * else fills nothing in. Typing the details by hand is always offered: no dead end without a card or reader.
 */
export function IdentifyScreen({ onCardRead, onManualEntry }: IdentifyScreenProps) {
  const { t } = useI18n();
  const { client } = useKiosk();
  const [reader, setReader] = useState<ReaderView>('checking');
  const [notice, setNotice] = useState<CardNotice | null>(null);
  const cardRead = useEffectEvent(onCardRead);

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
          setNotice(event.problem);
          break;
        case 'idcard.read':
          // An expired card fills nothing in: the villager is told why and offered the form by hand.
          if (event.holder.expired) setNotice('expired');
          else cardRead(event.holder);
          break;
      }
    });
    return () => {
      mounted = false;
      unsubscribe();
    };
  }, [client]);

  const readerWorks = reader === 'ready' || reader === 'connecting' || reader === 'checking';
  const manualFirst = !readerWorks || notice === 'expired';

  return (
    <section className="identify" data-testid="identify-screen" data-reader={reader} aria-labelledby="identify-title">
      {readerWorks ? (
        <>
          <CardReaderAnimation />
          <h2 id="identify-title" className="identify-prompt">
            {t('identify.prompt')}
          </h2>
          <p className="identify-note" role="status">
            {reader === 'ready' ? t('identify.holdStill') : t('identify.connecting')}
          </p>
          {reader === 'ready' && <p className="identify-note">{t('identify.liftAgain')}</p>}
        </>
      ) : (
        <h2 id="identify-title" className="notice notice-large" role="alert" data-testid="reader-unavailable">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {t('identify.unavailable')}
        </h2>
      )}
      {notice !== null && readerWorks && (
        <p className="notice" role="alert" data-testid="card-problem" data-problem={notice}>
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {t(NOTICE_MESSAGES[notice])}
        </p>
      )}
      <button
        type="button"
        className={`button button-large button-wide${manualFirst ? ' button-primary' : ''}`}
        data-testid="manual-entry"
        onClick={onManualEntry}
      >
        {t(readerWorks ? 'identify.manual' : 'identify.manualOnly')}
      </button>
    </section>
  );
}
