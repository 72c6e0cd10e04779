// Kiosk enrolment (provisioning) on the wire: staff issue a single-use enrolment token for a region, a new kiosk
// sends it with its identity and device public key, and the hub answers with the catalogue trust keys and the
// kiosk's first config. Shared by hub/enrolment/ and core/provisioning/.
import { z } from 'zod';
import { kioskCodeSchema } from './submissions.ts';

/** A 6-digit county code or a 12-digit village code; zeros at the end widen it (DOMAIN.md §7). */
export const regionCodeSchema = z.string().regex(/^(\d{6}|\d{12})$/, 'a 6- or 12-digit region code');
export const villageCodeSchema = z
  .string()
  .regex(/^\d{12}$/, 'a 12-digit village code (county 6 + township 3 + village 3)');

/** The longest an enrolment token may live: a week covers a technician's trip to the remotest village. */
export const MAX_TOKEN_MINUTES = 7 * 24 * 60;

/** Staff: POST /v1/enrolment-tokens. */
export const tokenRequestSchema = z
  .object({
    /** The area the token may enrol into: every kiosk it enrols must lie inside it. */
    region: regionCodeSchema,
    validMinutes: z.number().int().min(1).max(MAX_TOKEN_MINUTES),
    /** Lets the token give this already enrolled kiosk a new device key (re-provisioning the same code). */
    kioskCode: kioskCodeSchema.optional(),
  })
  .strict();
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenIssuedSchema = z.object({
  /** Shown once; the hub keeps only its hash. */
  token: z.string(),
  region: z.string(),
  expiresAt: z.iso.datetime(),
});
export type TokenIssued = z.infer<typeof tokenIssuedSchema>;

/** An enrolment token as issued: 32 random bytes, base64url. */
export const enrolmentTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'an enrolment token');

/** Kiosk: POST /v1/enrol. */
export const enrolRequestSchema = z
  .object({
    token: enrolmentTokenSchema,
    kioskCode: kioskCodeSchema,
    regionCode: villageCodeSchema,
    siteName: z.string().trim().min(1).max(100),
    siteAddress: z.string().trim().max(200).default(''),
    /** SPKI PEM of the kiosk's Ed25519 device key. */
    publicKey: z.string().includes('BEGIN PUBLIC KEY').max(2000),
  })
  .strict();
export type EnrolRequest = z.input<typeof enrolRequestSchema>;

const trustedKeyWireSchema = z.object({
  keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  publicKey: z.string().includes('BEGIN PUBLIC KEY'),
});

/** The hub's answer to a successful enrolment. */
export const enrolAnswerSchema = z.object({
  kioskCode: kioskCodeSchema,
  regionCode: villageCodeSchema,
  enrolledAt: z.iso.datetime(),
  /** Keys whose catalogue bundles the kiosk should install. */
  trustedKeys: z.array(trustedKeyWireSchema),
  /** The kiosk's first config: where its hub is and how often to ask it for a new catalogue. */
  config: z.object({
    hubUrl: z.url({ protocol: /^https?$/ }),
    pollSeconds: z.number().int().min(1).max(86_400),
  }),
});
export type EnrolAnswer = z.infer<typeof enrolAnswerSchema>;
