import { AuditRecord, canonicalJson } from '../audit/audit-chain';
import { ClosureCommand, GraphCommand, GraphCommandType } from '../core/closure.commands';
import { ClosureError } from '../core/closure.errors';
import { ClosureEvent, isUserEvent } from '../core/closure.events';
import { actingAdmin, ClosureState } from '../core/closure.state';
import { decide, STEP_MODULES } from '../steps';
import { ClosureRepository, LoadedClosure } from './closure-repository';
import { errorInfoOf } from '../ports/failure-info';
import { GraphFailure } from '../ports/graph-failure';
import { withTransientRetry } from '../time/transient-retry';
import { Logger } from '../observability/logger';
import { Clock, Timer } from '../time/clock';
import { executeGraphCommand, GraphCommandContext } from './graph-command.executor';
import { JobSupervisor } from './job-supervisor';
import { TenantQueues } from './tenant-queue';

export type Dispatched = { ok: true; state: ClosureState } | { ok: false; error: ClosureError };

export interface ClosureRunnerDeps {
  repository: ClosureRepository;
  /** Graph access acting for the closure's acting admin (owner or delegate). */
  graphFor(tenantId: string, actingUserId: string): GraphCommandContext;
  jobs: JobSupervisor;
  /** Proactive messages and in-place card updates; never throws. */
  onNotify(state: ClosureState, kind: string, params: Record<string, string | number>): Promise<void>;
  onStateChanged(state: ClosureState, cause: ClosureEvent): Promise<void>;
  /** The time the core decides at, what the runner waits on (retries, a tenant's queue) and what schedules its re-checks and sweeps. */
  clock: Clock;
  log: Logger;
  /** Multiplies the core's re-check delays (tests and demos shorten days to seconds). */
  recheckScale?: number;
  /** Housekeeping for the periodic sweep (deleting expired backups); its failures are logged, never thrown. */
  onSweep?: () => Promise<void>;
}

const MAX_CONFLICT_RETRIES = 10;
/** Tries for a command's result when the store fails (50 ms doubling: about 1.5 s in all). */
const RESULT_ATTEMPTS = 5;

/**
 * Commands that only read Graph (or write our own backup): safe to send again when a crash left
 * one in flight. Any other command of a phase may have reached Graph; after a crash the step shows
 * an error with "Try again" instead, so the admin decides.
 */
/** Reads that fail transiently: three tries in all, about 1 s and then 2 s apart. */
const READ_RETRY = { attempts: 3, baseMs: 1_000, capMs: 4_000 };

const REPEATABLE: ReadonlySet<GraphCommandType> = new Set<GraphCommandType>(['readInventory', 'exportBackup', 'previewUsers', 'readSync', 'verifyUsers', 'readSubscriptions', 'readMfa', 'readBlockers']);

/**
 * The imperative shell around the pure core: load the tenant's closure with its eTag, decide,
 * persist (write-ahead: before any command runs), then carry out the commands one by one and feed
 * each result back as an event. An eTag conflict means another turn or instance wrote first: reload
 * and decide again, so no update is ever lost.
 */
export class ClosureRunner {
  private readonly queues: TenantQueues;
  private readonly timers = new Map<string, Timer>();
  /** Per tenant, the last audit outbox known to be in the log (spares a read of the log per event). */
  private readonly flushed = new Map<string, string>();
  private sweep?: Timer;
  private stopped = false;

  constructor(private readonly deps: ClosureRunnerDeps) {
    this.queues = new TenantQueues(deps.clock);
  }

