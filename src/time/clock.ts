/**
 * Time, as everything outside the pure core reads it and waits on it: one abstraction, injected, so
 * that tests and benchmarks can move it. The pure core takes time as data (the runner passes it in).
 */
export interface Clock {
  /** Milliseconds since the epoch (a function property: it may be handed on alone, as `clock.now`). */
  readonly now: () => number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The machine's clock. `now` reads `Date.now()` on every call, so a faked `Date` is seen. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
