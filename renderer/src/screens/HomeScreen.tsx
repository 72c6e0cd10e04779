import type { CategorySummary, KioskInfo } from '../../../core/api/contract.ts';
import { ErrorPanel, LoadingPanel } from '../components/StatePanels.tsx';
import { useI18n } from '../i18n.ts';
import { useKioskData } from '../kiosk-context.ts';
import { useScreenVoice } from '../assist.ts';

export interface HomeScreenProps {
  info: KioskInfo | null;
  onOpenCategory: (category: CategorySummary) => void;
  onHome: () => void;
  onSearch: () => void;
  onMySubmissions: () => void;
}

/** The categories of this kiosk's profile as large tiles. */
export function HomeScreen({ info, onOpenCategory, onHome, onSearch, onMySubmissions }: HomeScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.home', 'help.home');
  const categories = useKioskData((client) => client.call('listCategories', {}), 'categories');
  return (
    <main className="screen screen-home">
      <button type="button" className="search-entry-button" data-testid="search-entry" onClick={onSearch}>
        <span className="search-entry-icon" aria-hidden="true">
          🔍
        </span>
        <span className="search-entry-name">{t('search.entry')}</span>
        <span className="search-entry-hint">{t('search.entryHint')}</span>
      </button>
      <button
        type="button"
        className="search-entry-button"
        data-testid="my-submissions-entry"
        onClick={onMySubmissions}
      >
        <span className="search-entry-icon" aria-hidden="true">
          📋
        </span>
        <span className="search-entry-name">{t('mine.entry')}</span>
        <span className="search-entry-hint">{t('mine.entryHint')}</span>
      </button>
      <h2 className="screen-prompt">{t('home.prompt')}</h2>
      {categories.status === 'loading' && <LoadingPanel />}
      {categories.status === 'error' && (
        <ErrorPanel error={categories.error} onRetry={categories.retry} onHome={onHome} />
      )}
      {categories.status === 'ready' && (
        <ul className="tile-grid" aria-label={t('home.prompt')}>
          {categories.data.map((category) => (
            <li key={category.id}>
              <button
                type="button"
                className="tile"
                data-testid="category-tile"
                onClick={() => onOpenCategory(category)}
              >
                <span className="tile-icon" aria-hidden="true">
                  {category.icon}
                </span>
                <span className="tile-name">{category.name}</span>
                <span className="tile-description">{category.description}</span>
                <span className="tile-count">{t('home.services', { count: category.serviceCount })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {info && (
        <p className="hotline">{t(info.profile === 'fabaobao' ? 'home.hotline.fabaobao' : 'home.hotline.yuezizhu')}</p>
      )}
      {info && <KioskFacts info={info} />}
    </main>
  );
}

const DAY = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Small print for technicians and staff on the phone: which kiosk this is and which catalogue it shows. */
function KioskFacts({ info }: { info: KioskInfo }) {
  const { t } = useI18n();
  const catalogue =
    info.catalogueVersion === null
      ? t('home.facts.noCatalogue')
      : t('home.facts.catalogue', {
          version: info.catalogueVersion,
          date: info.catalogueDate ? DAY.format(new Date(info.catalogueDate)) : t('home.facts.seed'),
        });
  return (
    <p className="kiosk-facts" data-testid="kiosk-facts">
      {t('home.facts.kiosk', { code: info.kioskCode })} · {catalogue} ·{' '}
      {t('home.facts.app', { version: info.appVersion })}
    </p>
  );
}
