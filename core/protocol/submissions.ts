// The submissions part of the hub's HTTP protocol, shared by the kiosk's sync worker and the hub's intake.
//
// Every kiosk request is signed with the kiosk's Ed25519 device key (registered with the hub when the kiosk is
// enrolled) over a canonical string (signingString below), sent in four headers. The hub refuses a request whose
// timestamp is more than MAX_CLOCK_SKEW_MS from its own clock (answering its time, so the kiosk can correct its
// offset) and a nonce it has seen within that window (replay).
//
// Kiosks (signed):
//   POST /v1/submissions/batch                  SubmissionBatch → BatchResult (one answer per submission)
//   GET  /v1/uploads/<sha256>                   → UploadState (how many bytes of an attachment the hub holds)
//   PUT  /v1/uploads/<sha256>?offset=N          a chunk of an attachment at byte N (≤ MAX_CHUNK_BYTES); the
//                                               hub checks the whole file's hash when the last byte arrives
//                                               (400 HUB_HASH_MISMATCH: the bytes are dropped, start again).
//                                               Header x-upload-size: the whole file's size (≤ 20 MB). → UploadState;
//                                               at another offset than it holds: 409 { error, upload: UploadState }
//   GET  /v1/status-updates?after=<cursor>      → StatusFeed: status changes of this kiosk's submissions
//   POST /v1/citizen-lookup                     CitizenLookup → CitizenSubmissions (same region as the kiosk)
// Staff (Authorization: Bearer <staff token>):
//   POST /v1/kiosks                             KioskRegistration: enrol a kiosk's public key (issue 8 adds tokens)
//   POST /v1/kiosks/<kioskCode>/revoke          a revoked kiosk's requests are refused
//   POST /v1/cases/<caseId>/status              StatusChange
//   GET  /v1/cases?status=&region=…             CaseSummary[]
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const SUBMISSIONS_API = '/v1';
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_CHUNK_BYTES = 256 * 1024;
export const MAX_BATCH_SUBMISSIONS = 100;
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export const KIOSK_HEADERS = {
  kiosk: 'x-kiosk-code',
  timestamp: 'x-kiosk-timestamp',
  nonce: 'x-kiosk-nonce',
  signature: 'x-kiosk-signature',
} as const;

/** What the device key signs: method, path with query, timestamp, nonce and the body's sha256, one per line. */
export function signingString(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: Uint8Array,
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash].join('\n');
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUIDv7');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const kioskCodeSchema = z.string().regex(/^[A-Z0-9-]{3,32}$/);

/** 好差评 levels, in the GB/T 39046 coding: 1 非常满意 … 5 非常不满意 (the provincial interface reverses it). */
export const RATING_LEVELS = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'] as const;
export const ratingSchema = z
  .object({
    /** GB/T 39046 coding: 1 = 非常满意 … 5 = 非常不满意. */
    level: z.number().int().min(1).max(5),
    comment: z.string().max(500).default(''),
    anonymous: z.boolean().default(false),
    /** The acceptance number of what is rated; absent for a rating of a consultation with no submission. */
    acceptanceNumber: z.string().max(40).optional(),
    /** 服务效率 · 服务水平 · 服务态度, each 1–5 in the same coding, when asked. */
    indicators: z
      .object({
        efficiency: z.number().int().min(1).max(5),
        skill: z.number().int().min(1).max(5),
        attitude: z.number().int().min(1).max(5),
      })
      .partial()
      .default({}),
  })
  .strict();
export type Rating = z.infer<typeof ratingSchema>;

export const attachmentRefSchema = z
  .object({
    /** What it is: 'document-photo', 'signature', … */
    kind: z.string().regex(/^[a-z-]{1,40}$/),
    contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
    sha256: sha256Hex,
    size: z.number().int().min(1).max(20_000_000),
  })
  .strict();
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const consentSchema = z
  .object({
    /** Which text was agreed to, e.g. 'legal-aid-commitment-v1'. */
    document: z.string().min(1).max(80),
    agreed: z.boolean(),
    at: z.iso.datetime(),
  })
  .strict();

/** The citizen's part of a submission: what the form says. Encrypted at rest on the kiosk. */
export const submissionPayloadSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('application'),
      applicant: z
        .object({
          name: z.string().trim().min(1).max(60),
          idNumber: z.string().max(30),
          sex: z.string().max(10),
          birthDate: z.string().max(20),
          address: z.string().max(150),
          phone: z.string().max(30),
        })
        .strict(),
      /** The service's own form fields. */
      fields: z.record(z.string().max(60), z.string().max(5000)).default({}),
      consents: z.array(consentSchema).max(20).default([]),
      attachments: z.array(attachmentRefSchema).max(30).default([]),
    })
    .strict(),
  z.object({ kind: z.literal('rating'), rating: ratingSchema }).strict(),
]);
export type SubmissionPayload = z.infer<typeof submissionPayloadSchema>;

