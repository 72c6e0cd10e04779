// The kiosk's side of the ID card reader: runs the reader session, turns its events into KioskEvents for the
// renderer, and logs what a technician needs without any personal data. A card holder passes through to the
// screens and is not kept here.
import type { CardHolder, IdCardProblem, IdCardReaderState, KioskEvent } from '../api/contract.ts';
import type { IdCardRecord, PhotoDecoder } from '../../drivers/idcard/card-text.ts';
import type { IdCardErrorCode } from '../../drivers/idcard/errors.ts';
import { ReaderSession, type ConnectReader, type ReaderStatus } from '../../drivers/idcard/session.ts';
import type { Logger } from '../log.ts';
import { rgbToDataUrl } from './photo.ts';

export interface IdCardServiceOptions {
  /** How to reach the reader; null when this kiosk has none. */
  connect: ConnectReader | null;
  pollIntervalMs: number;
  log: Logger;
  /** Where the events go (the KioskService publishes them to the screens). */
  publish: (event: KioskEvent) => void;
  /** Decodes the card's WLT photo; none ships (DOMAIN.md §1), so the screens show a placeholder. */
  photoDecoder?: PhotoDecoder;
}

export function readerState(status: ReaderStatus): IdCardReaderState {
  if (status.state === 'ready' || status.state === 'connecting') return status.state;
  return 'unavailable';
}

export function problemOf(code: IdCardErrorCode): IdCardProblem {
  if (code === 'IDCARD_ID_NUMBER_INVALID' || code === 'IDCARD_CARD_LEFT') return code;
  return 'IDCARD_UNREADABLE';
}

export class IdCardService {
  private readonly session: ReaderSession | null;

  constructor(private readonly options: IdCardServiceOptions) {
    this.session = options.connect
      ? new ReaderSession({ connect: options.connect, pollIntervalMs: options.pollIntervalMs })
      : null;
    this.session?.subscribe((event) => {
      switch (event.type) {
        case 'status':
          this.logStatus(event.status);
          options.publish({ type: 'idcard.status', state: readerState(event.status) });
          break;
        case 'card':
          options.log.info({ cardType: event.record.cardType, readMs: Math.round(event.readMs) }, 'ID card read');
          void this.holderOf(event.record).then((holder) => options.publish({ type: 'idcard.read', holder }));
          break;
        case 'cardError':
          options.log.warn({ code: event.code, detail: event.message }, 'ID card not accepted');
          options.publish({ type: 'idcard.error', problem: problemOf(event.code) });
          break;
        case 'cardRemoved':
          options.publish({ type: 'idcard.removed' });
          break;
      }
    });
  }

  get state(): IdCardReaderState {
    return this.session ? readerState(this.session.status) : 'none';
  }

  /** The session, for diagnostics (SAM id, SAM reset). */
  get reader(): ReaderSession | null {
    return this.session;
  }

  start(): void {
    this.session?.start();
  }

  async stop(): Promise<void> {
    await this.session?.stop();
  }

  private async holderOf(record: IdCardRecord): Promise<CardHolder> {
    const { photo: wlt, nationCode: _nationCode, passNumber: _pass, issueCount: _count, ...fields } = record;
    let photo: string | null = null;
    if (this.options.photoDecoder) {
      try {
        photo = rgbToDataUrl(await this.options.photoDecoder.decode(wlt));
      } catch (error) {
        this.options.log.warn({ err: error }, 'ID card photo could not be decoded; showing the placeholder');
      }
    }
    return { ...fields, photo };
  }

  private logStatus(status: ReaderStatus): void {
    if (status.state === 'ready')
      this.options.log.info({ device: status.device, samId: status.samId }, 'ID card reader ready');
    else if (status.state === 'disconnected')
      this.options.log.warn({ code: status.code, detail: status.message }, 'ID card reader unavailable');
  }
}
