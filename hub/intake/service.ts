// The intake rules: who may send (enrolled, not revoked, signed, on time, no replay), what is stored (each
// submission id once; the same id with other content is refused and recorded), what is checked (the schema,
// the service against the published catalogue, the ID number's check digit, attachments uploaded whole), and
// the status that goes back.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  KIOSK_HEADERS,
  MAX_CHUNK_BYTES,
  MAX_CLOCK_SKEW_MS,
  signingString,
  submissionSchema,
  type CitizenSubmissions,
  type StatusChange,
  type Submission,
  type SubmissionResult,
} from '../../core/protocol/submissions.ts';
import { HubHttpError } from '../http.ts';
import type { KioskRecord, SubmissionStorage } from './storage.ts';
import { canonicalJson } from '../../core/protocol/canonical-json.ts';

const MAX_ATTACHMENT_BYTES = 20_000_000;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643: the 18th character is the check of the first 17. */
export function idNumberValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

export interface IntakeOptions {
  storage: SubmissionStorage;
  /** Where attachments end up (the hub's content-addressed blob folder) and where uploads in progress wait. */
  blobsDir: string;
  uploadsDir: string;
  /** Service ids of the newest published catalogue; null when none is published (then any id is taken). */
  knownServices: () => Promise<Set<string> | null>;
  log: Logger;
  now: () => Date;
}

export class IntakeService {
  constructor(private readonly options: IntakeOptions) {
    mkdirSync(options.uploadsDir, { recursive: true });
  }

