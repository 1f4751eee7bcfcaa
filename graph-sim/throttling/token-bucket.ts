/**
 * A token bucket (graph-api.md §8.2: "token-bucket algorithm on request cost"). Tokens refill
 * continuously at capacity per window. Throttled requests are charged too (§8.3: "Microsoft Graph
 * keeps counting usage while you are throttled"), down to one window of debt so a client that
 * hammers is pushed back by at most one more window.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.windowMs);
    this.updatedAt = now;
  }

  /** A cost above a (heavily scaled-down) capacity is treated as the whole capacity, so it can pass. */
  has(amount: number): boolean {
    return this.tokens >= Math.min(amount, this.capacity);
  }

  charge(amount: number): void {
    this.tokens = Math.max(-this.capacity, this.tokens - amount);
  }

  /** Milliseconds until `amount` tokens are available again. */
  waitMs(amount: number): number {
    return Math.max(0, ((Math.min(amount, this.capacity) - this.tokens) * this.windowMs) / this.capacity);
  }

  /** Share of the quota in use: 1.0 when empty, up to 2.0 in debt (`x-ms-throttle-limit-percentage`). */
  usage(): number {
    return (this.capacity - this.tokens) / this.capacity;
  }
}
