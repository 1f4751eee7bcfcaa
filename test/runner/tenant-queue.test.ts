import { TenantQueues } from '../../src/runner/tenant-queue';
import { ManualClock } from '../support/manual-clock';

describe("a tenant's queue", () => {
  it('runs one tenant’s work in order, and another tenant’s beside it', async () => {
    const queues = new TenantQueues(new ManualClock());
    const order: string[] = [];
    let release!: () => void;
    const first = queues.run('a', () => new Promise<void>((resolve) => (release = resolve)).then(() => void order.push('a1')));
    const second = queues.run('a', async () => void order.push('a2'));
    await queues.run('b', async () => void order.push('b1'));
    expect(order).toEqual(['b1']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('idle() answers when the queue empties, and leaves no timeout waiting behind it', async () => {
    const clock = new ManualClock();
    const queues = new TenantQueues(clock);
    let release!: () => void;
    void queues.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    const idle = queues.idle('a', 60_000);
    await clock.advanceBy(0);
    expect(clock.waiting).toBe(1);
    release();
    await expect(idle).resolves.toBe(true);
    expect(clock.waiting).toBe(0);
  });

  it('idle() gives up at its timeout while work still runs', async () => {
    const clock = new ManualClock();
    const queues = new TenantQueues(clock);
    void queues.run('a', () => new Promise<void>(() => undefined));
    const idle = queues.idle('a', 60_000);
    await clock.advanceBy(59_999);
    let answered = false;
    void idle.then(() => (answered = true));
    await clock.advanceBy(0);
    expect(answered).toBe(false);
    await clock.advanceBy(1);
    await expect(idle).resolves.toBe(false);
  });
});
