// Loading a page's data from the hub: the value, a plain problem when it failed, and a way to load again.
import { useEffect, useRef, useState } from 'react';
import { problemText } from './api.ts';

/** `key` says when what to load changed (a filter, a page); `load` may be a fresh closure on every render. */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
): { data: T | null; problem: string; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState('');
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let current = true;
    latest.current().then(
      (value) => {
        if (!current) return;
        setData(value);
        setProblem('');
      },
      (error: unknown) => current && setProblem(problemText(error)),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return { data, problem, reload: () => setRound((value) => value + 1) };
}
