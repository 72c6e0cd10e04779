import { useEffect, useRef, useState } from 'react';
import { useKiosk } from '../kiosk-context.ts';
import { createSearchRunner, type SearchRunner, type SearchState } from './search-runner.ts';

/** The number of results asked for: enough for a screen or two of large rows. */
export const SEARCH_LIMIT = 20;

/** Searches `query` as it changes (after a short pause), and again when the catalogue changes. */
export function useSearch(query: string): SearchState & { retry(): void } {
  const { client, catalogueRevision } = useKiosk();
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const runner = useRef<SearchRunner | null>(null);
  const latestQuery = useRef(query);

  // Declared first, so on the first render the query is recorded before the runner below is made.
  useEffect(() => {
    latestQuery.current = query;
    runner.current?.setQuery(query);
  }, [query]);

  useEffect(() => {
    const created = createSearchRunner({
      search: (text) => client.call('search', { query: text, limit: SEARCH_LIMIT }),
      onChange: setState,
    });
    runner.current = created;
    created.setQuery(latestQuery.current);
    return () => {
      created.dispose();
      if (runner.current === created) runner.current = null;
    };
  }, [client, catalogueRevision]);

  return { ...state, retry: () => runner.current?.retry() };
}
