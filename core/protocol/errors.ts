// Errors the hub answers, as { error: { code, message } } with a stable code (HubErrorBody).
import { z } from 'zod';

export const HUB_ERROR_CODES = [
  'HUB_BAD_REQUEST',
  'HUB_UNAUTHORIZED',
  /** Signed in, but the account lacks the role the route needs. */
  'HUB_FORBIDDEN',
  /** A state-changing staff request without the session's CSRF token or from another origin. */
  'HUB_CSRF',
  'HUB_NOT_FOUND',
  'HUB_TOO_LARGE',
  'HUB_HASH_MISMATCH',
  'HUB_BUNDLE_INVALID',
  'HUB_VERSION_NOT_NEWER',
  'CATALOGUE_NONE',
  'HUB_INTERNAL',
  // The hub's database cannot be used, so the hub does not start (hub/db/database.ts): newer schema than the
  // software, PostgreSQL not reachable, a HUB_DATABASE_URL that is not one.
  'HUB_DB_TOO_NEW',
  'HUB_DB_UNREACHABLE',
  'HUB_DB_URL',
  /** This hub instance holds as many open event streams as it may; try again after Retry-After. */
  'HUB_BUSY',
  // Signed kiosk requests (core/protocol/submissions.ts).
  'HUB_KIOSK_UNKNOWN',
  'HUB_KIOSK_REVOKED',
  'HUB_SIGNATURE_INVALID',
  /** The kiosk's clock is too far from the hub's; the body carries the hub's time. */
  'HUB_CLOCK_SKEW',
  'HUB_REPLAY',
  /** Too many requests from this kiosk (or, unsigned, this address); try again after Retry-After. */
  'HUB_RATE_LIMITED',
  // Enrolment (core/protocol/enrolment.ts).
  'ENROL_TOKEN_UNKNOWN',
  'ENROL_TOKEN_EXPIRED',
  'ENROL_TOKEN_USED',
  /** The kiosk's village lies outside the area the token was issued for. */
  'ENROL_REGION_MISMATCH',
  /** The kiosk code is enrolled with another device key. */
  'ENROL_KIOSK_TAKEN',
] as const;
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

export const hubErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(HUB_ERROR_CODES),
    message: z.string(),
    /** With HUB_CLOCK_SKEW: the hub's time (UTC ISO), for the kiosk to correct its offset. */
    serverTime: z.iso.datetime().optional(),
  }),
});
export type HubErrorBody = z.infer<typeof hubErrorBodySchema>;
