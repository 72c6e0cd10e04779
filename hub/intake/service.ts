// The intake rules: who may send (signed-request.ts), what is stored (each submission id once; the same id with
// other content is refused and recorded), what is checked (the schema, the service against the published
// catalogue, the ID number's check digit, attachments uploaded whole), the status that goes back, the citizen's
// lookup within the county and the 7-day default rating. Storage and HTTP are elsewhere.
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import {
  submissionSchema,
  type CitizenSubmissions,
  type StatusChange,
  type Submission,
  type SubmissionResult,
  type UploadState,
} from '../../core/protocol/submissions.ts';
import { HubHttpError } from '../http.ts';
import type { HubLimits } from '../limits.ts';
import { canonicalJson } from '../../core/protocol/canonical-json.ts';
import { applicantKeyOf, idNumberValid, normaliseIdNumber, sha256Hex } from './rules.ts';
import { KnownKiosks, verifySignedRequest, type SignedRequest } from './signed-request.ts';
import type { KioskRecord, NewSubmission, SubmissionStorage } from './storage.ts';
import { AttachmentUploads } from './uploads.ts';

export { idNumberValid } from './rules.ts';
export { ClockSkewError } from './signed-request.ts';

/** 评价渠道 of a rating made on a kiosk (DOMAIN.md §6). */
export const KIOSK_RATING_CHANNEL = '政务大厅其他终端';
/** A rating of a consultation with no catalogue item (12348 robot, lawyer callback) names this service id. */
export const CONSULTATION_SERVICE = 'consultation';
const RATING_DEFAULT_AFTER_MS = 7 * 86_400_000;
const STALE_UPLOAD_MS = 14 * 86_400_000;
const LOOKUP_LIMIT = 50;
/** Answers a submission too broken to carry a UUIDv7 (the results are in the batch's order anyway). */
const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Rejection = Extract<SubmissionResult, { outcome: 'rejected' }>;

function reject(id: string, code: Rejection['code'], message: string, retryable = false): Rejection {
  return { id, outcome: 'rejected', code, message, retryable };
}

export interface IntakeOptions {
  storage: SubmissionStorage;
  /** Where attachments end up (the hub's content-addressed blob folder) and where uploads in progress wait. */
  blobsDir: string;
  uploadsDir: string;
  /** Service ids of the published catalogues; null when none is published (then any id is taken). */
  knownServices: () => Promise<Set<string> | null>;
  log: Logger;
  now: () => Date;
  /** Per-kiosk rate limits, counted once a signature checks out. */
  limits?: HubLimits;
}

export class IntakeService {
  private readonly uploads: AttachmentUploads;
  private readonly known = new KnownKiosks();

  constructor(private readonly options: IntakeOptions) {
    this.uploads = new AttachmentUploads({
      storage: options.storage,
      blobsDir: options.blobsDir,
      uploadsDir: options.uploadsDir,
      log: options.log,
    });
  }

  /** Checks a kiosk request (enrolled, not revoked, on time, signed, fresh nonce) and reads its body. */
  authenticate(req: IncomingMessage, maxBodyBytes: number): Promise<SignedRequest> {
    const { storage, now, limits } = this.options;
    return verifySignedRequest(req, maxBodyBytes, { storage, now, known: this.known, ...(limits ? { limits } : {}) });
  }

  /** One answer per submission, in the batch's order; what is new is stored in one transaction. */
  async intake(kiosk: KioskRecord, raw: readonly unknown[]): Promise<SubmissionResult[]> {
    const { storage, log } = this.options;
    const known = await this.options.knownServices();
    const receivedAt = this.options.now().toISOString();
    const checked = raw.map((entry) => this.check(kiosk, entry, known));
    const toStore = checked.filter((entry): entry is NewSubmission => !('outcome' in entry));
    const outcomes = await storage.storeBatch(toStore, receivedAt);
    let next = 0;
    return checked.map((entry): SubmissionResult => {
      if ('outcome' in entry) return entry;
      const outcome = outcomes[next++]!;
      if (outcome.kind === 'conflict') {
        // No personal data: the id and the kiosk are enough for staff to find it in submission_conflicts.
        log.warn({ submissionId: entry.id, kiosk: kiosk.code }, 'a submission id came again with other content');
        return reject(entry.id, 'SUBMISSION_CONFLICT', 'this id was received before with other content');
      }
      return { id: entry.id, outcome: 'accepted', caseId: outcome.caseId, duplicate: outcome.kind === 'duplicate' };
    });
  }

