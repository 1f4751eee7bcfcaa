import { Clock } from '../time/clock';

/**
 * Runs a tenant's work one piece at a time, in order, so that the results of one command are
 * decided before the next command starts. Different tenants run concurrently.
 */
export class TenantQueues {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly clock: Clock) {}

  run(tenantId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(tenantId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(tenantId, tail);
    void tail.then(() => {
      if (this.tails.get(tenantId) === tail) this.tails.delete(tenantId);
    });
    return next;
  }

  /** Resolves when the tenant's queue is empty, or after `timeoutMs`, whichever comes first. */
  async idle(tenantId: string, timeoutMs: number): Promise<boolean> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const tail = this.tails.get(tenantId);
      if (!tail) return true;
      const left = deadline - this.clock.now();
      if (left <= 0) return false;
      // The wait ends with the queue: a timeout left pending would hold the process open after a quick drain.
      const waited = new AbortController();
      await Promise.race([tail, this.clock.sleep(left, waited.signal)]);
      waited.abort();
    }
  }

  async drain(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
