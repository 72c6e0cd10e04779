// Runs actions strictly one after another: each starts when the one before has finished, whether it worked or
// failed. Device protocols need this (one command on the wire at a time, one print job on the printer).

export interface OneAtATime {
  /** Queues `action`; its result (or failure) is the caller's alone and never stops the queue. */
  <T>(action: () => Promise<T>): Promise<T>;
  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void>;
}

export function oneAtATime(): OneAtATime {
  let tail: Promise<unknown> = Promise.resolve();
  const run = <T>(action: () => Promise<T>): Promise<T> => {
    const result = tail.then(action);
    tail = result.catch(() => undefined);
    return result;
  };
  return Object.assign(run, { idle: () => tail.then(() => undefined) });
}
