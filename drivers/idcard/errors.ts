// Every way reading an ID card can fail, as one error type with a stable code. The kiosk maps codes to plain
// words for the villager and keeps the message (which never contains personal data) for the log.
import type { FrameErrorCode } from './frame.ts';
import type { CardTextErrorCode } from './card-text.ts';
import type { StatusErrorCode } from './status.ts';

export type IdCardErrorCode =
  | FrameErrorCode
  | StatusErrorCode
  | CardTextErrorCode
  /** The reader did not answer a command in time (or stopped part-way through a frame). */
  | 'IDCARD_TIMEOUT'
  /** The port went away (unplugged, closed, or a write failed). */
  | 'IDCARD_DISCONNECTED'
  /** No port could be opened, or nothing on it answers like a reader. */
  | 'IDCARD_NO_READER'
  /** The answer was a good frame but not the shape this command's answer must have. */
  | 'IDCARD_BAD_RESPONSE'
  /** The card was taken away before (or while) it was read. */
  | 'IDCARD_CARD_LEFT';

export class IdCardError extends Error {
  constructor(
    readonly code: IdCardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IdCardError';
  }
}

/** Failures a second attempt may cure: noise on the line, a slow or briefly confused reader. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof IdCardError)) return false;
  return [
    'IDCARD_TIMEOUT',
    'IDCARD_FRAME_CHECKSUM',
    'IDCARD_FRAME_LENGTH',
    'IDCARD_READER_CHECKSUM_ERROR',
    'IDCARD_READER_LENGTH_ERROR',
    'IDCARD_BAD_RESPONSE',
    'IDCARD_READ_FAILED',
    'IDCARD_RANDOM_FAILED',
  ].includes(error.code);
}
