import { useState } from 'react';
import type { CardHolder, IdCardProblem } from '../../../core/api/contract.ts';
import { readerWorks as canRead, useCardReader } from '../apply/useCardReader.ts';
import { CardReaderAnimation } from '../components/CardReaderAnimation.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useScreenVoice } from '../assist.ts';

export interface IdentifyScreenProps {
  onCardRead: (holder: CardHolder) => void;
  onManualEntry: () => void;
}

/** Why the last card on the reader gave no form: shown until the next card. */
type CardNotice = IdCardProblem | 'expired';

const NOTICE_MESSAGES: Record<CardNotice, MessageKey> = {
  IDCARD_ID_NUMBER_INVALID: 'idcard.problem.IDCARD_ID_NUMBER_INVALID',
  IDCARD_CARD_LEFT: 'idcard.problem.IDCARD_CARD_LEFT',
  IDCARD_UNREADABLE: 'idcard.problem.IDCARD_UNREADABLE',
  expired: 'identify.expired',
};

/**
 * Step 1: waits for an ID card. Only the screens waiting for a card listen to card events, so a card laid down
 * anywhere else fills nothing in. Typing the details by hand is always offered: no dead end without a card or reader.
 */
export function IdentifyScreen({ onCardRead, onManualEntry }: IdentifyScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.identify', 'help.identify');
  const [notice, setNotice] = useState<CardNotice | null>(null);
  const reader = useCardReader({
    // An expired card fills nothing in: the villager is told why and offered the form by hand.
    onRead: (holder) => (holder.expired ? setNotice('expired') : onCardRead(holder)),
    onProblem: setNotice,
  });

  const readerWorks = canRead(reader);
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
