import { backoffMs } from '../graph/bulk/retry-after';
import { Clock } from '../time/clock';
import { GraphFailure } from '../ports/graph-failure';

/**
 * Runs a read again when it fails transiently (429, 5xx, dropped connection: the SDK's RetryHandler
 * never sees a dropped connection), a bounded number of times; anything else is thrown at once.
 */
export async function withTransientRetry<T>(call: () => Promise<T>, clock: Clock, options: { attempts: number; baseMs: number; capMs: number; signal?: AbortSignal }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = GraphFailure.from(error);
      if (!failure.transient || attempt >= options.attempts || options.signal?.aborted) throw failure;
      await clock.sleep(backoffMs(attempt, options.baseMs, options.capMs), options.signal);
    }
  }
}
