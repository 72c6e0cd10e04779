// What every screen needs from the app: the API client and a counter that grows whenever the installed
// catalogue changes, so screens showing catalogue data load again.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, type KioskClient } from './api/client.ts';

export interface KioskContextValue {
  client: KioskClient;
  catalogueRevision: number;
}

export const KioskContext = createContext<KioskContextValue | null>(null);

export function useKiosk(): KioskContextValue {
  const value = useContext(KioskContext);
  if (value === null) throw new Error('useKiosk outside KioskContext');
  return value;
}

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: ApiError };

/** Loads data through the client; loads again when `key` or the catalogue changes, or on retry(). */
export function useKioskData<T>(load: (client: KioskClient) => Promise<T>, key: string): Loaded<T> & { retry(): void } {
  const { client, catalogueRevision } = useKiosk();
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // The answer is kept with the request it answers, so a newer request shows "loading" until its own answer.
  const request = `${key}|${catalogueRevision}|${attempt}`;
  const [answer, setAnswer] = useState<{ request: string; loaded: Loaded<T> } | null>(null);

  useEffect(() => {
    let current = true;
    load(client).then(
      (data) => current && setAnswer({ request, loaded: { status: 'ready', data } }),
      (error: unknown) => {
        const apiError = error instanceof ApiError ? error : new ApiError('INTERNAL', String(error));
        if (current) setAnswer({ request, loaded: { status: 'error', error: apiError } });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a new function on every render; `request` names what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, request]);

  const loaded: Loaded<T> = answer?.request === request ? answer.loaded : { status: 'loading' };
  return { ...loaded, retry };
}
