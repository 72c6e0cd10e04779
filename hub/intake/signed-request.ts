// The check every kiosk route makes before anything else (core/protocol/submissions.ts): the kiosk is enrolled
// (401 HUB_KIOSK_UNKNOWN) and not revoked (403 HUB_KIOSK_REVOKED), its timestamp is within MAX_CLOCK_SKEW_MS of
// the hub's clock (401 HUB_CLOCK_SKEW, answering the hub's time), the body is no larger than the route allows
// (413 HUB_TOO_LARGE), the Ed25519 signature covers exactly these bytes (401 HUB_SIGNATURE_INVALID), and the
// nonce was not used by this kiosk within the window (409 HUB_REPLAY).
//
// Kiosk rows are kept in memory once a request of theirs succeeded (KnownKiosks), so a signed request costs one
// database statement, the nonce's, which spends it only while the kiosk's row still has the key and region the
// signature was checked against and is not revoked. When it does not, the row is read again and the request
// judged on that: a revocation or a new key through any hub instance counts from the next request.
//
// Everything that needs only the headers is checked before the body is read, so a stranger cannot make the hub
// read megabytes. Nonces are remembered for twice the skew window: a replay older than that fails the clock check.
// Rate limits (hub/limits.ts): a correctly signed request counts against its kiosk (429 HUB_RATE_LIMITED), a
// refused one against the client address, so guessing signatures is limited like any unsigned request.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { KIOSK_HEADERS, MAX_CLOCK_SKEW_MS, signingString } from '../../core/protocol/submissions.ts';
import { HubHttpError, readBody } from '../http.ts';
import type { HubLimits } from '../limits.ts';
import type { KioskRecord, SubmissionStorage } from './storage.ts';

/** UTC ISO 8601 as Date.toISOString() writes it (milliseconds optional). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** Printable ASCII without spaces; at least 8 so a kiosk cannot shrink its own replay protection to nothing. */
const NONCE = /^[\x21-\x7e]{8,64}$/;

/**
 * Parsed device keys by their PEM: parsing one took more CPU than verifying the signature (a profile of the fleet
 * bench). Keyed by the PEM itself, so a re-keyed kiosk simply gets a new entry.
 */
const publicKeys = new Map<string, KeyObject>();
const PUBLIC_KEYS_KEPT = 50_000;

function publicKeyOf(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) {
    if (publicKeys.size >= PUBLIC_KEYS_KEPT) publicKeys.clear();
    key = createPublicKey(pem);
    publicKeys.set(pem, key);
  }
  return key;
}

export interface SignedRequest {
  kiosk: KioskRecord;
  /** The exact bytes the signature covers. */
  body: Buffer;
}

/** Kiosk rows by code, as last read: only a hint, since the nonce's statement checks them again (see above). */
export class KnownKiosks {
  private readonly byCode = new Map<string, KioskRecord>();

  constructor(private readonly capacity = 50_000) {}

  get(code: string): KioskRecord | undefined {
    return this.byCode.get(code);
  }

  remember(kiosk: KioskRecord): void {
    if (this.byCode.size >= this.capacity && !this.byCode.has(kiosk.code)) this.byCode.clear();
    this.byCode.set(kiosk.code, kiosk);
  }

  forget(code: string): void {
    this.byCode.delete(code);
  }
}

export interface SignedRequestOptions {
  storage: SubmissionStorage;
  now: () => Date;
  limits?: HubLimits;
  /** Without it every request reads the kiosk's row first. */
  known?: KnownKiosks;
}

export class ClockSkewError extends HubHttpError {
  constructor(serverTime: Date) {
    super(
      401,
      'HUB_CLOCK_SKEW',
      `the kiosk clock is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes from the hub clock`,
      {},
      { serverTime: serverTime.toISOString() },
    );
  }
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return typeof value === 'string' ? value : '';
}

/** Authenticates a kiosk request and reads its body (at most `maxBodyBytes`); throws the refusal otherwise. */
export async function verifySignedRequest(
  req: IncomingMessage,
  maxBodyBytes: number,
  options: SignedRequestOptions,
): Promise<SignedRequest> {
  try {
    return await checkSignedRequest(req, maxBodyBytes, options);
  } catch (error) {
    // A refusal counts against the address; once that is used up the answer is 429 instead.
    if (error instanceof HubHttpError && error.status !== 429) options.limits?.admitAddress(req);
    throw error;
  }
}

