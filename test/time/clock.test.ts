import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { MAX_TIMER_MS, systemClock } from '../../src/time/clock';
import { ManualClock } from '../support/manual-clock';

const ROOT = join(__dirname, '..', '..');

describe('systemClock timers', () => {
  afterEach(() => jest.useRealTimers());

  it('fires `after` once when due, and not once cancelled', () => {
    jest.useFakeTimers();
    const fired: string[] = [];
    systemClock.after(1_000, () => fired.push('kept'));
    systemClock.after(1_000, () => fired.push('cancelled')).cancel();
    jest.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual(['kept']);
    jest.advanceTimersByTime(10_000);
    expect(fired).toEqual(['kept']);
  });

  it('fires `every` at each period until cancelled', () => {
    jest.useFakeTimers();
    let ticks = 0;
    const timer = systemClock.every(1_000, () => ticks++);
    jest.advanceTimersByTime(3_500);
    expect(ticks).toBe(3);
    timer.cancel();
    jest.advanceTimersByTime(10_000);
    expect(ticks).toBe(3);
  });

  it('waits the longest delay Node allows for a longer one, instead of firing at once', () => {
    jest.useFakeTimers();
    let fired = false;
    systemClock.after(30 * 24 * 60 * 60_000, () => (fired = true));
    jest.advanceTimersByTime(MAX_TIMER_MS - 1);
    expect(fired).toBe(false);
    jest.advanceTimersByTime(1);
    expect(fired).toBe(true);
  });

  it('never keeps the process alive by a pending timer (as the unref’d Node timers before it)', async () => {
    const script = [
      "require('./test/support/register-typescript.js');",
      "const { systemClock } = require('./src/time/clock.ts');",
      'systemClock.after(3_600_000, () => process.exit(3));',
      'systemClock.every(3_600_000, () => process.exit(4));',
      "process.stdout.write('scheduled');",
    ].join('\n');
    // Were either timer holding the process open, it would run for an hour: killed, the child answers a signal instead.
    const outcome = await new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ['-e', script], { cwd: ROOT, timeout: 20_000 }, (_error, stdout) => resolve({ code: child.exitCode, signal: child.signalCode, stdout }));
    });
    expect(outcome).toEqual({ code: 0, signal: null, stdout: 'scheduled' });
  }, 30_000);
});

describe('ManualClock (the clock tests move by hand)', () => {
  it('fires sleeps and timers in time order as it advances, and nothing before it does', async () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.after(300, () => fired.push(`after 300 at ${clock.now()}`));
    void clock.sleep(200).then(() => fired.push(`sleep 200 at ${clock.now()}`));
    clock.every(250, () => fired.push(`every 250 at ${clock.now()}`));
    await clock.advanceTo(1_199);
    expect(fired).toEqual([]);
    await clock.advanceTo(1_600);
    expect(fired).toEqual(['sleep 200 at 1200', 'every 250 at 1250', 'after 300 at 1300', 'every 250 at 1500']);
    expect(clock.now()).toBe(1_600);
  });

  it('drops a timer cancelled by another one due in the same instant, and an `every` cancelled from its own call', async () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.after(100, () => fired.push('first'));
    clock.after(100, () => second.cancel());
    const second = clock.after(100, () => fired.push('second'));
    const repeating = clock.every(100, () => {
      fired.push('every');
      repeating.cancel();
    });
    await clock.advanceBy(1_000);
    expect(fired).toEqual(['first', 'every']);
    expect(clock.waiting).toBe(0);
  });

  it('wakes a sleeper at once when its signal aborts, and forgets its timer', async () => {
    const clock = new ManualClock();
    const abort = new AbortController();
    const slept = clock.sleep(60_000, abort.signal);
    expect(clock.waiting).toBe(1);
    abort.abort();
    await slept;
    expect(clock.now()).toBe(0);
    expect(clock.waiting).toBe(0);
  });
});
