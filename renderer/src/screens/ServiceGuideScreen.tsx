import { useRef, type ReactNode } from 'react';
import type { PrinterStatusView, ServiceItem } from '../../../core/api/contract.ts';
import { PrintButton, PrinterProblemNotice, PrintStatus } from '../components/Printing.tsx';
import { ErrorPanel, LoadingPanel } from '../components/StatePanels.tsx';
import { KeyValueList } from '../components/KeyValueList.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useKioskData } from '../kiosk-context.ts';
import { receiptPrinterProblem } from '../print/print-job.ts';
import { usePrinterStatus } from '../print/usePrinterStatus.ts';
import { usePrintJob } from '../print/usePrintJob.ts';
import { useScreenVoice } from '../assist.ts';
import { QrCode } from '../components/QrCode.tsx';
import { appliesAtKiosk } from '../apply/case-forms.ts';
import { ServiceContent } from '../components/ServiceContent.tsx';

export interface ServiceGuideScreenProps {
  serviceId: string;
  onHome: () => void;
  /** Starts applying at this kiosk; offered only for services the kiosk takes applications for. */
  onApply: (service: ServiceItem) => void;
  /** 好差评 of this service, offered once its guide has been printed (the service this kiosk gave). */
  onRate: (service: ServiceItem) => void;
}

type SectionId = 'content' | 'online' | 'conditions' | 'materials' | 'steps' | 'fees' | 'where' | 'faqs' | 'basis';

/** The 办事指南 of one service: what it is, who can apply, what to bring, the steps, fees, where and when. */
export function ServiceGuideScreen({ serviceId, onHome, onApply, onRate }: ServiceGuideScreenProps) {
  const service = useKioskData((client) => client.call('getService', { id: serviceId }), `service:${serviceId}`);
  const printers = usePrinterStatus();
  const canPrint = printers !== null && printers.receipt !== 'none';
  return (
    <main className="screen screen-guide">
      {service.status === 'loading' && <LoadingPanel />}
      {service.status === 'error' && <ErrorPanel error={service.error} onRetry={service.retry} onHome={onHome} />}
      {service.status === 'ready' && <Guide item={service.data} />}
      {service.status === 'ready' && (appliesAtKiosk(service.data) || canPrint) && (
        <GuideBar
          item={service.data}
          printers={canPrint ? printers : null}
          onApply={appliesAtKiosk(service.data) ? () => onApply(service.data) : null}
          onRate={() => onRate(service.data)}
        />
      )}
    </main>
  );
}

const CONTENT_TITLES = {
  directory: 'guide.section.directory',
  template: 'guide.section.template',
  lesson: 'guide.section.lesson',
} as const satisfies Record<NonNullable<ServiceItem['content']>['kind'], MessageKey>;