/** The kiosk's row as the database has it now; refuses codes that are not enrolled or revoked. */
async function enrolledKiosk(storage: SubmissionStorage, code: string, known?: KnownKiosks): Promise<KioskRecord> {
  known?.forget(code);
  const kiosk = code ? await storage.kiosk(code) : null;
  if (!kiosk) throw new HubHttpError(401, 'HUB_KIOSK_UNKNOWN', `kiosk ${code || '(no code)'} is not enrolled`);
  if (kiosk.revokedAt) throw new HubHttpError(403, 'HUB_KIOSK_REVOKED', `kiosk ${code} was revoked`);
  return kiosk;
}

const sameStanding = (a: KioskRecord, b: KioskRecord) => a.publicKey === b.publicKey && a.region === b.region;

async function checkSignedRequest(req: IncomingMessage, maxBodyBytes: number, options: SignedRequestOptions) {
  const { storage, known } = options;
  const code = header(req, KIOSK_HEADERS.kiosk);
  const timestamp = header(req, KIOSK_HEADERS.timestamp);
  const nonce = header(req, KIOSK_HEADERS.nonce);
  const signature = header(req, KIOSK_HEADERS.signature);

  const remembered = code ? known?.get(code) : undefined;
  let kiosk = remembered ?? (await enrolledKiosk(storage, code, known));
  let fresh = remembered === undefined;

  const now = options.now();
  if (!ISO_UTC.test(timestamp)) {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', `${KIOSK_HEADERS.timestamp} must be a UTC ISO 8601 time`);
  }
  if (Math.abs(Date.parse(timestamp) - now.getTime()) > MAX_CLOCK_SKEW_MS) throw new ClockSkewError(now);
  if (!NONCE.test(nonce)) {
    throw new HubHttpError(400, 'HUB_BAD_REQUEST', `${KIOSK_HEADERS.nonce} must be 8 to 64 printable characters`);
  }

  const body = await readBody(req, maxBodyBytes);
  const signed = Buffer.from(signingString(req.method ?? '', req.url ?? '', timestamp, nonce, body), 'utf8');
  const signatureBytes = Buffer.from(signature, 'base64');
  const signedBy = (candidate: KioskRecord) => {
    try {
      return verify(null, signed, publicKeyOf(candidate.publicKey), signatureBytes);
    } catch {
      return false;
    }
  };
  const forgetBefore = new Date(now.getTime() - 2 * MAX_CLOCK_SKEW_MS).toISOString();
  let admitted = false;
  // A remembered row that turns out changed is read again and the request judged on that; a row that keeps
  // changing while we look (enrolment racing itself) gets a "try again".
  for (let round = 0; round < 3; round++) {
    if (!signedBy(kiosk)) {
      if (fresh) throw new HubHttpError(401, 'HUB_SIGNATURE_INVALID', 'the request signature does not match');
      // Perhaps re-keyed through another hub instance since it was remembered.
      kiosk = await enrolledKiosk(storage, code, known);
      fresh = true;
      continue;
    }
    if (!admitted) options.limits?.admitKiosk(kiosk.code);
    admitted = true;
    // Only a correctly signed request spends its nonce: a forgery cannot burn the nonce of a real one.
    if (await storage.useNonce(kiosk, nonce, now.toISOString(), forgetBefore)) {
      known?.remember(kiosk);
      return { kiosk, body };
    }
    // Used before, or the row changed (revoked, re-keyed, moved) since it was read.
    const current = await enrolledKiosk(storage, code, known);
    if (sameStanding(current, kiosk)) {
      known?.remember(current);
      throw new HubHttpError(409, 'HUB_REPLAY', 'this request was seen before (its nonce is used)');
    }
    kiosk = current;
    fresh = true;
  }
  throw new HubHttpError(503, 'HUB_BUSY', 'the kiosk’s enrolment changed while its request was checked; try again');
}