  async dispatch(tenantId: string, event: ClosureEvent): Promise<Dispatched> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.deps.repository.load(tenantId);
      const decision = decide(current?.value, event, new Date(this.deps.clock.now()).toISOString());
      if (!decision.ok) return decision;
      if (current && decision.state === current.value) return { ok: true, state: decision.state };
      // The previous decision's audit records leave the closure document with this write: log them first.
      if (current) await this.flushOutbox(tenantId, current);
      const audit = decision.commands.flatMap((c) => (c.type === 'audit' ? [{ ...c.entry }] : []));
      const saved = await this.save(tenantId, decision.state, current?.etag, audit);
      if (!saved) continue;
      this.enqueue(tenantId, decision.state, decision.commands, event, audit);
      return { ok: true, state: decision.state };
    }
    throw new Error(`Closure of tenant ${tenantId}: too many concurrent updates`);
  }

  /**
   * A store may fail after it committed (a timeout on the way back). Then only a read tells: if the
   * document is exactly this decision, it was written and its commands must run; otherwise nothing
   * changed and the error stands.
   */
  private async save(tenantId: string, state: ClosureState, etag: string | undefined, audit: AuditRecord[]): Promise<boolean> {
    try {
      return (await this.deps.repository.save(tenantId, state, etag, audit)) !== undefined;
    } catch (error) {
      const stored = await this.deps.repository.load(tenantId).catch(() => undefined);
      const ours = stored !== undefined && canonicalJson(stored.value) === canonicalJson(state) && canonicalJson(stored.pendingAudit ?? []) === canonicalJson(audit);
      if (!ours) throw error;
      this.deps.log.warn({ err: error, tenantId }, 'The store reported a failure after it wrote the closure: carrying on');
      return true;
    }
  }

  /** Waits (at most `timeoutMs`) until the tenant's commands have run: quick reads finish inside a card invoke. */
  settle(tenantId: string, timeoutMs: number): Promise<boolean> {
    return this.queues.idle(tenantId, timeoutMs);
  }

  /**
   * On start: write audit outboxes a crash left behind, resume interrupted deletion jobs whose
   * lease is free, commands that were in flight, and the re-checks of waiting steps. Then, every `sweepMs`, look again for jobs that a dead instance left behind (their lease
   * expires and this instance takes them over). Each time, `onSweep` too (expired backups).
   */
  async recover(sweepMs?: number): Promise<void> {
    await this.resumeJobs(true);
    void this.housekeeping();
    if (sweepMs && !this.sweep) {
      this.sweep = this.deps.clock.every(sweepMs, () => {
        void this.resumeJobs(false).catch((error) => this.deps.log.warn({ err: error }, 'Recovery sweep failed'));
        void this.housekeeping();
      });
    }
  }

  private async housekeeping(): Promise<void> {
    if (this.stopped || !this.deps.onSweep) return;
    await this.deps.onSweep().catch((error) => this.deps.log.warn({ err: error }, 'Periodic housekeeping failed'));
  }

  private async resumeJobs(withTimers: boolean): Promise<void> {
    for (const tenantId of await this.deps.repository.tenantsWithClosures()) {
      if (this.stopped) return;
      const loaded = await this.deps.repository.load(tenantId);
      // Approvals a crash or a failed write left in the outbox reach the log before any work resumes.
      if (loaded && !(await this.flushWithRetries(tenantId, loaded))) continue;
      const state = loaded?.value;
      if (!state || state.status !== 'active') continue;
      if (withTimers) this.resumeInFlight(tenantId, state);
      if (state.job?.status === 'running' && !this.deps.jobs.isRunning(tenantId)) {
        this.enqueue(tenantId, state, [{ type: 'startUserDeletion', jobId: state.job.jobId, keepUserId: actingAdmin(state).aadObjectId, approvedSet: state.job.approvedSet, cursor: state.job.cursor }], undefined);
      }
      if (withTimers && state.recheck) {
        const due = Math.max(0, Date.parse(state.recheck.dueAt) - this.deps.clock.now());
        this.schedule(tenantId, state.closureId, state.recheck.stepId, state.recheck.attempt, due);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sweep?.cancel();
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    await this.deps.jobs.stopAll();
    await this.queues.drain();
  }

  /**
   * A crash between the write-ahead save and a command's result leaves the step 'running' with
   * nobody carrying the command out. On start, send a read again; for a write, record that it was
   * interrupted, so the step shows an error with "Try again" instead of running forever.
   */
  private resumeInFlight(tenantId: string, state: ClosureState): void {
    const step = state.steps[state.currentStep];
    const command = step.status === 'running' && !step.error ? STEP_MODULES[state.currentStep].awaiting(state) : undefined;
    if (!command || command.type === 'startUserDeletion' || command.type === 'pauseJob') return;
    if (REPEATABLE.has(command.type)) {
      this.enqueue(tenantId, state, [command], undefined);
      return;
    }
    const interrupted: ClosureEvent = {
      type: 'commandFailed',
      closureId: state.closureId,
      command: command.type,
      error: { code: 'Interrupted', message: 'The bot restarted before Microsoft Graph answered; whether the change was made is checked on "Try again".' },
    };
    void this.queues.run(tenantId, async () => void (await this.dispatchLogged(tenantId, interrupted, RESULT_ATTEMPTS)));
  }

  /** Appends a loaded closure's audit outbox to the log unless this process already did. */
  private async flushOutbox(tenantId: string, loaded: LoadedClosure): Promise<void> {
    const records = loaded.pendingAudit;
    if (!records?.length) return;
    const key = canonicalJson(records);
    if (this.flushed.get(tenantId) === key) return;
    await this.deps.repository.appendAuditOnce(tenantId, loaded.value.closureId, records);
    this.flushed.set(tenantId, key);
  }

  private async flushWithRetries(tenantId: string, loaded: LoadedClosure): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.flushOutbox(tenantId, loaded);
        return true;
      } catch (error) {
        if (attempt >= 5 || this.stopped) {
          this.deps.log.error({ err: error, tenantId }, 'Could not write the audit log: the decision waits in the closure document');
          return false;
        }
        await this.deps.clock.sleep(50 * 2 ** attempt);
      }
    }
  }

  private enqueue(tenantId: string, state: ClosureState, commands: ClosureCommand[], cause: ClosureEvent | undefined, audit: AuditRecord[] = []): void {
    void this.queues
      .run(tenantId, async () => {
        // Logged before anything the decision asks for runs: nothing is done that the log does not
        // show as approved. If the store keeps failing, the records stay in the closure document
        // (the next event or the recovery sweep writes them) and the commands wait for that.
        if (audit.length && !(await this.flushWithRetries(tenantId, { value: state, etag: '', pendingAudit: audit }))) return;
        // A second admin answers from their own chat: the acting admin's card changes as much as after a background result.
        if (cause && (!isUserEvent(cause) || cause.type === 'secondApproval')) await this.safely('state change', () => this.deps.onStateChanged(state, cause));
        for (const command of commands) {
          if (this.stopped) return;
          await this.execute(tenantId, state, command);
        }
      })
      .catch((error) => this.deps.log.error({ err: error, tenantId }, 'Closure commands failed'));
  }

  private async execute(tenantId: string, state: ClosureState, command: ClosureCommand): Promise<void> {
    const closureId = state.closureId;
    switch (command.type) {
      case 'audit':
        return; // written from the outbox, before the commands (see enqueue)
      case 'notify':
        await this.safely('notification', () => this.deps.onNotify(state, command.kind, command.params));
        return;
      case 'scheduleRecheck':
        this.schedule(tenantId, closureId, command.stepId, command.attempt, command.afterMs * (this.deps.recheckScale ?? 1));
        return;
      case 'startUserDeletion':
        this.deps.jobs.start(tenantId, command, state, async (event) => {
          const result = await this.dispatchLogged(tenantId, { ...event, closureId }, event.type === 'jobProgress' ? 1 : RESULT_ATTEMPTS);
          return result?.ok ? result.state : (await this.deps.repository.load(tenantId))?.value;
        });
        return;
      case 'pauseJob':
        this.deps.jobs.pause(tenantId, command.jobId);
        return;
      default:
        await this.runGraphCommand(tenantId, state, command);
    }
  }

  private async runGraphCommand(tenantId: string, state: ClosureState, command: Exclude<GraphCommand, { type: 'startUserDeletion' | 'pauseJob' }>): Promise<void> {
    let result: ClosureEvent;
    try {
      const context = this.deps.graphFor(tenantId, actingAdmin(state).aadObjectId);
      const run = () => executeGraphCommand(command, context);
      // A read is tried again after a throttle, a server error or a dropped connection (the SDK
      // retries only 429/503/504, and never a dropped connection): only then is the admin told.
      const answer = REPEATABLE.has(command.type) ? await withTransientRetry(run, (error) => GraphFailure.from(error), this.deps.clock, READ_RETRY) : await run();
      result = { ...answer, closureId: state.closureId };
    } catch (error) {
      const failure = GraphFailure.from(error);
      this.deps.log.warn({ tenantId, command: command.type, status: failure.status, code: failure.code, kind: failure.kind, request: failure.request, requestId: failure.requestId }, 'Closure command failed');
      result = { type: 'commandFailed', closureId: state.closureId, command: command.type, error: errorInfoOf(failure) };
    }
    // Runs inside the tenant's queue: decide now, and let the follow-up commands queue behind.
    await this.dispatchLogged(tenantId, result, RESULT_ATTEMPTS);
  }

  private schedule(tenantId: string, closureId: string, stepId: string, attempt: number, delayMs: number): void {
    const key = `${tenantId}/${closureId}`;
    this.timers.get(key)?.cancel();
    const timer = this.deps.clock.after(delayMs, () => {
      this.timers.delete(key);
      void this.dispatchLogged(tenantId, { type: 'recheckDue', closureId, stepId, attempt } as ClosureEvent);
    });
    this.timers.set(key, timer);
  }

  /**
   * Applies a system event. A command's result is the only record of what Graph did, so when the
   * store fails it is tried again a few times (with backoff) before it is given up: otherwise the
   * step would wait for a result that was lost. Refusals are final and not retried.
   */
  private async dispatchLogged(tenantId: string, event: ClosureEvent, attempts = 1): Promise<Dispatched | undefined> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const result = await this.dispatch(tenantId, event);
        if (!result.ok && result.error.kind === 'system') this.deps.log.debug({ tenantId, event: event.type, code: result.error.code }, 'Stale system event ignored');
        else if (!result.ok) this.deps.log.warn({ tenantId, event: event.type, code: result.error.code }, 'System event refused');
        return result;
      } catch (error) {
        if (attempt >= attempts) {
          this.deps.log.error({ err: error, tenantId, event: event.type }, 'Could not apply a closure event');
          return undefined;
        }
        await this.deps.clock.sleep(50 * 2 ** attempt);
      }
    }
    return undefined;
  }

  private async safely(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.log.warn({ err: error, what }, 'Side effect failed; the closure goes on');
    }
  }
}
