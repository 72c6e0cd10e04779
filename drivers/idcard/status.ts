// The reader's status word SW3 (with SW1 SW2 = 00 00) as a typed result or a typed error (DOMAIN.md §1).

export const STATUS_OK = {
  0x90: 'success',
  0x9f: 'cardFound',
  0x91: 'itemEmpty',
} as const;

export const STATUS_ERRORS = {
  0x10: 'IDCARD_READER_CHECKSUM_ERROR', // the reader received a frame with a bad checksum
  0x11: 'IDCARD_READER_LENGTH_ERROR',
  0x21: 'IDCARD_COMMAND_ERROR',
  0x23: 'IDCARD_UNAUTHORISED',
  0x24: 'IDCARD_READER_UNKNOWN_ERROR',
  0x31: 'IDCARD_CARD_AUTH_SAM_FAILED',
  0x32: 'IDCARD_SAM_AUTH_CARD_FAILED',
  0x33: 'IDCARD_VERIFY_FAILED',
  0x40: 'IDCARD_UNKNOWN_CARD_TYPE',
  0x41: 'IDCARD_READ_FAILED',
  0x47: 'IDCARD_RANDOM_FAILED',
  0x60: 'IDCARD_SAM_SELF_TEST_FAILED',
  0x66: 'IDCARD_SAM_NOT_AUTHORISED',
  0x80: 'IDCARD_NO_CARD',
  0x81: 'IDCARD_SELECT_FAILED',
} as const;

export type StatusOk = (typeof STATUS_OK)[keyof typeof STATUS_OK];
export type StatusErrorCode = (typeof STATUS_ERRORS)[keyof typeof STATUS_ERRORS] | 'IDCARD_UNKNOWN_STATUS';

export type StatusResult = { ok: true; status: StatusOk } | { ok: false; code: StatusErrorCode; sw: string };

function swText(sw1: number, sw2: number, sw3: number): string {
  return [sw1, sw2, sw3].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export function interpretStatus(sw1: number, sw2: number, sw3: number): StatusResult {
  const sw = swText(sw1, sw2, sw3);
  if (sw1 !== 0 || sw2 !== 0) return { ok: false, code: 'IDCARD_UNKNOWN_STATUS', sw };
  if (sw3 in STATUS_OK) return { ok: true, status: STATUS_OK[sw3 as keyof typeof STATUS_OK] };
  if (sw3 in STATUS_ERRORS) return { ok: false, code: STATUS_ERRORS[sw3 as keyof typeof STATUS_ERRORS], sw };
  return { ok: false, code: 'IDCARD_UNKNOWN_STATUS', sw };
}
