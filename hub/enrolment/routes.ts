// Provisioning at the hub: staff issue single-use enrolment tokens for an area (POST /v1/enrolment-tokens), and
// a new kiosk spends one to register its device key (POST /v1/enrol), getting back the catalogue trust keys and
// its first config. The token is shown once; only its sha256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { TrustedKey } from '../../core/catalogue/bundle-manifest.ts';
import { regionPrefix } from '../../core/catalogue/region.ts';
import {
  enrolRequestSchema,
  tokenRequestSchema,
  type EnrolAnswer,
  type TokenIssued,
  type TokenRequest,
} from '../../core/protocol/enrolment.ts';
import { requireEd25519PublicKey } from '../device-key.ts';
import { HubHttpError, parseWith, readJson, sendJson } from '../http.ts';
import type { Route } from '../router.ts';
import type { EnrolResult, SqlEnrolmentStorage } from './storage.ts';

const BODY_MAX_BYTES = 8_000;

export interface EnrolmentOptions {
  storage: SqlEnrolmentStorage;
  trustedKeys: readonly TrustedKey[];
  /** The hub's address as kiosks should use it (behind a proxy, not the listening one). */
  hubUrl: () => string;
  /** How often an enrolled kiosk asks for a new catalogue, in its first config. */
  pollSeconds: number;
  now: () => Date;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A new single-use token for the request's area (also issued from the staff console); only its hash is kept. */
export async function issueEnrolmentToken(
  storage: SqlEnrolmentStorage,
  request: TokenRequest,
  issuedAt: Date,
): Promise<TokenIssued> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(issuedAt.getTime() + request.validMinutes * 60_000).toISOString();
  await storage.putToken({
    tokenSha256: sha256(token),
    region: request.region,
    regionPrefix: regionPrefix(request.region),
    rekeyKioskCode: request.kioskCode ?? null,
    issuedAt: issuedAt.toISOString(),
    expiresAt,
  });
  return { token, region: request.region, expiresAt };
}

function refusal(result: Exclude<EnrolResult, { kind: 'enrolled' }>, kioskCode: string): HubHttpError {
  switch (result.kind) {
    case 'token-unknown':
      return new HubHttpError(403, 'ENROL_TOKEN_UNKNOWN', 'the hub issued no such enrolment token');
    case 'token-expired':
      return new HubHttpError(403, 'ENROL_TOKEN_EXPIRED', 'the enrolment token has expired; ask for a new one');
    case 'token-used':
      return new HubHttpError(409, 'ENROL_TOKEN_USED', 'the enrolment token was used already; ask for a new one');
    case 'region-mismatch':
      return new HubHttpError(403, 'ENROL_REGION_MISMATCH', `the token enrols only into region ${result.region}`);
    case 'kiosk-taken':
      return new HubHttpError(
        409,
        'ENROL_KIOSK_TAKEN',
        `kiosk ${kioskCode} is enrolled with another device key; re-provisioning it needs a token issued for it`,
      );
    case 'kiosk-revoked':
      return new HubHttpError(409, 'HUB_KIOSK_REVOKED', `kiosk ${kioskCode} was revoked; enrol it under a new code`);
  }
}

export function enrolmentRoutes(options: EnrolmentOptions): Route[] {
  return [
    {
      methods: ['POST'],
      path: /^\/v1\/enrolment-tokens$/,
      staff: true,
      async handle({ req, res }) {
        const request = parseWith(tokenRequestSchema, await readJson(req, BODY_MAX_BYTES));
        sendJson(res, 201, await issueEnrolmentToken(options.storage, request, options.now()), {
          'Cache-Control': 'no-store',
        });
      },
    },
    {
      methods: ['POST'],
      path: /^\/v1\/enrol$/,
      staff: false,
      async handle({ req, res }) {
        const request = parseWith(enrolRequestSchema, await readJson(req, BODY_MAX_BYTES));
        requireEd25519PublicKey(request.publicKey);
        const result = await options.storage.enrol({
          tokenSha256: sha256(request.token),
          kioskCode: request.kioskCode,
          regionCode: request.regionCode,
          siteName: request.siteName,
          siteAddress: request.siteAddress,
          publicKey: request.publicKey,
          at: options.now().toISOString(),
        });
        if (result.kind !== 'enrolled') throw refusal(result, request.kioskCode);
        const answer: EnrolAnswer = {
          kioskCode: request.kioskCode,
          regionCode: request.regionCode,
          enrolledAt: result.enrolledAt,
          trustedKeys: options.trustedKeys.map(({ keyId, publicKey }) => ({ keyId, publicKey })),
          config: { hubUrl: options.hubUrl(), pollSeconds: options.pollSeconds },
        };
        sendJson(res, 200, answer, { 'Cache-Control': 'no-store' });
      },
    },
  ];
}
