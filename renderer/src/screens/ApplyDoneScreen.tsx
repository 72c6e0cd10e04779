import type { ServiceItem } from '../../../core/api/contract.ts';
import type { ApplicantDetails } from '../apply/application.ts';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { PrintButton, PrintStatus } from '../components/Printing.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { printedApplicant } from '../print/print-job.ts';
import { usePrinterStatus } from '../print/usePrinterStatus.ts';
import { usePrintJob } from '../print/usePrintJob.ts';

/** How the villager's identity is checked: always by staff at the window; a face photo, if taken, is deleted. */
export type IdentityCheck = 'staff' | 'faceDeleted';

export interface ApplyDoneScreenProps {
  service: ServiceItem;
  /** Whether a card was read, so the villager is reminded to take it. */
  usedCard: boolean;
  /** How many document photos were taken; they have already been dropped. */
  photoCount: number;
  identity: IdentityCheck;
  /** The checked details, for printing the application form; null prints nothing. */
  applicant: ApplicantDetails | null;
  onHome: () => void;
}

/**
 * The last step, said honestly: this kiosk cannot send applications yet, so nothing was sent, and the photos
 * taken on the way are already deleted. It tells the villager where to go and whom to call instead, and, when
 * the kiosk has an A4 printer, prints the filled-in application form to sign and take along.
 */
export function ApplyDoneScreen({ service, usedCard, photoCount, identity, applicant, onHome }: ApplyDoneScreenProps) {
  const { t } = useI18n();
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
      <p className="notice notice-info">
        <span className="notice-mark" aria-hidden="true">
          i
        </span>
        {t('done.notSent')}
      </p>
      <KeyValueList rows={rows} className="done-where" />
      {photoCount > 0 && (
        <p className="done-note" data-testid="done-photos">
          {t('done.photos', { n: photoCount })}
        </p>
      )}
      <p className="done-note" data-testid="done-identity">
        {t(identity === 'faceDeleted' ? 'done.identityAfterFace' : 'done.identityByStaff')}
      </p>
      {applicant && printers?.a4 === 'configured' && <PrintForm serviceId={service.id} applicant={applicant} />}
      {usedCard && <p className="done-card">{t('done.takeCard')}</p>}
      <button type="button" className="button button-primary button-large button-wide" onClick={onHome}>
        {t('done.home')}
      </button>
    </section>
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
