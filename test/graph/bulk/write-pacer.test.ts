import { bulkWriteOptions } from '../../../src/graph/bulk/bulk-write.options';
import { WritePacer } from '../../../src/graph/bulk/write-pacer';
import { ManualClock } from '../../support/manual-clock';

/** A clock that only moves when the pacer sleeps: no wall-clock in these tests. */
function fakeClock(): ManualClock {
  const clock = new ManualClock();
  clock.sleep = async (ms: number) => {
    clock.t += ms;
  };
  return clock;
}

describe('WritePacer (fake clock)', () => {
  const options = bulkWriteOptions(); // production: 3,000 / 150 s, target 0.97

  it('lets the initial burst through, then holds just under the quota rate', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer(options, clock);
    for (let i = 0; i < 10; i++) await pacer.acquire(20);
    expect(clock.t).toBe(0);
    pacer.observe({ sentAt: 0, throttled: false, limitPercentage: 0.85, accepted: 20 });
    const start = clock.t;
    for (let i = 0; i < 100; i++) await pacer.acquire(20);
    const rate = 2000 / ((clock.t - start) / 1000);
    expect(rate).toBeGreaterThan(19);
    expect(rate).toBeLessThanOrEqual(20);
  });

  it('keeps the burst in flight below what Graph accepted unwarned (so it cannot overshoot)', () => {
    const pacer = new WritePacer(options, fakeClock());
    expect(pacer.concurrencyLimit()).toBe(1);
    for (let i = 0; i < 4; i++) pacer.observe({ sentAt: 0, throttled: false, accepted: 20 });
    expect(pacer.concurrencyLimit()).toBe(1);
    for (let i = 0; i < 12; i++) pacer.observe({ sentAt: 0, throttled: false, accepted: 20 });
    expect(pacer.concurrencyLimit()).toBe(4);
  });

  it('on a 429 waits Retry-After plus a batch of credit, and cuts the rate once per episode', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer(options, clock);
    await pacer.acquire(20);
    pacer.observe({ sentAt: 0, throttled: true, retryAfterMs: 2_000, accepted: 5 });
    const cut = pacer.snapshot().ratePerSecond;
    expect(cut).toBeCloseTo(19.4 * 0.7, 5);
    pacer.observe({ sentAt: 0, throttled: true, retryAfterMs: 500, accepted: 0 });
    expect(pacer.snapshot().ratePerSecond).toBeCloseTo(cut, 5);
    await pacer.acquire(20);
    // No sooner, and no later either: the second 429 of the episode must not add its wait to the first's.
    expect(clock.t).toBeGreaterThanOrEqual(2_000 + (20 / cut) * 1000 - 1);
    expect(clock.t).toBeLessThanOrEqual(2_000 + (20 / cut) * 1000 + 2);
    expect(pacer.snapshot().inBurst).toBe(false);
  });

  it('after several 429s of one episode (batches in flight together) waits for the latest gate only, not their sum', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer(options, clock);
    await pacer.acquire(20);
    for (let i = 0; i < 4; i++) pacer.observe({ sentAt: 0, throttled: true, retryAfterMs: 2_000, accepted: 0 });
    const cut = pacer.snapshot().ratePerSecond;
    await pacer.acquire(20);
    expect(clock.t).toBeGreaterThanOrEqual(2_000 + (20 / cut) * 1000 - 1);
    expect(clock.t).toBeLessThanOrEqual(2_000 + (20 / cut) * 1000 + 2);
  });

  it('does not burst after a Retry-After hold: no credit or rate recovery earned while held', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer(options, clock);
    await pacer.acquire(20);
    pacer.observe({ sentAt: 0, throttled: true, retryAfterMs: 10_000, accepted: 0 });
    const cut = pacer.snapshot().ratePerSecond;
    expect(cut).toBeCloseTo(19.4 * 0.7, 5);

    // Nothing to send until the throttled writes are due again, at Retry-After.
    clock.t = 10_000;
    const grants: number[] = [];
    let rateAtFirstGrant = 0;
    while (clock.t <= 15_000) {
      await pacer.acquire(20);
      if (grants.length === 0) rateAtFirstGrant = pacer.snapshot().ratePerSecond;
      if (clock.t <= 15_000) grants.push(clock.t);
    }
    // The rate only starts creeping back (5 %/s) once the hold is over.
    const sinceHold = (grants[0] - 10_000) / 1000;
    expect(rateAtFirstGrant).toBeLessThanOrEqual(cut * (1 + 0.05 * sinceHold) + 1e-9);
    // Within the 5 s after the hold: what the cut rate allows, plus at most one batch.
    expect(grants.length * 20).toBeLessThanOrEqual(cut * 5 + 20);
  });

  it('a usage warning during a Retry-After hold does not shorten the hold', () => {
    const clock = fakeClock();
    const pacer = new WritePacer(options, clock);
    pacer.observe({ sentAt: 0, throttled: true, retryAfterMs: 10_000, accepted: 0 });
    const cut = pacer.snapshot().ratePerSecond;
    clock.t = 500; // a batch sent before the 429 is answered, with a warning
    pacer.observe({ sentAt: 0, throttled: false, limitPercentage: 0.97, accepted: 20 });
    clock.t = 10_000;
    expect(pacer.snapshot().ratePerSecond).toBeCloseTo(cut, 9);
    clock.t = 12_000;
    expect(pacer.snapshot().ratePerSecond).toBeGreaterThan(cut);
  });
});
