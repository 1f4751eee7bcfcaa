import { setMaxListeners } from 'node:events';
import { ApplicationWriteBudget } from '../../../src/graph/bulk/application-write-budget';
import { applicationWriteBudgetOptions } from '../../../src/graph/bulk/application-write-budget.options';
import { isApplicationScope } from '../../../src/graph/bulk/retry-after';
import { ManualClock } from '../../support/manual-clock';

const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Grant {
  job: string;
  at: number;
  writes: number;
}

/** A job's executor as the budget sees it: one batch at a time, again as soon as it got one. */
function acquirer(budget: ApplicationWriteBudget, clock: ManualClock, job: string, grants: Grant[], signal: AbortSignal, writes = 20): Promise<void> {
  setMaxListeners(100, signal); // one signal for all the acquirers of a test
  return (async () => {
    while (await budget.acquire(writes, signal)) grants.push({ job, at: clock.t, writes });
  })();
}

/** Graph's own bucket for the same quota: it must never have to answer 429. */
function lowestServiceTokens(grants: Grant[], quota: number, windowMs: number): number {
  let tokens = quota;
  let at = 0;
  let lowest = quota;
  for (const g of grants) {
    tokens = Math.min(quota, tokens + ((g.at - at) * quota) / windowMs) - g.writes;
    at = g.at;
    lowest = Math.min(lowest, tokens);
  }
  return lowest;
}

const writesBetween = (grants: Grant[], from: number, to: number) => grants.filter((g) => g.at > from && g.at <= to).reduce((sum, g) => sum + g.writes, 0);