function Guide({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  useScreenVoice('voice.guide', 'help.guide', { title: item.title });
  const sectionRefs = useRef(new Map<SectionId, HTMLElement>());

  const onlineUrl = item.online.available ? (item.online.url ?? null) : null;
  const content = item.content ?? null;
  const sections: { id: SectionId; title: MessageKey; body: ReactNode; show: boolean }[] = [
    {
      id: 'content',
      title: content ? CONTENT_TITLES[content.kind] : 'guide.section.conditions',
      body: content && <ServiceContent item={item} content={content} />,
      show: content !== null,
    },
    { id: 'online', title: 'guide.section.online', body: <Online url={onlineUrl ?? ''} />, show: onlineUrl !== null },
    { id: 'conditions', title: 'guide.section.conditions', body: <Conditions item={item} />, show: true },
    { id: 'materials', title: 'guide.section.materials', body: <Materials item={item} />, show: true },
    { id: 'steps', title: 'guide.section.steps', body: <Steps item={item} />, show: true },
    { id: 'fees', title: 'guide.section.fees', body: <Fees item={item} />, show: item.charged },
    { id: 'where', title: 'guide.section.where', body: <Where item={item} />, show: true },
    { id: 'faqs', title: 'guide.section.faqs', body: <Faqs item={item} />, show: item.faqs.length > 0 },
    { id: 'basis', title: 'guide.section.basis', body: <Basis item={item} />, show: true },
  ];
  const shown = sections.filter((section) => section.show);

  return (
    <article className="guide" aria-labelledby="guide-title">
      <h2 id="guide-title" className="screen-heading">
        {item.title}
      </h2>
      <p className="guide-summary">{item.summary}</p>
      <Facts item={item} />
      <nav className="guide-nav" aria-label={item.title}>
        {shown.map((section) => (
          <button
            key={section.id}
            type="button"
            className="button button-chip"
            onClick={() => sectionRefs.current.get(section.id)?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
          >
            {t(section.title)}
          </button>
        ))}
      </nav>
      {shown.map((section) => (
        <section
          key={section.id}
          className="guide-section"
          data-section={section.id}
          aria-labelledby={`section-${section.id}`}
          ref={(element) => {
            if (element) sectionRefs.current.set(section.id, element);
            else sectionRefs.current.delete(section.id);
          }}
        >
          <h3 id={`section-${section.id}`}>{t(section.title)}</h3>
          {section.body}
        </section>
      ))}
    </article>
  );
}

/**
 * Stays at the bottom of the screen while the villager reads the guide: print the guide as a receipt (when the
 * kiosk has a receipt printer) and apply here (kiosk-supported services). The print status line sits above the
 * buttons, so the guide itself stays on screen whatever happens to the printer.
 */
function GuideBar({
  item,
  printers,
  onApply,
  onRate,
}: {
  item: ServiceItem;
  /** null: no receipt printer, no print button. */
  printers: PrinterStatusView | null;
  onApply: (() => void) | null;
  onRate: () => void;
}) {
  const { t } = useI18n();
  const job = usePrintJob();
  // A printer that cannot print now does not take the button away: the job waits until staff fix the printer
  // (or is dropped after the hold time). The villager is told first, in words, so nothing comes as a surprise.
  const problem = printers ? receiptPrinterProblem(printers.receipt) : null;
  return (
    <div className="apply-bar">
      {printers && job.view.phase === 'idle' && problem && (
        <PrinterProblemNotice problem={problem} testId="printer-problem" />
      )}
      {printers && <PrintStatus view={job.view} kind="receipt" testId="print-guide-status" />}
      {job.view.phase === 'job' && job.view.state === 'done' && (
        <button type="button" className="button button-large button-wide" data-testid="guide-rate" onClick={onRate}>
          {t('guide.rate')}
        </button>
      )}
      <div className="apply-bar-row">
        {printers && (
          <PrintButton
            label={t('print.guide')}
            testId="print-guide"
            busy={job.busy}
            onPress={() => job.start((client) => client.call('printServiceGuide', { serviceId: item.id }))}
          />
        )}
        {onApply && (
          <>
            <p className="apply-bar-hint">{t('guide.applyHint')}</p>
            <button
              type="button"
              className="button button-primary button-large"
              data-testid="apply-button"
              onClick={onApply}
            >
              {t('guide.apply')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function Facts({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  const facts: [MessageKey, string][] = [
    [
      'guide.facts.time',
      item.promisedDays === 0 ? t('guide.facts.sameDay') : t('guide.facts.promised', { days: item.promisedDays }),
    ],
    ['guide.facts.fee', item.charged ? t('guide.facts.charged') : t('guide.facts.free')],
    [
      'guide.facts.visits',
      item.visits === 0 ? t('guide.facts.noVisit') : t('guide.facts.visitsValue', { n: item.visits }),
    ],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{t(label)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Where the service can be done online: a QR code the villager's phone takes them on with. */
function Online({ url }: { url: string }) {
  const { t } = useI18n();
  return (
    <div className="guide-online">
      <QrCode payload={url} label={t('guide.onlineQr')} testId="guide-online-qr" className="guide-online-qr" />
      <p>{t('guide.onlineHint')}</p>
    </div>
  );
}

function Conditions({ item }: { item: ServiceItem }) {
  return (
    <ul className="plain-list">
      {item.conditions.map((condition) => (
        <li key={condition}>{condition}</li>
      ))}
    </ul>
  );
}

function Materials({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  if (item.materials.length === 0) return <p>{t('guide.material.noMaterials')}</p>;
  return (
    <ol className="materials" data-testid="materials-list">
      {item.materials.map((material) => (
        <li key={material.name} className="material">
          <div className="material-head">
            <span className="material-name">{material.name}</span>
            {/* Text, not colour alone, says whether it is required. */}
            <span className={material.required ? 'badge badge-required' : 'badge'}>
              {material.required ? t('guide.material.required') : t('guide.material.optional')}
            </span>
          </div>
          <p className="material-detail">
            {[
              material.form,
              material.originals > 0 ? t('guide.material.originals', { n: material.originals }) : null,
              material.copies > 0 ? t('guide.material.copies', { n: material.copies }) : null,
              material.issuer,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {material.notes && <p className="material-notes">{material.notes}</p>}
          {material.blankForm && (
            <p className="material-notes">{t('guide.material.blankForm', { title: material.blankForm.title })}</p>
          )}
        </li>
      ))}
    </ol>
  );
}

function Steps({ item }: { item: ServiceItem }) {
  return (
    <ol className="steps">
      {item.steps.map((step, index) => (
        <li key={`${index}-${step.title}`} className="step">
          <span className="step-number" aria-hidden="true">
            {index + 1}
          </span>
          <div>
            <p className="step-title">{step.title}</p>
            <p>{step.description}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Fees({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  return (
    <ul className="plain-list">
      {item.fees.map((fee) => (
        <li key={fee.name}>
          <strong>{fee.name}</strong>：{fee.standard}
          {fee.reducible && `（${t('guide.feeReducible')}）`}
          <br />
          <small>{fee.basis}</small>
        </li>
      ))}
    </ul>
  );
}

function Where({ item }: { item: ServiceItem }) {
  const rows: [MessageKey, string][] = [
    ['guide.place', item.place],
    ['guide.hours', item.hours],
    ['guide.consultPhone', item.consultPhone],
    ['guide.supervisePhone', item.supervisePhone],
  ];
  return <KeyValueList rows={rows} />;
}

function Faqs({ item }: { item: ServiceItem }) {
  return (
    <dl className="faqs">
      {item.faqs.map((faq) => (
        <div key={faq.question} className="faq">
          <dt>问：{faq.question}</dt>
          <dd>答：{faq.answer}</dd>
        </div>
      ))}
    </dl>
  );
}

function Basis({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  return (
    <>
      <p>
        {t('guide.authority')}：{item.authority.name}
      </p>
      {item.statutoryDays > 0 && <p>{t('guide.statutory', { days: item.statutoryDays })}</p>}
      <ul className="plain-list">
        {item.legalBasis.map((basis) => (
          <li key={basis}>{basis}</li>
        ))}
      </ul>
    </>
  );
}