  /** Checks a kiosk request's signature, clock and nonce; returns the kiosk. */
  async authenticate(req: IncomingMessage, pathWithQuery: string, body: Buffer): Promise<KioskRecord> {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : '';
    };
    const code = header(KIOSK_HEADERS.kiosk);
    const timestamp = header(KIOSK_HEADERS.timestamp);
    const nonce = header(KIOSK_HEADERS.nonce);
    const signature = header(KIOSK_HEADERS.signature);
    const kiosk = code ? await this.options.storage.kiosk(code) : null;
    if (!kiosk) throw new HubHttpError(401, 'HUB_KIOSK_UNKNOWN', `kiosk ${code || '(none)'} is not enrolled`);
    if (kiosk.revokedAt) throw new HubHttpError(403, 'HUB_KIOSK_REVOKED', `kiosk ${code} was revoked`);
    const now = this.options.now();
    const sent = Date.parse(timestamp);
    if (!Number.isFinite(sent) || Math.abs(sent - now.getTime()) > MAX_CLOCK_SKEW_MS) {
      throw new ClockSkewError(now);
    }
    let ok: boolean;
    try {
      ok = verify(
        null,
        Buffer.from(signingString(req.method ?? '', pathWithQuery, timestamp, nonce, body)),
        createPublicKey(kiosk.publicKey),
        Buffer.from(signature, 'base64'),
      );
    } catch {
      ok = false;
    }
    if (!ok) throw new HubHttpError(401, 'HUB_SIGNATURE_INVALID', 'the request signature does not match');
    if (nonce.length < 8 || nonce.length > 64) throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'bad nonce');
    const forgetBefore = new Date(now.getTime() - 2 * MAX_CLOCK_SKEW_MS).toISOString();
    if (!(await this.options.storage.useNonce(code, nonce, now.toISOString(), forgetBefore))) {
      throw new HubHttpError(409, 'HUB_REPLAY', 'this request was seen before');
    }
    return kiosk;
  }

  /** One answer per submission, in order; everything new is stored in one transaction. */
  async intake(kiosk: KioskRecord, raw: readonly unknown[]): Promise<SubmissionResult[]> {
    const known = await this.options.knownServices();
    const at = this.options.now().toISOString();
    const checked = raw.map((entry) => this.check(entry, known));
    const ids = checked.flatMap((entry) => ('submission' in entry ? [entry.submission.id] : []));
    const { storage, log } = this.options;
    return storage.storeBatch(ids, (existing) =>
      checked.map((entry): SubmissionResult => {
        if ('rejection' in entry) return entry.rejection;
        const { submission } = entry;
        const hash = sha256(canonicalJson(submission));
        const first = existing.get(submission.id);
        if (first) {
          if (first.contentSha256 === hash && first.kioskCode === kiosk.code) {
            return { id: submission.id, outcome: 'accepted', caseId: first.caseId, duplicate: true };
          }
          storage.recordConflict(submission.id, kiosk.code, hash, at);
          log.warn({ submissionId: submission.id, kiosk: kiosk.code }, 'a submission id came again with other content');
          return reject(submission.id, 'SUBMISSION_CONFLICT', 'this id was received before with other content', false);
        }
        const payload = submission.payload;
        const record = {
          id: submission.id,
          kioskCode: kiosk.code,
          region: kiosk.region,
          acceptanceNumber: submission.acceptanceNumber,
          serviceId: submission.serviceId,
          kind: payload.kind,
          createdAt: submission.createdAt,
          contentSha256: hash,
          submission: JSON.stringify(submission),
          applicantKey: payload.kind === 'application' ? sha256(payload.applicant.idNumber.trim().toUpperCase()) : null,
        };
        const caseId = storage.insertSubmission(record, at);
        // The same id twice in one batch: the second is a duplicate of the first.
        existing.set(submission.id, { ...record, caseId });
        if (payload.kind === 'rating') {
          storage.insertRating(
            {
              submissionId: submission.id,
              ratedAcceptanceNumber: payload.rating.acceptanceNumber ?? null,
              levelGbt: payload.rating.level,
              comment: payload.rating.comment,
              anonymous: payload.rating.anonymous,
              channel: '政务大厅其他终端',
            },
            at,
          );
        }
        return { id: submission.id, outcome: 'accepted', caseId, duplicate: false };
      }),
    );
  }

  private check(
    raw: unknown,
    known: Set<string> | null,
  ): { submission: Submission } | { rejection: SubmissionResult & { outcome: 'rejected' } } {
    const parsed = submissionSchema.safeParse(raw);
    const id = String((raw as { id?: unknown } | null)?.id ?? '');
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        rejection: reject(idOrNil(id), 'SUBMISSION_INVALID', `${issue?.path.join('.')}: ${issue?.message}`, false),
      };
    }
    const submission = parsed.data;
    const payload = submission.payload;
    // Without a published catalogue the hub cannot know the services, so it takes any id.
    const serviceKnown =
      known === null ||
      known.has(submission.serviceId) ||
      (payload.kind === 'rating' && submission.serviceId === 'consultation');
    if (!serviceKnown) {
      return {
        rejection: reject(submission.id, 'SUBMISSION_UNKNOWN_SERVICE', `no service ${submission.serviceId}`, false),
      };
    }
    if (payload.kind === 'application') {
      const idNumber = payload.applicant.idNumber.trim().toUpperCase();
      if (idNumber.length === 18 && !idNumberValid(idNumber)) {
        return {
          rejection: reject(submission.id, 'SUBMISSION_INVALID', 'the ID number fails the GB 11643 check', false),
        };
      }
      for (const attachment of payload.attachments) {
        const stored = this.blobSize(attachment.sha256);
        if (stored !== attachment.size) {
          return {
            rejection: reject(
              submission.id,
              'SUBMISSION_ATTACHMENT_MISSING',
              `attachment ${attachment.sha256} is not uploaded`,
              true,
            ),
          };
        }
      }
    }
    return { submission };
  }

  private blobSize(sha: string): number | null {
    const file = path.join(this.options.blobsDir, sha);
    return existsSync(file) ? statSync(file).size : null;
  }

  async uploadState(sha: string): Promise<{ sha256: string; received: number; complete: boolean }> {
    if (this.blobSize(sha) !== null) return { sha256: sha, received: this.blobSize(sha)!, complete: true };
    const upload = await this.options.storage.upload(sha);
    return { sha256: sha, received: upload?.received ?? 0, complete: false };
  }

  /** Appends one chunk at `offset`; on the last byte checks the whole file's hash and stores it. */
  async uploadChunk(
    sha: string,
    offset: number,
    size: number,
    chunk: Buffer,
  ): Promise<{ sha256: string; received: number; complete: boolean }> {
    if (!Number.isInteger(size) || size < 1 || size > MAX_ATTACHMENT_BYTES) {
      throw new HubHttpError(413, 'HUB_TOO_LARGE', `an attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes`);
    }
    if (chunk.length > MAX_CHUNK_BYTES) throw new HubHttpError(413, 'HUB_TOO_LARGE', 'chunk too large');
    const state = await this.uploadState(sha);
    if (state.complete) return state;
    if (offset !== state.received) {
      throw new HubHttpError(409, 'HUB_BAD_REQUEST', `the hub holds ${state.received} bytes; send from there`);
    }
    if (offset + chunk.length > size)
      throw new HubHttpError(400, 'HUB_BAD_REQUEST', 'the chunk runs past the stated size');
    const part = path.join(this.options.uploadsDir, `${sha}.part`);
    if (offset === 0) rmSync(part, { force: true });
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(part, { flags: 'a' });
      out.on('error', reject);
      out.end(chunk, () => resolve());
    });
    const received = offset + chunk.length;
    if (received < size) {
      await this.options.storage.putUpload(sha, size, received, false);
      return { sha256: sha, received, complete: false };
    }
    const actual = await hashFile(part);
    if (actual !== sha) {
      rmSync(part, { force: true });
      await this.options.storage.putUpload(sha, size, 0, false);
      throw new HubHttpError(400, 'HUB_HASH_MISMATCH', 'the uploaded file does not match its hash; start again');
    }
    renameSync(part, path.join(this.options.blobsDir, sha));
    await this.options.storage.putUpload(sha, size, size, true);
    return { sha256: sha, received: size, complete: true };
  }

  async setStatus(caseId: string, change: StatusChange): Promise<void> {
    const ok = await this.options.storage.setStatus(
      caseId,
      { status: change.status, reason: change.reason ?? null, missing: change.missing ?? [] },
      this.options.now().toISOString(),
    );
    if (!ok) throw new HubHttpError(404, 'HUB_NOT_FOUND', `no case ${caseId}`);
  }

  async citizenLookup(kiosk: KioskRecord, idNumber: string): Promise<CitizenSubmissions> {
    const rows = await this.options.storage.byApplicant(
      sha256(idNumber.trim().toUpperCase()),
      kiosk.region.slice(0, 6),
      50,
    );
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

  /** No rating within 7 days of a submission: 基本满意 (DOMAIN.md §6). */
  defaultRatings(): Promise<number> {
    const now = this.options.now();
    return this.options.storage.defaultRatings(
      new Date(now.getTime() - 7 * 86_400_000).toISOString(),
      now.toISOString(),
    );
  }
}

export class ClockSkewError extends HubHttpError {
  constructor(serverTime: Date) {
    super(
      401,
      'HUB_CLOCK_SKEW',
      'the kiosk clock is too far from the hub clock',
      {},
      {
        serverTime: serverTime.toISOString(),
      },
    );
  }
}

function reject(
  id: string,
  code: 'SUBMISSION_INVALID' | 'SUBMISSION_UNKNOWN_SERVICE' | 'SUBMISSION_CONFLICT' | 'SUBMISSION_ATTACHMENT_MISSING',
  message: string,
  retryable: boolean,
): SubmissionResult & { outcome: 'rejected' } {
  return { id, outcome: 'rejected', code, message, retryable };
}

/** A rejection must name a UUIDv7; a submission too broken to have one is answered under the nil-like id. */
function idOrNil(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)
    ? id
    : '00000000-0000-7000-8000-000000000000';
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
