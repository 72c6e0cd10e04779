import { useState } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import type { DirectoryEntry, ServiceContent as Content } from '../../../core/catalogue/schema.ts';
import { useAssist } from '../assist.ts';
import { useI18n } from '../i18n.ts';
import { usePrinterStatus } from '../print/usePrinterStatus.ts';
import { usePrintJob } from '../print/usePrintJob.ts';
import { PrintButton, PrintStatus } from './Printing.tsx';

/**
 * What an information item gives at the kiosk, shown above its guide: 机构查询's directory by area, a 文书模板 to
 * read and print blank, 普法's points. Each part can be read aloud.
 */
export function ServiceContent({ item, content }: { item: ServiceItem; content: Content }) {
  if (content.kind === 'directory') return <Directory entries={content.entries} />;
  if (content.kind === 'template') return <Template item={item} template={content} />;
  return <Lesson sections={content.sections} />;
}

function ReadAloud({ text, testId }: { text: string; testId: string }) {
  const { t } = useI18n();
  const { speak } = useAssist();
  return (
    <button type="button" className="button" data-testid={testId} onClick={() => speak(text)}>
      <span aria-hidden="true">🔊 </span>
      {t('declare.read')}
    </button>
  );
}

const ALL = '';

function Directory({ entries }: { entries: DirectoryEntry[] }) {
  const { t } = useI18n();
  const areas = [...new Set(entries.map((entry) => entry.area))];
  const [area, setArea] = useState(ALL);
  const shown = area === ALL ? entries : entries.filter((entry) => entry.area === area);
  return (
    <div className="directory" data-testid="directory">
      {areas.length > 1 && (
        <div className="directory-areas" role="radiogroup" aria-label={t('content.area')}>
          {[ALL, ...areas].map((name) => (
            <button
              key={name}
              type="button"
              role="radio"
              aria-checked={area === name}
              className={`button button-chip${area === name ? ' button-chip-on' : ''}`}
              data-testid="directory-area"
              onClick={() => setArea(name)}
            >
              {area === name && <span aria-hidden="true">✓ </span>}
              {name === ALL ? t('content.allAreas') : name}
            </button>
          ))}
        </div>
      )}
      <ul className="directory-list">
        {shown.map((entry) => (
          <li key={entry.name} className="directory-entry" data-testid="directory-entry">
            <p className="directory-name">{entry.name}</p>
            <dl className="directory-facts">
              <dt>{t('content.address')}</dt>
              <dd>{entry.address}</dd>
              <dt>{t('content.phone')}</dt>
              <dd className="directory-phone">{entry.phone}</dd>
              {entry.hours && (
                <>
                  <dt>{t('content.hours')}</dt>
                  <dd>{entry.hours}</dd>
                </>
              )}
              {entry.people.length > 0 && (
                <>
                  <dt>{t('content.people')}</dt>
                  <dd>{entry.people.join('、')}</dd>
                </>
              )}
              {entry.fields.length > 0 && (
                <>
                  <dt>{t('content.fields')}</dt>
                  <dd>{entry.fields.join('、')}</dd>
                </>
              )}
            </dl>
            <ReadAloud
              testId="directory-read"
              text={t('content.entrySpoken', { name: entry.name, address: entry.address, phone: entry.phone })}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

function Template({ item, template }: { item: ServiceItem; template: Extract<Content, { kind: 'template' }> }) {
  const { t } = useI18n();
  const printers = usePrinterStatus();
  const job = usePrintJob();
  return (
    <div className="template" data-testid="template">
      <div className="template-paper" lang="zh-CN">
        <p className="template-title">{template.title}</p>
        {template.body.map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
      </div>
      {template.notes.length > 0 && (
        <>
          <h4>{t('content.howToFill')}</h4>
          <ol className="plain-list">
            {template.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ol>
          <ReadAloud testId="template-read" text={template.notes.join('。')} />
        </>
      )}
      {printers !== null && printers.a4 !== 'none' && (
        <div className="template-print">
          <PrintButton
            label={t('content.printTemplate')}
            testId="print-template"
            className="button-wide"
            busy={job.busy}
            onPress={() => job.start((client) => client.call('printTemplate', { serviceId: item.id }))}
          />
          <PrintStatus view={job.view} kind="a4" testId="print-template-status" />
        </div>
      )}
    </div>
  );
}

function Lesson({ sections }: { sections: Extract<Content, { kind: 'lesson' }>['sections'] }) {
  return (
    <ol className="lesson" data-testid="lesson">
      {sections.map((section) => (
        <li key={section.heading} className="lesson-section">
          <h4>{section.heading}</h4>
          <p>{section.text}</p>
          <ReadAloud testId="lesson-read" text={`${section.heading}。${section.text}`} />
        </li>
      ))}
    </ol>
  );
}
