import type { ServiceSummary } from '../../../core/api/contract.ts';
import { ErrorPanel, LoadingPanel } from '../components/StatePanels.tsx';
import { useI18n } from '../i18n.ts';
import { useKioskData } from '../kiosk-context.ts';
import { ServiceRow } from '../components/ServiceRow.tsx';
import { useScreenVoice } from '../assist.ts';

export interface ServiceListScreenProps {
  categoryId: string;
  categoryName: string;
  onOpenService: (service: ServiceSummary) => void;
  onHome: () => void;
}

/** The services of one category, most used first. */
export function ServiceListScreen({ categoryId, categoryName, onOpenService, onHome }: ServiceListScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.services', 'help.services', { category: categoryName });
  const services = useKioskData((client) => client.call('listServices', { categoryId }), `services:${categoryId}`);
  return (
    <main className="screen screen-list">
      <h2 className="screen-heading">{categoryName}</h2>
      {services.status === 'loading' && <LoadingPanel />}
      {services.status === 'error' && <ErrorPanel error={services.error} onRetry={services.retry} onHome={onHome} />}
      {services.status === 'ready' && services.data.length === 0 && <p className="panel">{t('list.empty')}</p>}
      {services.status === 'ready' && services.data.length > 0 && (
        <ul className="service-list" aria-label={categoryName}>
          {services.data.map((service) => (
            <ServiceRow
              key={service.id}
              service={service}
              testId="service-item"
              onOpen={onOpenService}
              badges={
                <>
                  {service.kioskSupported && <span className="badge badge-kiosk">{t('list.kiosk')}</span>}
                  {service.onlineAvailable && <span className="badge">{t('list.online')}</span>}
                </>
              }
            />
          ))}
        </ul>
      )}
    </main>
  );
}
