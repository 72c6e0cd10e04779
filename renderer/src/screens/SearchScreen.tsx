import { useEffect, useRef } from 'react';
import type { SearchHit, ServiceSummary } from '../../../core/api/contract.ts';
import { PinyinKeyboard } from '../components/PinyinKeyboard.tsx';
import { ErrorPanel } from '../components/StatePanels.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { applyKey, MAX_QUERY_LENGTH, type KeyPress } from '../search/keyboard.ts';
import { useSearch } from '../search/useSearch.ts';
import { ServiceRow } from '../components/ServiceRow.tsx';
import { useScreenVoice } from '../assist.ts';

export interface SearchScreenProps {
  /** The query, kept by the app only while this screen is on the navigation stack. */
  query: string;
  onQueryChange: (query: string) => void;
  onOpenService: (service: ServiceSummary) => void;
  onHome: () => void;
}

const MATCH_NOTES: Record<Exclude<SearchHit['matchedOn'], 'title'>, MessageKey> = {
  synonym: 'search.matched.synonym',
  summary: 'search.matched.summary',
};

/** Finding a service by typing: pinyin, initials or hanzi, on the screen's own keyboard or a physical one. */
export function SearchScreen({ query, onQueryChange, onOpenService, onHome }: SearchScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.search', 'help.search');
  const search = useSearch(query);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // inputMode="none" keeps the system's soft keyboard away; a physical keyboard types here at once.
    input.current?.focus({ preventScroll: true });
  }, []);

  const press = (key: KeyPress) => onQueryChange(applyKey(query, key));

  const shown =
    search.status === 'ready'
      ? { query: search.query, hits: search.hits }
      : search.status === 'searching'
        ? search.previous
        : null;

  return (
    <main className="screen screen-search">
      <div className="search-entry">
        <h2 className="screen-heading">
          <label htmlFor="search-query">{t('search.heading')}</label>
        </h2>
        <div className="search-field">
          <span className="search-field-icon" aria-hidden="true">
            🔍
          </span>
          <input
            ref={input}
            id="search-query"
            className="search-input"
            data-testid="search-input"
            type="search"
            inputMode="none"
            enterKeyHint="search"
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={MAX_QUERY_LENGTH}
            aria-describedby="search-hint"
            placeholder={t('search.placeholder')}
            value={query}
            onChange={(event) => onQueryChange(event.target.value)}
          />
        </div>
        <p id="search-hint" className="search-hint">
          {t('search.hint')}
        </p>
        <PinyinKeyboard label={t('search.keyboard')} onKey={press} />
      </div>

      <section className="search-results" aria-live="polite" aria-busy={search.status === 'searching'}>
        {search.status === 'idle' && <p className="search-idle">{t('search.idle')}</p>}
        {search.status === 'searching' && shown === null && (
          <p className="panel panel-loading" role="status">
            {t('search.searching')}
          </p>
        )}
        {search.status === 'error' && <ErrorPanel error={search.error} onRetry={search.retry} onHome={onHome} />}
        {shown !== null && shown.hits.length === 0 && search.status === 'ready' && (
          <div className="panel search-empty" data-testid="search-empty">
            <p>{t('search.empty', { query: shown.query })}</p>
            <p className="search-empty-hint">{t('search.emptyHint')}</p>
            <div className="panel-actions">
              <button type="button" className="button button-primary" onClick={onHome}>
                {t('search.browse')}
              </button>
              <button type="button" className="button" onClick={() => press({ kind: 'clear' })}>
                {t('search.again')}
              </button>
            </div>
          </div>
        )}
        {shown !== null && shown.hits.length > 0 && (
          <>
            <h3 className="search-count">{t('search.count', { count: shown.hits.length })}</h3>
            <ul className="service-list" aria-label={t('search.results')} data-testid="search-results">
              {shown.hits.map((hit) => (
                <ServiceRow
                  key={hit.service.id}
                  service={hit.service}
                  testId="search-result"
                  matchedOn={hit.matchedOn}
                  onOpen={onOpenService}
                  badges={
                    hit.matchedOn !== 'title' && (
                      <span className="search-match-note">{t(MATCH_NOTES[hit.matchedOn])}</span>
                    )
                  }
                />
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}
