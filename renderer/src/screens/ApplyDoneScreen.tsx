import { useEffect, useRef } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import type { ErrorCode } from '../../../core/api/errors.ts';
import { ApiError, type KioskClient } from '../api/client.ts';
import type { ApplicantDetails } from '../apply/application.ts';
import type { DocumentPhoto } from '../apply/camera.ts';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { PrintButton, PrintStatus } from '../components/Printing.tsx';
import { RatingPanel } from '../components/RatingPanel.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { printedApplicant } from '../print/print-job.ts';
import { usePrinterStatus } from '../print/usePrinterStatus.ts';
import { usePrintJob } from '../print/usePrintJob.ts';

/** How the villager's identity is checked: always by staff at the window; a face photo, if taken, is deleted. */
export type IdentityCheck = 'staff' | 'faceDeleted';

/** Where the application is: being stored, stored with its acceptance number, or not stored. */
export type SubmissionState =
  { status: 'sending' } | { status: 'submitted'; acceptanceNumber: string } | { status: 'failed'; code: ErrorCode };

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Sends the application with its document photos to the back end's outbox; never throws. */
export async function submitApplication(
  client: KioskClient,
  serviceId: string,
  applicant: ApplicantDetails | null,
  photos: readonly DocumentPhoto[],
): Promise<SubmissionState> {
  if (!applicant) return { status: 'failed', code: 'API_BAD_REQUEST' };
  try {
    const attachments = await Promise.all(
      photos.map(async (photo) => ({
        kind: 'document-photo',
        contentType: 'image/jpeg' as const,
        dataBase64: await base64Of(photo.blob),
      })),
    );
    const receipt = await client.call('submitApplication', {
      serviceId,
      applicant,
      fields: Object.fromEntries(photos.map((photo, index) => [`photo${index + 1}`, photo.material])),
      attachments,
    });
    return { status: 'submitted', acceptanceNumber: receipt.acceptanceNumber };
  } catch (error) {
    return { status: 'failed', code: error instanceof ApiError ? error.code : 'INTERNAL' };
  }
}

export interface ApplyDoneScreenProps {
  service: ServiceItem;
  /** Whether a card was read, so the villager is reminded to take it. */
  usedCard: boolean;
  /** How many document photos were taken; they have already been dropped. */
  photoCount: number;
  identity: IdentityCheck;
  /** The checked details, for printing the application form; null prints nothing. */
  applicant: ApplicantDetails | null;
  submission: SubmissionState;
  onHome: () => void;
}

/**
 * The last step, said honestly: "submitted" with the acceptance number only once the application is stored on
 * the kiosk (it reaches the service centre when the network allows); otherwise a plain reason and the way to the
 * window. When the kiosk has an A4 printer, the filled-in form can be printed to sign and take along.
 */
export function ApplyDoneScreen({
  service,
  usedCard,
  photoCount,
  identity,
  applicant,
  submission,
  onHome,
}: ApplyDoneScreenProps) {
  const { t, language } = useI18n();
  const printers = usePrinterStatus();
  const rows: [MessageKey, string][] = [
    ['guide.place', service.place],
    ['guide.hours', service.hours],
    ['guide.consultPhone', service.consultPhone],
  ];
  return (
    <section
      className="apply-done"
      data-testid="apply-done"
      data-photos={photoCount}
      data-identity={identity}
      aria-labelledby="done-title"
    >
      <h2 id="done-title" className="screen-heading">
        {t('done.heading')}
      </h2>
      {submission.status === 'sending' && (
        <p className="notice notice-info" data-testid="submission-sending">
          {t('done.sending')}
        </p>
      )}
      {submission.status === 'submitted' && (
        <div className="done-submitted" data-testid="submission-done">
          <p className="done-submitted-label">{t('done.submitted')}</p>
          <p className="acceptance-number" data-testid="acceptance-number">
            {submission.acceptanceNumber}
          </p>
          <p className="done-note">{t('done.submittedNext')}</p>
          {printers && printers.receipt !== 'none' && (
            <PrintReceipt acceptanceNumber={submission.acceptanceNumber} autoPrint={printers.receipt === 'ready'} />
          )}
        </div>
      )}
      {submission.status === 'failed' && (
        <p className="notice" role="alert" data-testid="submission-failed">
          {errorMessage(language, submission.code)} {t('done.notSubmitted')}
        </p>
      )}
      <KeyValueList rows={rows} className="done-where" />
      {photoCount > 0 && (
        <p className="done-note" data-testid="done-photos">
          {t(submission.status === 'failed' ? 'done.photos' : 'done.photosSent', { n: photoCount })}
        </p>
      )}
      <p className="done-note" data-testid="done-identity">
        {t(identity === 'faceDeleted' ? 'done.identityAfterFace' : 'done.identityByStaff')}
      </p>
      {applicant && printers?.a4 === 'configured' && <PrintForm serviceId={service.id} applicant={applicant} />}
      {submission.status === 'submitted' && (
        <RatingPanel serviceId={service.id} acceptanceNumber={submission.acceptanceNumber} />
      )}
      {usedCard && <p className="done-card">{t('done.takeCard')}</p>}
      <button type="button" className="button button-primary button-large button-wide" onClick={onHome}>
        {t('done.home')}
      </button>
    </section>
  );
}

/**
 * The 受理回执: printed at once when the receipt printer is ready, and on request again. If it cannot print, the
 * number stays on screen above, so nothing is lost.
 */
function PrintReceipt({ acceptanceNumber, autoPrint }: { acceptanceNumber: string; autoPrint: boolean }) {
  const { t } = useI18n();
  const job = usePrintJob();
  const printed = useRef(false);
  const print = () => job.start((client) => client.call('printAcceptanceReceipt', { acceptanceNumber }));
  useEffect(() => {
    if (autoPrint && !printed.current) {
      printed.current = true;
      print();
    }
    // Once per acceptance number; `print` is a new function on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoPrint, acceptanceNumber]);
  return (
    <div className="done-print" data-testid="done-receipt">
      <PrintButton
        label={t('print.receipt')}
        testId="print-receipt"
        className="button-wide"
        busy={job.busy}
        onPress={print}
      />
      <PrintStatus view={job.view} kind="receipt" testId="print-receipt-status" />
    </div>
  );
}

function PrintForm({ serviceId, applicant }: { serviceId: string; applicant: ApplicantDetails }) {
  const { t } = useI18n();
  const job = usePrintJob();
  return (
    <div className="done-print" data-testid="done-print">
      <p className="done-note">{t('done.printIntro')}</p>
      <PrintButton
        label={t('print.form')}
        testId="print-form"
        className="button-wide"
        busy={job.busy}
        onPress={() =>
          job.start((client) =>
            client.call('printApplicationForm', { serviceId, applicant: printedApplicant(applicant) }),
          )
        }
      />
      <PrintStatus view={job.view} kind="a4" testId="print-form-status" />
      <p className="done-note">{t('done.printPrivacy')}</p>
    </div>
  );
}