describe('ApplicationWriteBudget (fake clock)', () => {
  const options = applicationWriteBudgetOptions(); // production: 35,000 / 5 min, target 0.95, burst 0.8
  const appRate = 35_000 / 300; // writes per second

  it('keeps 20 concurrent jobs together under the application-wide rate, burst included', async () => {
    const clock = new ManualClock();
    const budget = new ApplicationWriteBudget(options, clock);
    const grants: Grant[] = [];
    const stop = new AbortController();
    const jobs = Array.from({ length: 20 }, (_, i) => acquirer(budget, clock, `tenant${i}`, grants, stop.signal));
    await clock.advanceTo(900_000);
    stop.abort();
    await Promise.all(jobs);

    // The burst: 0.8 of the quota at once, then no more than the refill.
    expect(writesBetween(grants, -1, 0)).toBe(28_000);
    // Graph's bucket for the quota never runs dry: not one Application-scope 429 would come back.
    expect(lowestServiceTokens(grants, 35_000, 300_000)).toBeGreaterThan(0);
    // Sustained: under the quota's rate, at the target of 0.95 of it (not starved either).
    const sustained = writesBetween(grants, 600_000, 900_000) / 300;
    expect(sustained).toBeLessThan(appRate);
    expect(sustained).toBeGreaterThan(appRate * 0.95 * 0.98);
    // Every job got its turn: shares within one batch of each other over the last 5 minutes.
    const shares = Array.from({ length: 20 }, (_, i) => grants.filter((g) => g.job === `tenant${i}` && g.at > 600_000).length);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
  });

  it('takes only its share of the quota when configured for several instances', async () => {
    const clock = new ManualClock();
    const budget = new ApplicationWriteBudget(applicationWriteBudgetOptions({ share: 0.25 }), clock);
    const grants: Grant[] = [];
    const stop = new AbortController();
    const jobs = Array.from({ length: 8 }, (_, i) => acquirer(budget, clock, `tenant${i}`, grants, stop.signal));
    await clock.advanceTo(600_000);
    stop.abort();
    await Promise.all(jobs);
    expect(writesBetween(grants, -1, 0)).toBe(7_000);
    expect(lowestServiceTokens(grants, 35_000 * 0.25, 300_000)).toBeGreaterThan(0);
  });

  it('serves a small job that arrives behind big ones within its turn', async () => {
    const clock = new ManualClock();
    const budget = new ApplicationWriteBudget(options, clock);
    const grants: Grant[] = [];
    const stop = new AbortController();
    // A big tenant pushing 10 batches at once (more than an executor ever does) plus 5 more jobs.
    const big = [...Array.from({ length: 10 }, () => acquirer(budget, clock, 'big', grants, stop.signal)), ...Array.from({ length: 5 }, (_, i) => acquirer(budget, clock, `other${i}`, grants, stop.signal))];
    await clock.advanceTo(400_000); // burst long spent: everyone queues
    const ahead = budget.snapshot().waiting;
    expect(ahead).toBeGreaterThanOrEqual(14);
    const arrivedAt = clock.t;
    const grantsBefore = grants.length;
    let servedAt: number | undefined;
    const small = budget.acquire(3, stop.signal).then((ok) => {
      if (ok) servedAt = clock.t;
    });
    await clock.advanceTo(arrivedAt + 60_000);
    stop.abort();
    await Promise.all([...big, small]);

    expect(servedAt).toBeDefined();
    // First come, first served: only those already waiting went before it ...
    const servedFirst = grants.filter((g, i) => i >= grantsBefore && g.at <= servedAt!).length;
    expect(servedFirst).toBeLessThanOrEqual(ahead);
    // ... so it waited at most their batches' worth of refill, however much the big tenant asks for.
    expect(servedAt! - arrivedAt).toBeLessThanOrEqual(((ahead * 20 + 3) / (appRate * 0.95)) * 1000 + 2);
  });

  it('lets an aborted waiter go at once, taking nothing, and serves the others', async () => {
    const clock = new ManualClock();
    const budget = new ApplicationWriteBudget(applicationWriteBudgetOptions({ quota: 100, windowMs: 10_000, burstFraction: 0.2, targetFraction: 1 }), clock);
    expect(await budget.acquire(20)).toBe(true); // the burst (20), spent
    const head = new AbortController();
    const middle = new AbortController();
    const results: Record<string, boolean | undefined> = {};
    const a = budget.acquire(20, head.signal).then((ok) => (results.head = ok));
    const b = budget.acquire(20, middle.signal).then((ok) => (results.middle = ok));
    const c = budget.acquire(3).then((ok) => (results.last = ok));
    await clock.advanceTo(1);
    expect(budget.snapshot().waiting).toBe(3);

    middle.abort();
    head.abort();
    await settled();
    expect(results).toEqual({ head: false, middle: false });
    expect(budget.snapshot().waiting).toBe(1);
    expect(await budget.acquire(20, AbortSignal.abort())).toBe(false);

    // The last one needs only 3 writes, 0.3 s at 10 writes/s: served then, not when the aborted
    // head's 20 would have been earned (2 s), so the pump woke up and planned for it afresh.
    await clock.advanceTo(400);
    expect(results.last).toBe(true);
    await Promise.all([a, b, c]);
    expect(budget.snapshot().granted).toBe(23);
  });

  it('slows every job on an Application-scope 429: Retry-After for all, rate cut once per episode, then recovery', async () => {
    const clock = new ManualClock();
    const budget = new ApplicationWriteBudget(options, clock);
    const grants: Grant[] = [];
    const stop = new AbortController();
    const jobs = Array.from({ length: 10 }, (_, i) => acquirer(budget, clock, `tenant${i}`, grants, stop.signal));
    await clock.advanceTo(400_000);
    const before = writesBetween(grants, 370_000, 400_000) / 30;
    expect(before).toBeGreaterThan(appRate * 0.95 * 0.98);

    // Another instance (or the bot's unpaced writes) spent the quota: Graph answers 429 Application/…
    const sentAt = clock.t - 200;
    budget.throttled({ sentAt, retryAfterMs: 5_000 });
    budget.throttled({ sentAt: sentAt + 50, retryAfterMs: 4_000 }); // the same episode: no second cut
    expect(budget.snapshot()).toMatchObject({ throttles: 2, cuts: 1 });
    expect(budget.snapshot().ratePerSecond).toBeCloseTo(appRate * 0.95 * 0.7, 5);

    await clock.advanceTo(430_000);
    // Nobody sends until Retry-After (the budget may have granted one batch at the very moment of the 429).
    expect(writesBetween(grants, 400_000, 405_000)).toBe(0);
    // …and right after it: the second 429's wait does not add up with the first's.
    expect(writesBetween(grants, 405_000, 406_000)).toBeGreaterThan(0);
    // All jobs together, after the wait: at most the cut rate, recovering at 5 %/s.
    expect(writesBetween(grants, 405_000, 410_000) / 5).toBeLessThan(appRate * 0.95 * 0.7 * 1.3);
    await clock.advanceTo(500_000);
    stop.abort();
    await Promise.all(jobs);
    expect(budget.snapshot().ratePerSecond).toBeCloseTo(appRate * 0.95, 5);
    expect(writesBetween(grants, 470_000, 500_000) / 30).toBeGreaterThan(appRate * 0.95 * 0.98);
  });

  it('recognises the application-wide scope of a 429', () => {
    expect(isApplicationScope({ 'x-ms-throttle-scope': 'Application/Write/app/tenant' })).toBe(true);
    expect(isApplicationScope({ 'X-MS-Throttle-Scope': 'Application/ReadWrite/app/tenant' })).toBe(true);
    expect(isApplicationScope({ 'x-ms-throttle-scope': 'Tenant_Application/Write/app/tenant' })).toBe(false);
    expect(isApplicationScope({ 'x-ms-throttle-scope': 'Tenant/Write/app/tenant' })).toBe(false);
    expect(isApplicationScope({ 'Retry-After': '1' })).toBe(false);
    expect(isApplicationScope(undefined)).toBe(false);
  });
});
