import type { ReactNode } from 'react';
import type { ServiceSummary } from '../../../core/api/contract.ts';

/** One large tappable service in a list (category list, search results); `badges` go under the summary. */
export function ServiceRow({
  service,
  testId,
  matchedOn,
  badges,
  onOpen,
}: {
  service: ServiceSummary;
  testId: string;
  matchedOn?: string;
  badges?: ReactNode;
  onOpen: (service: ServiceSummary) => void;
}) {
  return (
    <li>
      <button
        type="button"
        className="service-item"
        data-testid={testId}
        data-matched-on={matchedOn}
        onClick={() => onOpen(service)}
      >
        <span className="service-title">{service.title}</span>
        <span className="service-summary">{service.summary}</span>
        {badges && <span className="service-badges">{badges}</span>}
        <span className="service-chevron" aria-hidden="true">
          ›
        </span>
      </button>
    </li>
  );
}
