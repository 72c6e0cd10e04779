// The application as it is handed to the back end's outbox at the end of the flow: the checked details, what the
// form and the steps gathered, the consents given on the way, and the document photos as JPEG attachments.
// Pure functions apart from reading the photos' bytes, so unit tests can run them in Node.
import type { KioskInput } from '../../../core/api/contract.ts';
import type { ErrorCode } from '../../../core/api/errors.ts';
import { ApiError, type KioskClient } from '../api/client.ts';
import type { ApplicantDetails } from './application.ts';

/** The face photo consent text of FaceConsentScreen (consent.* in i18n.ts); a new wording needs a new version. */
export const FACE_CONSENT_DOCUMENT = 'face-photo-consent-v1';

export interface Consent {
  /** Which text was answered, e.g. FACE_CONSENT_DOCUMENT. */
  document: string;
  agreed: boolean;
}

/** Where the application is: being stored, stored with its acceptance number, or not stored (and why). */
export type SubmissionState =
  | { status: 'sending' }
  | { status: 'submitted'; acceptanceNumber: string; submittedAt: string }
  | { status: 'failed'; code: ErrorCode };

/** A document photo as the submission needs it: which material it shows, and the JPEG. */
export interface PhotoToSend {
  material: string;
  blob: Blob;
}

export interface ApplicationParts {
  serviceId: string;
  applicant: ApplicantDetails;
  /** Whether the details came from the ID card (read and checked by the reader) or were typed. */
  usedCard: boolean;
  consents: readonly Consent[];
  /** One id per finished application, kept for its retries, so a retry never stores it twice. */
  requestId: string;
  /** The case questions' answers (case-forms.ts) and, for legal aid, the eligibility group. */
  answers?: Readonly<Record<string, string>>;
}

export type ApplicationInput = KioskInput<'submitApplication'>;

/**
 * The submitApplication input without the attachments' bytes. `photoMaterials` says which material each photo
 * shows, in the order of the attachments.
 */
export function applicationInput(
  parts: ApplicationParts,
  photoMaterials: readonly string[],
): Omit<ApplicationInput, 'attachments'> {
  return {
    serviceId: parts.serviceId,
    applicant: { ...parts.applicant },
    fields: {
      ...parts.answers,
      applicantSource: parts.usedCard ? 'idcard' : 'typed',
      ...Object.fromEntries(photoMaterials.map((material, index) => [`photo${index + 1}`, material])),
    },
    consents: parts.consents.map((consent) => ({ document: consent.document, agreed: consent.agreed })),
    requestId: parts.requestId,
  };
}

/** Bytes as base64, in chunks (String.fromCharCode with a whole photo's bytes would overflow the stack). */
export function base64OfBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends the application with its document photos to the back end's outbox; never throws. Resolves "submitted"
 * only once the back end has committed it (submitApplication resolves only after the durable write).
 */
export async function sendApplication(
  client: KioskClient,
  parts: ApplicationParts,
  photos: readonly PhotoToSend[],
  signature: Blob | null = null,
): Promise<SubmissionState> {
  try {
    const attachments = await Promise.all([
      ...photos.map(async (photo) => ({
        kind: 'document-photo',
        contentType: 'image/jpeg' as const,
        dataBase64: base64OfBytes(new Uint8Array(await photo.blob.arrayBuffer())),
      })),
      ...(signature
        ? [
            (async () => ({
              kind: 'signature',
              contentType: 'image/png' as const,
              dataBase64: base64OfBytes(new Uint8Array(await signature.arrayBuffer())),
            }))(),
          ]
        : []),
    ]);
    const receipt = await client.call('submitApplication', {
      ...applicationInput(
        parts,
        photos.map((photo) => photo.material),
      ),
      ...(attachments.length > 0 ? { attachments } : {}),
    });
    return { status: 'submitted', acceptanceNumber: receipt.acceptanceNumber, submittedAt: receipt.submittedAt };
  } catch (error) {
    return { status: 'failed', code: error instanceof ApiError ? error.code : 'INTERNAL' };
  }
}
