import { Client } from '@microsoft/microsoft-graph-client';
import { GraphFailure } from '../../ports/graph-failure';
import { postBatch } from './batch-envelope';
import { BulkRunEnd, BulkWrite, RunDecision, WriteOutcome } from './bulk-write';
import { ApplicationWriteBudget } from './application-write-budget';
import { BulkWriteOptions } from './bulk-write.options';
import { Clock } from '../../time/clock';
import { classifyItem, envelopeIsTransient } from './item-classification';
import { backoffMs } from '../../time/backoff';
import { isApplicationScope, retryAfterMs, throttleLimitPercentage } from './retry-after';
import { WritePacer } from './write-pacer';

export interface BulkRun<W extends BulkWrite> {
  /** The writes, pulled as slots free up (a listing can feed it page by page). */
  source: AsyncIterable<W>;
  /**
   * Final outcomes of one answered batch (or of several, when the previous call was still running).
   * Called one at a time, never concurrently; 'pause' or 'stop' ends the run after the batches in flight.
   */
  onSettled(outcomes: Array<WriteOutcome<W>>): Promise<RunDecision>;
  signal?: AbortSignal;
}

interface Pending<W> {
  write: W;
  attempts: number;
  throttledAttempts: number;
  notBefore: number;
}

/**
 * Sends directory writes through `$batch` as fast as the write quota allows (WritePacer for this
 * app + tenant, then the ApplicationWriteBudget every tenant's executor in the process shares),
 * retries what Graph asks to retry (per item: 429/503/504; per envelope: 429/5xx/dropped
 * connection), and hands every write's final outcome to the caller exactly once. Bounded
 * everywhere: attempts per write, consecutive envelope failures, Retry-After.
 *
 * A 429 goes back to whoever paces its quota: `Application/` scope to the shared budget (when there
 * is one), anything else (app + tenant, tenant, no scope) to this executor's pacer.
 */
export class BulkWriteExecutor<W extends BulkWrite> {
  constructor(
    private readonly client: Client,
    private readonly options: BulkWriteOptions,
    private readonly clock: Clock,
    readonly budget?: ApplicationWriteBudget,
    readonly pacer: WritePacer = new WritePacer(options, clock),
    private readonly random: () => number = Math.random,
  ) {}

  async run(run: BulkRun<W>): Promise<BulkRunEnd> {
    return new BulkRunState(this.client, this.options, this.clock, this.pacer, this.budget, this.random, run).execute();
  }
}

/** One run's moving parts; kept apart so the executor itself holds no per-run state. */
class BulkRunState<W extends BulkWrite> {
  private readonly retries: Array<Pending<W>> = [];
  private readonly source: AsyncIterator<W>;
  private sourceDone = false;
  private inFlight = new Set<Promise<void>>();
  private readonly settled: Array<WriteOutcome<W>> = [];
  private checkpointing?: Promise<void>;
  private decision: RunDecision = 'continue';
  private fatal?: { status: number; code: string; message: string };
  private envelopeFailures = 0;
  private readonly wake = new (class {
    private waiters: Array<() => void> = [];
    wait = () => new Promise<void>((r) => this.waiters.push(r));
    notify = () => this.waiters.splice(0).forEach((r) => r());
  })();
  /** Aborts sleeps and requests in flight: the caller's signal, or the end of the run. */
  private readonly internal = new AbortController();
  /** Aborts waiting for quota: as `internal`, and as soon as the run is to end (pause, stop, fatal). */
  private readonly sending = new AbortController();

  constructor(
    private readonly client: Client,
    private readonly options: BulkWriteOptions,
    private readonly clock: Clock,
    private readonly pacer: WritePacer,
    private readonly budget: ApplicationWriteBudget | undefined,
    private readonly random: () => number,
    private readonly run: BulkRun<W>,
  ) {
    this.source = run.source[Symbol.asyncIterator]();
    this.internal.signal.addEventListener('abort', () => this.sending.abort(), { once: true });
  }

