// The kiosk's side of POST /v1/enrol: sends the enrolment and turns every way it can go wrong into a KioskError
// with a stable code: the hub's own ENROL_* refusals, HUB_UNAVAILABLE when it cannot be reached, and
// ENROL_BAD_ANSWER when it answers something that is not an enrolment.
import { HubError, readCappedBody, request } from '../catalogue/download.ts';
import { KioskError, type ErrorCode } from '../api/errors.ts';
import { enrolAnswerSchema, type EnrolAnswer, type EnrolRequest } from '../protocol/enrolment.ts';
import { hubErrorBodySchema } from '../protocol/errors.ts';

const MAX_ANSWER_BYTES = 256_000;
const HUB_REFUSALS: readonly ErrorCode[] = [
  'ENROL_TOKEN_UNKNOWN',
  'ENROL_TOKEN_EXPIRED',
  'ENROL_TOKEN_USED',
  'ENROL_REGION_MISMATCH',
  'ENROL_KIOSK_TAKEN',
];

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function enrolWithHub(hubUrl: string, enrolment: EnrolRequest, timeoutMs = 20_000): Promise<EnrolAnswer> {
  let body: Buffer;
  let status: number;
  try {
    const response = await request(
      new URL('/v1/enrol', hubUrl).toString(),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(enrolment) },
      timeoutMs,
    );
    status = response.status;
    body = await readCappedBody(response, MAX_ANSWER_BYTES);
  } catch (error) {
    if (error instanceof HubError && error.code === 'HUB_UNREACHABLE') {
      throw new KioskError('HUB_UNAVAILABLE', `the hub at ${hubUrl} cannot be reached (${error.message})`);
    }
    throw new KioskError('ENROL_BAD_ANSWER', `the hub at ${hubUrl} answered something unusable`);
  }
  const json = parseJson(body);
  if (status >= 200 && status < 300) {
    const answer = enrolAnswerSchema.safeParse(json);
    if (!answer.success || answer.data.kioskCode !== enrolment.kioskCode) {
      throw new KioskError('ENROL_BAD_ANSWER', `the hub at ${hubUrl} did not answer with an enrolment`);
    }
    return answer.data;
  }
  const refusal = hubErrorBodySchema.safeParse(json);
  if (!refusal.success) {
    throw new KioskError('ENROL_BAD_ANSWER', `the hub at ${hubUrl} answered HTTP ${status} without a reason`);
  }
  const { code, message } = refusal.data.error;
  const known = HUB_REFUSALS.find((refused) => refused === code);
  throw new KioskError(known ?? 'ENROL_REFUSED', `${code}: ${message}`);
}
