import { backoffMs } from './backoff';
import { Clock } from './clock';

export interface TransientRetryOptions {
  attempts: number;
  baseMs: number;
  capMs: number;
  signal?: AbortSignal;
}

/**
 * Runs a read again when it fails transiently (429, 5xx, dropped connection: the SDK's RetryHandler
 * never sees a dropped connection), a bounded number of times; anything else is thrown at once.
 * `classify` turns what was thrown into the failure that says whether it is transient (for Graph,
 * `GraphFailure.from`); that failure is what the caller gets when the tries are spent.
 */
export async function withTransientRetry<T, F extends Error & { readonly transient: boolean }>(call: () => Promise<T>, classify: (error: unknown) => F, clock: Clock, options: TransientRetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = classify(error);
      if (!failure.transient || attempt >= options.attempts || options.signal?.aborted) throw failure;
      await clock.sleep(backoffMs(attempt, options.baseMs, options.capMs), options.signal);
    }
  }
}
