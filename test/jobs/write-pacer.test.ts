import { bulkWriteOptions } from '../../src/graph/bulk/bulk-write.options';
import { Clock } from '../../src/graph/bulk/clock';
import { WritePacer } from '../../src/graph/bulk/write-pacer';

/** A clock that only moves when the pacer sleeps: no wall-clock in these tests. */
function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
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
    expect(clock.t).toBeGreaterThanOrEqual(2_000 + (20 / cut) * 1000 - 1);
    expect(pacer.snapshot().inBurst).toBe(false);
  });
});
