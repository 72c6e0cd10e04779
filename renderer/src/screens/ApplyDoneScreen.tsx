import { Fragment, useEffect, useRef } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import type { ApplicantDetails } from '../apply/application.ts';
import type { SubmissionState } from '../apply/submission.ts';
import { chinaDateTime } from '../china-time.ts';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { PrintButton, PrintStatus } from '../components/Printing.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { printedApplicant } from '../print/print-job.ts';
import { usePrinterStatus } from '../print/usePrinterStatus.ts';
import { usePrintJob } from '../print/usePrintJob.ts';
import { useScreenVoice } from '../assist.ts';

/** How the villager's identity is checked: always by staff at the window; a face photo, if taken, is deleted. */
export type IdentityCheck = 'staff' | 'faceDeleted';

/**
 * An acceptance number that may wrap only after one of its hyphens (XW-DEMO-001- / 20261122-0001), never inside
 * a group of digits: a number split mid-group is misread.
 */
function NumberInParts({ value }: { value: string }) {
  const parts = value.split('-');
  return parts.map((part, index) => (
    <Fragment key={index}>
      <span className="number-part">{part}</span>
      {index < parts.length - 1 && (
        <>
          -<wbr />
        </>
      )}
    </Fragment>
  ));
}

export interface ApplyDoneScreenProps {
  service: ServiceItem;
  /** Whether a card was read, so the villager is reminded to take it. */
  usedCard: boolean;
  /** How many document photos were taken. */
  photoCount: number;
  identity: IdentityCheck;
  /** The checked details, for printing the application form; null prints nothing. */
  applicant: ApplicantDetails | null;
  submission: SubmissionState;
  /** Sends the same application again after it could not be stored. */
  onRetry: () => void;
  /** After a submission: on to the rating. */
  onNext: () => void;
  onHome: () => void;
}

/**
 * The last step, said honestly: "submitted" with the acceptance number (large, and as a QR code) only once the
 * application is stored on the kiosk (it reaches the service centre when the network allows); the receipt is
 * sent to the printer by itself, and the number and QR code stay on screen whatever the printer does.
 * When it cannot be stored: a plain reason, nothing claimed, and a way on (try again, the window, home). When
 * the kiosk has an A4 printer, the filled-in form can be printed to sign and take along.
 */
export function ApplyDoneScreen({
  service,
  usedCard,
  photoCount,
  identity,
  applicant,
  submission,
  onRetry,
  onNext,
  onHome,
}: ApplyDoneScreenProps) {
  const { t, language } = useI18n();
  useScreenVoice(submission.status === 'failed' ? 'voice.doneFailed' : 'voice.done', 'help.done');
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
      data-submission={submission.status}
      aria-labelledby="done-title"
    >
      <h2 id="done-title" className="screen-heading">
        {t('done.heading')}
      </h2>
      {submission.status === 'sending' && (
        <p className="notice notice-info notice-large" role="status" data-testid="submission-sending">
          {t('done.sending')}
        </p>
      )}
      {submission.status === 'submitted' && (
        <div className="done-submitted" data-testid="submission-done" role="status">
          <div className="done-submitted-text">
            <p className="done-submitted-label">{t('done.submitted')}</p>
            <p className="acceptance-number" data-testid="acceptance-number">
              <NumberInParts value={submission.acceptanceNumber} />
            </p>
            <p className="done-submitted-at" data-testid="submitted-at">
              {t('done.submittedAt', { time: chinaDateTime(submission.submittedAt, language) })}
            </p>
          </div>
          <figure className="done-qr">
            <QrCode
              payload={submission.acceptanceNumber}
              label={t('done.qrLabel', { number: submission.acceptanceNumber })}
              testId="acceptance-qr"
            />
            <figcaption>{t('done.qrCaption')}</figcaption>
          </figure>
          <p className="done-keep-number">{t('done.keepNumber')}</p>
          <p className="done-note">{t('done.submittedNext')}</p>
        </div>
      )}
      {submission.status === 'submitted' && printers && printers.receipt !== 'none' && (
        <PrintReceipt acceptanceNumber={submission.acceptanceNumber} />
      )}
      {submission.status === 'failed' && (
        <div className="notice" role="alert" data-testid="submission-failed">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          <div>
            <p className="notice-line">{errorMessage(language, submission.code)}</p>
            <p className="notice-line">{t('done.notSubmitted')}</p>
          </div>
        </div>
      )}
      <KeyValueList rows={rows} className="done-where" />
      {photoCount > 0 && submission.status !== 'sending' && (
        <p className="done-note" data-testid="done-photos">
          {t(submission.status === 'failed' ? 'done.photosKept' : 'done.photosSent', { n: photoCount })}
        </p>
      )}
      <p className="done-note" data-testid="done-identity">
        {t(identity === 'faceDeleted' ? 'done.identityAfterFace' : 'done.identityByStaff')}
      </p>
      {applicant && printers?.a4 === 'configured' && <PrintForm serviceId={service.id} applicant={applicant} />}
      {usedCard && <p className="done-card">{t('done.takeCard')}</p>}
      <div className="done-actions">
        {submission.status === 'submitted' && (
          <button
            type="button"
            className="button button-primary button-large button-wide"
            data-testid="done-next"
            onClick={onNext}
          >
            {t('done.next')}
          </button>
        )}
        {submission.status === 'failed' && (
          <button
            type="button"
            className="button button-primary button-large button-wide"
            data-testid="submission-retry"
            onClick={onRetry}
          >
            {t('done.retry')}
          </button>
        )}
        <button type="button" className="button button-large button-wide" data-testid="done-home" onClick={onHome}>
          {t('done.home')}
        </button>
      </div>
    </section>
  );
}

/**
 * The 受理回执: always sent to the printer once the application is stored, whatever state the printer is in (it
 * waits there for paper, or fails plainly), and on request again. While it is held or has failed, the villager
 * is told that the number and QR code above are the same as the receipt's, so nothing is lost.
 */
function PrintReceipt({ acceptanceNumber }: { acceptanceNumber: string }) {
  const { t } = useI18n();
  const job = usePrintJob();
  const printed = useRef(false);
  const print = () => job.start((client) => client.call('printAcceptanceReceipt', { acceptanceNumber }));
  useEffect(() => {
    if (!printed.current) {
      printed.current = true;
      print();
    }
    // Once per acceptance number; `print` is a new function on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [acceptanceNumber]);
  const notPrinting =
    job.view.phase === 'callFailed' ||
    (job.view.phase === 'job' && (job.view.state === 'held' || job.view.state === 'failed'));
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
      {notPrinting && (
        <p className="done-note" data-testid="receipt-on-screen">
          {t('done.receiptOnScreen')}
        </p>
      )}
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
