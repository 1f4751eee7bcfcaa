import { Clock, MAX_TIMER_MS, Timer } from '../../src/time';

interface Pending {
  at: number;
  fire: () => void;
  /** Cancelled: never fires, even when it was due in the same instant as the timer that cancelled it. */
  cancelled?: boolean;
}

/**
 * A clock that moves only when told: sleepers and timers wake in time order (in the order they were
 * set when due at the same moment), and every promise settles before time moves on. No wall-clock.
 *
 * Delays are read as `systemClock` reads them: capped at MAX_TIMER_MS, and a timer's delay below
 * 1 ms is 1 ms (Node's), so an `every(0, …)` cannot fire forever at one instant.
 */
export class ManualClock implements Clock {
  /** The time now, in ms since the epoch. */
  t: number;
  private pending: Pending[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now = () => this.t;

  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const onAbort = () => {
        timer.cancel();
        resolve();
      };
      const timer = this.schedule(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  after = (ms: number, fire: () => void): Timer => this.schedule(timerDelay(ms), fire);

  every = (ms: number, fire: () => void): Timer => {
    const delay = timerDelay(ms);
    // The next tick is set before `fire` runs, so a cancel from inside `fire` drops it.
    const tick = () => {
      current = this.schedule(delay, tick);
      fire();
    };
    let current = this.schedule(delay, tick);
    return { cancel: () => current.cancel() };
  };

  /** How many sleeps and timers are waiting. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Runs every sleep and timer due up to `until`, in order, letting the woken code run before the next. */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      await settled();
      const next = Math.min(...this.pending.map((x) => x.at));
      if (!(next <= until)) break;
      this.t = Math.max(this.t, next);
      const due = this.pending.filter((x) => x.at <= this.t);
      this.pending = this.pending.filter((x) => x.at > this.t);
      for (const x of due) if (!x.cancelled) x.fire();
    }
    this.t = Math.max(this.t, until);
    await settled();
  }

  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.t + ms);
  }

  private schedule(ms: number, fire: () => void): Timer {
    const entry: Pending = { at: this.t + ms, fire };
    this.pending.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
        this.pending = this.pending.filter((x) => x !== entry);
      },
    };
  }
}

function timerDelay(ms: number): number {
  return ms >= 1 ? Math.min(ms, MAX_TIMER_MS) : 1;
}

/** Lets every promise chain that can run now run (timers of the test runner itself stay real). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
