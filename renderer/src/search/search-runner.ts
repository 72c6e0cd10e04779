// Searching as the villager types: waits for a short pause in typing, sends one request, and never lets an older
// answer replace a newer one. Pure (timers and the search function are passed in), so it can be tested in Node.
import type { SearchHit } from '../../../core/api/contract.ts';
import { ApiError } from '../api/client.ts';
import { normaliseQuery } from './keyboard.ts';

export type SearchState =
  /** Nothing typed. */
  | { status: 'idle' }
  /** Waiting for an answer to `query`; `previous` is the last answer shown, kept on screen meanwhile. */
  | { status: 'searching'; query: string; previous: { query: string; hits: SearchHit[] } | null }
  | { status: 'ready'; query: string; hits: SearchHit[] }
  | { status: 'error'; query: string; error: ApiError };

export interface SearchRunnerOptions {
  search: (query: string) => Promise<SearchHit[]>;
  onChange: (state: SearchState) => void;
  delayMs?: number;
}

export interface SearchRunner {
  /** The query as typed; searched after `delayMs` without further typing. */
  setQuery(query: string): void;
  /** Searches the current query again at once (after an error). */
  retry(): void;
  /** Stops: pending timers are cancelled and answers still on their way are dropped. */
  dispose(): void;
}

export const SEARCH_DELAY_MS = 150;

export function createSearchRunner({ search, onChange, delayMs = SEARCH_DELAY_MS }: SearchRunnerOptions): SearchRunner {
  let state: SearchState = { status: 'idle' };
  let query = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Number of the latest request sent, and of the latest whose answer was shown. */
  let sent = 0;
  let shown = 0;
  let disposed = false;

  const set = (next: SearchState) => {
    state = next;
    onChange(next);
  };
  const lastAnswer = (): { query: string; hits: SearchHit[] } | null => {
    if (state.status === 'ready') return { query: state.query, hits: state.hits };
    if (state.status === 'searching') return state.previous;
    return null;
  };
  const send = () => {
    timer = null;
    const request = ++sent;
    const asked = query;
    search(asked).then(
      (hits) => {
        if (disposed || request < shown) return;
        shown = request;
        // An answer to an older query is still better than nothing while the newest is on its way.
        if (asked === query) set({ status: 'ready', query: asked, hits });
        else if (query !== '') set({ status: 'searching', query, previous: { query: asked, hits } });
      },
      (error: unknown) => {
        if (disposed || request < shown || asked !== query) return;
        shown = request;
        set({
          status: 'error',
          query: asked,
          error: error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)),
        });
      },
    );
  };
  const cancelTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  return {
    setQuery(typed) {
      if (disposed) return;
      const next = normaliseQuery(typed);
      if (next === query && state.status !== 'idle') return;
      query = next;
      cancelTimer();
      if (next === '') {
        // Answers still on their way must not bring old results back.
        shown = sent;
        set({ status: 'idle' });
        return;
      }
      set({ status: 'searching', query: next, previous: lastAnswer() });
      timer = setTimeout(send, delayMs);
    },
    retry() {
      if (disposed || query === '') return;
      cancelTimer();
      set({ status: 'searching', query, previous: null });
      send();
    },
    dispose() {
      disposed = true;
      cancelTimer();
    },
  };
}