  async execute(): Promise<BulkRunEnd> {
    const onAbort = () => {
      this.internal.abort();
      this.wake.notify();
    };
    this.run.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (this.run.signal?.aborted) return { reason: 'aborted' };
      const end = await this.loop();
      if (end === 'aborted') this.internal.abort();
      // Answers of batches already sent still count (and are checkpointed), unless aborted.
      await Promise.allSettled([...this.inFlight]);
      await this.checkpointing;
      if (this.fatal) return { reason: 'fatal', ...this.fatal };
      if (end === 'aborted' || this.run.signal?.aborted) return { reason: 'aborted' };
      if (this.decision === 'pause') return { reason: 'paused' };
      if (this.decision === 'stop') return { reason: 'stopped' };
      return { reason: 'drained' };
    } finally {
      this.run.signal?.removeEventListener('abort', onAbort);
      this.internal.abort();
      await this.source.return?.().catch(() => undefined);
    }
  }

  private async loop(): Promise<'aborted' | 'ended'> {
    const signal = this.internal.signal;
    for (;;) {
      if (signal.aborted) return 'aborted';
      if (this.decision !== 'continue' || this.fatal) return 'ended';
      if (this.inFlight.size >= this.pacer.concurrencyLimit()) {
        await this.wake.wait();
        continue;
      }
      const batch = await this.nextBatch();
      if (batch.length === 0) {
        if (this.sourceDone && this.retries.length === 0 && this.inFlight.size === 0) {
          await this.checkpointing;
          if (this.settled.length === 0 && this.inFlight.size === 0 && this.retries.length === 0) return 'ended';
          continue;
        }
        const soonest = Math.min(...this.retries.map((p) => p.notBefore));
        const wait = Number.isFinite(soonest) ? Math.max(1, soonest - this.clock.now()) : undefined;
        await Promise.race([this.wake.wait(), ...(wait === undefined ? [] : [this.clock.sleep(wait, signal)])]);
        continue;
      }
      if (!(await this.acquire(batch.length)) || this.decision !== 'continue' || this.fatal) {
        this.retries.unshift(...batch);
        continue;
      }
      const sending = this.send(batch).finally(() => {
        this.inFlight.delete(sending);
        this.wake.notify();
      });
      this.inFlight.add(sending);
    }
  }

  /**
   * This tenant's quota first, then the application's: waiting in the shared budget's queue holds
   * nothing other jobs could use. Gives up (false) as soon as the run is to end.
   */
  private async acquire(writes: number): Promise<boolean> {
    const signal = this.sending.signal;
    if (!(await this.pacer.acquire(writes, signal))) return false;
    return this.budget ? this.budget.acquire(writes, signal) : true;
  }

  /** No more batches: the run ends after those in flight (a waiter for quota leaves at once). */
  private stopSending(): void {
    this.sending.abort();
    this.wake.notify();
  }

  /** Retries that are due first, then fresh writes from the source. */
  private async nextBatch(): Promise<Array<Pending<W>>> {
    const now = this.clock.now();
    const batch: Array<Pending<W>> = [];
    for (let i = 0; i < this.retries.length && batch.length < this.options.batchSize;) {
      if (this.retries[i].notBefore <= now) batch.push(...this.retries.splice(i, 1));
      else i++;
    }
    while (batch.length < this.options.batchSize && !this.sourceDone && !this.internal.signal.aborted) {
      try {
        const next = await this.source.next();
        if (next.done) this.sourceDone = true;
        else batch.push({ write: next.value, attempts: 0, throttledAttempts: 0, notBefore: 0 });
      } catch (error) {
        // The source (a directory listing) failed for good: nothing more can be known to delete.
        const failure = GraphFailure.from(error);
        this.fatal = { status: failure.status, code: failure.code, message: failure.message };
        this.sourceDone = true;
      }
    }
    return batch;
  }

  private async send(batch: Array<Pending<W>>): Promise<void> {
    const sentAt = this.clock.now();
    const answer = await postBatch(
      this.client,
      batch.map((p) => p.write),
      this.internal.signal,
      () => this.clock.now(),
    );
    if (this.internal.signal.aborted) return;
    const now = this.clock.now();
    if (!answer.ok) {
      const { failure } = answer;
      if (!envelopeIsTransient(failure.status)) {
        this.fatal = { status: failure.status, code: failure.code, message: failure.message };
        this.stopSending();
        return;
      }
      this.envelopeFailures++;
      if (this.envelopeFailures >= this.options.maxEnvelopeFailures) {
        this.fatal = { status: failure.status, code: failure.code, message: `Gave up after ${this.envelopeFailures} failed $batch requests in a row: ${failure.message}` };
        this.stopSending();
        return;
      }
      const wait = Math.min(this.options.maxRetryAfterMs, answer.retryAfterMs ?? this.backoff(this.envelopeFailures));
      if (failure.status === 429 && answer.applicationScope && this.budget) this.budget.throttled({ sentAt, retryAfterMs: wait });
      else if (failure.status === 429) this.pacer.observe({ sentAt, throttled: true, retryAfterMs: wait, accepted: 0 });
      this.retries.unshift(...batch.map((p) => ({ ...p, notBefore: now + wait })));
      return;
    }
    this.envelopeFailures = 0;
    const outcomes: Array<WriteOutcome<W>> = [];
    let throttled = false;
    let longestRetryAfter: number | undefined;
    let applicationThrottled = false;
    let longestApplicationRetryAfter: number | undefined;
    let limitPercentage: number | undefined;
    let accepted = 0;
    batch.forEach((pending, i) => {
      const item = answer.answers[i];
      const verdict = classifyItem(pending.write.method, item);
      const applicationScope = verdict === 'throttled' && this.budget !== undefined && isApplicationScope(item?.headers);
      // An Application-scope 429's usage figure is the application's, which the shared budget paces:
      // the tenant pacer slowing down for it too would count the same throttle twice.
      const p = applicationScope ? undefined : throttleLimitPercentage(item?.headers);
      if (p !== undefined) limitPercentage = Math.max(limitPercentage ?? 0, p);
      if (verdict !== 'throttled') accepted++;
      if (verdict === 'done') return outcomes.push({ write: pending.write, result: 'done', status: item!.status });
      if (verdict === 'permanent') return outcomes.push(this.failed(pending.write, item!.status, item!.code, item!.message));
      const after = retryAfterMs(item?.headers, now);
      if (applicationScope) {
        applicationThrottled = true;
        longestApplicationRetryAfter = Math.max(longestApplicationRetryAfter ?? 0, after ?? this.options.backoffBaseMs);
        pending.throttledAttempts++;
      } else if (verdict === 'throttled') {
        throttled = true;
        longestRetryAfter = Math.max(longestRetryAfter ?? 0, after ?? this.options.backoffBaseMs);
        pending.throttledAttempts++;
      } else pending.attempts++;
      if (pending.attempts >= this.options.maxAttempts || pending.throttledAttempts >= this.options.maxThrottledAttempts) {
        return outcomes.push(
          this.failed(pending.write, item?.status ?? 0, item?.code ?? 'NoAnswer', `Still failing after ${pending.attempts + pending.throttledAttempts} attempts: ${item?.message ?? 'no answer for this request'}`),
        );
      }
      pending.notBefore = now + Math.min(this.options.maxRetryAfterMs, after ?? this.backoff(pending.attempts));
      this.retries.push(pending);
    });
    if (applicationThrottled) this.budget?.throttled({ sentAt, retryAfterMs: longestApplicationRetryAfter });
    this.pacer.observe({ sentAt, throttled, retryAfterMs: longestRetryAfter, limitPercentage, accepted });
    if (outcomes.length > 0) this.settle(outcomes);
  }

  private failed(write: W, status: number, code: string | undefined, message: string | undefined): WriteOutcome<W> {
    return { write, result: 'failed', status, code: code ?? 'UnknownError', message: message ?? '' };
  }

  private backoff(attempt: number): number {
    return backoffMs(attempt, this.options.backoffBaseMs, this.options.backoffCapMs, this.random);
  }

  /** Queues outcomes for the caller's checkpoint; one checkpoint at a time, grouping what piles up. */
  private settle(outcomes: Array<WriteOutcome<W>>): void {
    this.settled.push(...outcomes);
    if (this.checkpointing) return;
    this.checkpointing = (async () => {
      while (this.settled.length > 0 && !this.fatal) {
        const group = this.settled.splice(0);
        try {
          const decision = await this.run.onSettled(group);
          if (decision !== 'continue' && this.decision === 'continue') this.decision = decision;
        } catch (error) {
          this.fatal = { status: 0, code: 'CheckpointFailed', message: error instanceof Error ? error.message : String(error) };
        }
        if (this.decision !== 'continue' || this.fatal) this.sending.abort();
      }
      this.checkpointing = undefined;
      this.wake.notify();
    })();
  }
}
