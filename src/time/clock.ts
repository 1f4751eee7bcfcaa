/**
 * Time, as everything outside the pure core reads it and waits on it: one abstraction, injected, so
 * that tests and benchmarks can move it. The pure core takes time as data (the runner passes it in).
 */
export interface Clock {
  /** Milliseconds since the epoch (a function property: it may be handed on alone, as `clock.now`). */
  readonly now: () => number;
  /** Resolves after `ms`, or at once when `signal` aborts (never rejects). Keeps the process alive while it waits. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Calls `fire` once, `ms` from now, unless cancelled first. Scheduled work, not a wait: the timer
   * never keeps the process alive (a re-check due in a week must not stop the bot from exiting).
   */
  readonly after: (ms: number, fire: () => void) => Timer;
  /** Calls `fire` every `ms` until cancelled; like `after`, it never keeps the process alive. */
  readonly every: (ms: number, fire: () => void) => Timer;
}

/** A scheduled call that has not fired yet (or, for `every`, keeps firing). */
export interface Timer {
  /** Stops it: `fire` is not called again. Cancelling twice, or after it fired, does nothing. */
  cancel(): void;
}

/** Node fires a longer timeout at once (with a warning): a longer delay waits this long instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

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
  after: (ms, fire) => {
    const timer = setTimeout(fire, Math.min(ms, MAX_TIMER_MS)).unref();
    return { cancel: () => clearTimeout(timer) };
  },
  every: (ms, fire) => {
    const timer = setInterval(fire, Math.min(ms, MAX_TIMER_MS)).unref();
    return { cancel: () => clearInterval(timer) };
  },
};
