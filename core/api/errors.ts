// Stable error codes shared by core, the shells and the renderer. The renderer maps each code to a plain
// message in the villager's language; the code itself is never shown to a villager.

export const ERROR_CODES = [
  'API_BAD_REQUEST', // the request failed schema validation
  'API_UNKNOWN_METHOD',
  'API_UNAUTHORIZED', // missing or wrong per-launch token
  'API_FORBIDDEN_ORIGIN',
  'API_UNAVAILABLE', // the back end cannot be reached (renderer side)
  'CATALOGUE_NOT_FOUND', // no such service or category
  'CATALOGUE_EMPTY', // no catalogue installed yet
  'CATALOGUE_INVALID', // a catalogue file failed validation
  'CONFIG_INVALID',
  'PRINTER_UNAVAILABLE', // the kiosk has no printer of that kind (the screen shows the information instead)
  'OUTBOX_UNAVAILABLE', // the submission could not be stored (disk full, damaged file): nothing was taken
  'HUB_UNAVAILABLE', // the hub cannot be reached now (the kiosk shows what it holds locally)
  'TECHNICIAN_SIGN_IN_REQUIRED', // a technician method without a live session (signed out or timed out)
  'LOGS_EXPORT_FAILED', // the log bundle could not be written (drive pulled out, full, read-only)
  'NOT_PROVISIONED', // the kiosk has no identity yet: only provisioning works
  'ALREADY_PROVISIONED', // provisioning a kiosk that has an identity: decommission it first
  'ENROL_TOKEN_UNKNOWN', // the hub issued no such enrolment token (mistyped?)
  'ENROL_TOKEN_EXPIRED',
  'ENROL_TOKEN_USED',
  'ENROL_REGION_MISMATCH', // the village lies outside the area the token was issued for
  'ENROL_KIOSK_TAKEN', // the kiosk code is enrolled with another device key
  'ENROL_REFUSED', // the hub refused the enrolment for another reason (revoked code, bad request)
  'ENROL_BAD_ANSWER', // the hub answered something that is not an enrolment
  'INTERNAL', // a bug; details go to the log, never to the screen
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface KioskErrorData {
  code: ErrorCode;
  /** Technical detail for logs and technicians; never shown to a villager. */
  message: string;
}

export class KioskError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'KioskError';
    this.code = code;
  }

  toData(): KioskErrorData {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into wire data; unknown errors become INTERNAL without their stack. */
export function toErrorData(error: unknown): KioskErrorData {
  if (error instanceof KioskError) return error.toData();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