  /** The rules one submission must meet before it is stored; a rejection, or what to store. */
  private check(kiosk: KioskRecord, raw: unknown, known: Set<string> | null): Rejection | NewSubmission {
    const parsed = submissionSchema.safeParse(raw);
    if (!parsed.success) {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const id = typeof rawId === 'string' && UUID_V7.test(rawId) ? rawId : UNKNOWN_ID;
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return reject(id, 'SUBMISSION_INVALID', `${where}${issue?.message ?? 'not a submission'}`);
    }
    const submission: Submission = parsed.data;
    const { id, payload, serviceId } = submission;
    // With no published catalogue the hub cannot know the services, so it takes any id.
    const serviceKnown =
      known === null || known.has(serviceId) || (payload.kind === 'rating' && serviceId === CONSULTATION_SERVICE);
    if (!serviceKnown) {
      return reject(id, 'SUBMISSION_UNKNOWN_SERVICE', `no published catalogue has the service ${serviceId}`);
    }
    let applicantKey: string | null = null;
    if (payload.kind === 'application') {
      if (payload.applicant.name.trim() === '') return reject(id, 'SUBMISSION_INVALID', 'the applicant has no name');
      const idNumber = normaliseIdNumber(payload.applicant.idNumber);
      if (idNumber.length === 18 && !idNumberValid(idNumber)) {
        return reject(id, 'SUBMISSION_INVALID', 'the ID number fails the GB 11643 check');
      }
      for (const attachment of payload.attachments) {
        if (this.uploads.storedSize(attachment.sha256) !== attachment.size) {
          return reject(
            id,
            'SUBMISSION_ATTACHMENT_MISSING',
            `attachment ${attachment.sha256} (${attachment.kind}) is not uploaded whole`,
            true,
          );
        }
      }
      applicantKey = applicantKeyOf(idNumber);
    }
    return {
      id,
      kioskCode: kiosk.code,
      region: kiosk.region,
      acceptanceNumber: submission.acceptanceNumber,
      serviceId,
      kind: payload.kind,
      createdAt: submission.createdAt,
      contentSha256: sha256Hex(canonicalJson(submission)),
      submission: JSON.stringify(submission),
      applicantKey,
      rating:
        payload.kind === 'rating'
          ? {
              ratedAcceptanceNumber: payload.rating.acceptanceNumber ?? null,
              level: payload.rating.level,
              comment: payload.rating.comment,
              anonymous: payload.rating.anonymous,
              indicators: payload.rating.indicators,
              channel: KIOSK_RATING_CHANNEL,
            }
          : null,
    };
  }

  uploadState(sha256: string): Promise<UploadState> {
    return this.uploads.state(sha256);
  }

  uploadChunk(sha256: string, offset: number, size: number, chunk: Buffer): Promise<UploadState> {
    return this.uploads.putChunk(sha256, offset, size, chunk);
  }

  async setStatus(caseId: string, change: StatusChange): Promise<void> {
    const found = await this.options.storage.setStatus(
      caseId,
      {
        status: change.status,
        reason: change.reason === undefined || change.reason === '' ? null : change.reason,
        missing: change.missing ?? [],
      },
      this.options.now().toISOString(),
    );
    if (!found) throw new HubHttpError(404, 'HUB_NOT_FOUND', `no case ${caseId}`);
  }

  /** The citizen's applications taken by kiosks in the asking kiosk's county (first 6 digits), newest first. */
  async citizenLookup(kiosk: KioskRecord, idNumber: string): Promise<CitizenSubmissions> {
    const key = applicantKeyOf(idNumber);
    if (key === null) return { submissions: [] };
    const rows = await this.options.storage.byApplicant(key, kiosk.region.slice(0, 6), LOOKUP_LIMIT);
    return {
      submissions: rows.map((row) => ({
        acceptanceNumber: row.acceptanceNumber,
        serviceId: row.serviceId,
        createdAt: row.createdAt,
        status: row.status,
        reason: row.reason,
        missing: row.missing,
      })),
    };
  }

  /**
   * No rating within 7 days counts as 基本满意 (DOMAIN.md §6): gives level 3 (both codings), channel 'default', to
   * every application received more than 7 days before `now` that nothing rates. Returns how many it gave.
   */
  /** Drops uploads untouched for 14 days (see AttachmentUploads.dropStale). */
  dropStaleUploads(now: Date = this.options.now()): Promise<number> {
    return this.uploads.dropStale(now, STALE_UPLOAD_MS);
  }

  defaultRatings(now: Date = this.options.now()): Promise<number> {
    return this.options.storage.defaultRatings(
      new Date(now.getTime() - RATING_DEFAULT_AFTER_MS).toISOString(),
      now.toISOString(),
    );
  }
}
