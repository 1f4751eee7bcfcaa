import { RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { Clock, systemClock } from '../time/clock';
import { backoffMs } from '../time/backoff';
import { GraphFailure } from '../ports/graph-failure';

export interface ConditionalAccessPacing {
  /** Least time between two Conditional Access requests of one tenant (Microsoft: 1 request/s). */
  intervalMs: number;
  /** Tries per request when Conditional Access answers 429. */
  attempts: number;
  /** The bot's own backoff after such a 429 (it carries no Retry-After). */
  baseMs: number;
  capMs: number;
}

export const CONDITIONAL_ACCESS_PACING: ConditionalAccessPacing = { intervalMs: 1_100, attempts: 6, baseMs: 2_000, capMs: 30_000 };

/** Tenants whose next slot is remembered (oldest dropped first); a dropped one simply starts afresh. */
const MAX_TENANTS = 1_000;

/**
 * Conditional Access policy requests are limited to 1 per second per tenant, across every app, and
 * those 429s carry no Retry-After (learn.microsoft.com/graph/throttling-limits). Every request the
 * bot makes under /identity/conditionalAccess goes through here: one tenant's requests run one at a
 * time, each starting a little over a second after the previous one *ended*, and after a 429 the
 * bot's own exponential backoff holds back the tenant's next requests. Counting from the end, not
 * the start, is what keeps two requests a second apart where Graph receives them: a request held
 * up on its way out (a token to fetch, a busy event loop) reaches Graph late, and the next one,
 * spaced from its start, would arrive inside the same second. The SDK's RetryHandler must leave
 * those 429s alone (`leaveThrottlingToPacer`), or it would retry at once, inside the limit.
 */
export class ConditionalAccessPacer {
  private readonly nextSlot = new Map<string, number>();
  /** Per tenant, the end of the last request queued: the next one starts after it. */
  private readonly queue = new Map<string, Promise<void>>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly pacing: ConditionalAccessPacing = CONDITIONAL_ACCESS_PACING,
  ) {}

  async run<T>(tenantId: string, call: () => Promise<T>): Promise<T> {
    const previous = this.queue.get(tenantId) ?? Promise.resolve();
    let release!: () => void;
    const mine = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.queue.set(tenantId, mine);
    await previous;
    try {
      return await this.paced(tenantId, call);
    } finally {
      release();
      if (this.queue.get(tenantId) === mine) this.queue.delete(tenantId);
    }
  }

  private async paced<T>(tenantId: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.slot(tenantId);
      try {
        return await call();
      } catch (error) {
        const failure = GraphFailure.from(error);
        if (failure.status !== 429 || attempt >= this.pacing.attempts) throw failure;
        this.holdBack(tenantId, backoffMs(attempt, this.pacing.baseMs, this.pacing.capMs));
      } finally {
        this.holdBack(tenantId, this.pacing.intervalMs);
      }
    }
  }

  private async slot(tenantId: string): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextSlot.get(tenantId) ?? 0);
    if (at > now) await this.clock.sleep(at - now);
  }

  private holdBack(tenantId: string, ms: number): void {
    this.remember(tenantId, Math.max(this.nextSlot.get(tenantId) ?? 0, this.clock.now() + ms));
  }

  private remember(tenantId: string, at: number): void {
    this.nextSlot.delete(tenantId);
    this.nextSlot.set(tenantId, at);
    for (const oldest of this.nextSlot.keys()) {
      if (this.nextSlot.size <= MAX_TENANTS) break;
      this.nextSlot.delete(oldest);
    }
  }
}

/** The process's pacer: every closure's Conditional Access requests share each tenant's slots. */
export const conditionalAccessPacer = new ConditionalAccessPacer();

/** Per-request SDK retry options for Conditional Access: 503/504 as usual, 429 to the pacer. */
export function leaveThrottlingToPacer(): RetryHandlerOptions {
  return new RetryHandlerOptions(3, 2, (_delay, _attempt, _request, _options, response) => response.status !== 429);
}
