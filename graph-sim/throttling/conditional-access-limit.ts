/**
 * The identity protection and Conditional Access service limit
 * (https://learn.microsoft.com/graph/throttling-limits, graph-api.md §5.3): 1 request per second
 * per tenant, across all apps, and its 429s carry no Retry-After. Only answered requests count.
 * The window is multiplied by the simulator's `timeScale`, like every other window.
 */
export class ConditionalAccessLimit {
  private readonly lastAllowed = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    public enabled: boolean,
  ) {}

  allow(tenantId: string, now: number): boolean {
    if (!this.enabled) return true;
    const last = this.lastAllowed.get(tenantId);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.lastAllowed.set(tenantId, now);
    return true;
  }
}