export const submissionSchema = z
  .object({
    /** UUIDv7, made on the kiosk: the idempotency key. */
    id: uuid,
    /** Printed on the receipt: kiosk code + date + sequence. */
    acceptanceNumber: z.string().min(1).max(40),
    serviceId: z.string().min(1).max(64),
    /** When the citizen submitted, kiosk clock, UTC ISO. */
    createdAt: z.iso.datetime(),
    payload: submissionPayloadSchema,
  })
  .strict();
export type Submission = z.infer<typeof submissionSchema>;

export const submissionBatchSchema = z
  .object({ kioskCode: kioskCodeSchema, submissions: z.array(submissionSchema).min(1).max(MAX_BATCH_SUBMISSIONS) })
  .strict();
export type SubmissionBatch = z.infer<typeof submissionBatchSchema>;

export const SUBMISSION_REJECTIONS = [
  'SUBMISSION_INVALID', // fails the schema or the service's rules: retrying will not help
  'SUBMISSION_UNKNOWN_SERVICE',
  'SUBMISSION_CONFLICT', // the same id was sent before with different content
  'SUBMISSION_ATTACHMENT_MISSING', // upload the attachment, then send again
] as const;

export const submissionResultSchema = z.discriminatedUnion('outcome', [
  /** Stored now, or stored before with the same content (then the first answer again). */
  z.object({ id: uuid, outcome: z.literal('accepted'), caseId: z.string().min(1), duplicate: z.boolean() }).strict(),
  z
    .object({
      id: uuid,
      outcome: z.literal('rejected'),
      code: z.enum(SUBMISSION_REJECTIONS),
      message: z.string(),
      /** Whether sending it again later may succeed (only for a missing attachment). */
      retryable: z.boolean(),
    })
    .strict(),
]);
export type SubmissionResult = z.infer<typeof submissionResultSchema>;
export const batchResultSchema = z.object({ results: z.array(submissionResultSchema) }).strict();
export type BatchResult = z.infer<typeof batchResultSchema>;

export const uploadStateSchema = z
  .object({ sha256: sha256Hex, received: z.number().int().min(0), complete: z.boolean() })
  .strict();
export type UploadState = z.infer<typeof uploadStateSchema>;

/** Case statuses staff set (DOMAIN terms); 不予受理 needs a reason, 需补充材料 the list of what is missing. */
export const CASE_STATUSES = [
  'submitted',
  'accepted',
  'in-progress',
  'completed',
  'rejected',
  'needs-materials',
] as const;
export const CASE_STATUS_NAMES = {
  submitted: '已提交',
  accepted: '受理',
  'in-progress': '办理中',
  completed: '已办结',
  rejected: '不予受理',
  'needs-materials': '需补充材料',
} as const satisfies Record<(typeof CASE_STATUSES)[number], string>;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const statusChangeSchema = z
  .object({
    status: z.enum(CASE_STATUSES).exclude(['submitted']),
    reason: z.string().trim().max(500).optional(),
    missing: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  })
  .strict()
  .refine((change) => change.status !== 'rejected' || (change.reason ?? '') !== '', {
    message: '不予受理 needs a reason',
  })
  .refine((change) => change.status !== 'needs-materials' || (change.missing ?? []).length > 0, {
    message: '需补充材料 needs the list of missing materials',
  });
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const statusUpdateSchema = z
  .object({
    submissionId: uuid,
    caseId: z.string(),
    status: z.enum(CASE_STATUSES),
    reason: z.string().nullable(),
    missing: z.array(z.string()),
    at: z.iso.datetime(),
  })
  .strict();
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;
export const statusFeedSchema = z.object({ updates: z.array(statusUpdateSchema), cursor: z.string() }).strict();
export type StatusFeed = z.infer<typeof statusFeedSchema>;

export const citizenLookupSchema = z.object({ idNumber: z.string().min(6).max(30) }).strict();
export const citizenSubmissionsSchema = z
  .object({
    submissions: z.array(
      z
        .object({
          acceptanceNumber: z.string(),
          serviceId: z.string(),
          createdAt: z.iso.datetime(),
          status: z.enum(CASE_STATUSES),
          reason: z.string().nullable(),
          missing: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();
export type CitizenSubmissions = z.infer<typeof citizenSubmissionsSchema>;

export const kioskRegistrationSchema = z
  .object({
    kioskCode: kioskCodeSchema,
    regionCode: z.string().regex(/^\d{12}$/),
    /** SPKI PEM of the kiosk's Ed25519 device key. */
    publicKey: z.string().includes('BEGIN PUBLIC KEY'),
  })
  .strict();
export type KioskRegistration = z.infer<typeof kioskRegistrationSchema>;
