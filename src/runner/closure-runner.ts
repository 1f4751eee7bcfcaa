import { ClosureCommand, GraphCommand } from '../core/closure.commands';
import { ClosureError } from '../core/closure.errors';
import { ClosureEvent, isUserEvent } from '../core/closure.events';
import { decide } from '../core/closure.machine';
import { actingAdmin, ClosureState } from '../core/closure.state';
import { ClosureRepository } from '../closure/closure-repository';
import { GraphFailure } from '../graph/graph-failure';
import { Logger } from '../observability/logger';
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
  now: () => Date;
  log: Logger;
  /** Multiplies the core's re-check delays (tests and demos shorten days to seconds). */
  recheckScale?: number;
}

const MAX_CONFLICT_RETRIES = 10;

/**
 * The imperative shell around the pure core: load the tenant's closure with its eTag, decide,
 * persist (write-ahead: before any command runs), then carry out the commands one by one and feed
 * each result back as an event. An eTag conflict means another turn or instance wrote first: reload
 * and decide again, so no update is ever lost.
 */
export class ClosureRunner {
  private readonly queues = new TenantQueues();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweep?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly deps: ClosureRunnerDeps) {}

  async dispatch(tenantId: string, event: ClosureEvent): Promise<Dispatched> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.deps.repository.load(tenantId);
      const decision = decide(current?.value, event, this.deps.now().toISOString());
      if (!decision.ok) return decision;
      if (current && decision.state === current.value) return { ok: true, state: decision.state };
      const etag = await this.deps.repository.save(tenantId, decision.state, current?.etag);
      if (etag === undefined) continue;
      this.enqueue(tenantId, decision.state, decision.commands, event);
      return { ok: true, state: decision.state };
    }
    throw new Error(`Closure of tenant ${tenantId}: too many concurrent updates`);
  }

  /** Waits (at most `timeoutMs`) until the tenant's commands have run: quick reads finish inside a card invoke. */
  settle(tenantId: string, timeoutMs: number): Promise<boolean> {
    return this.queues.idle(tenantId, timeoutMs);
  }

  /**
   * On start: resume interrupted deletion jobs whose lease is free, and the re-checks of waiting
   * steps. Then, every `sweepMs`, look again for jobs that a dead instance left behind (their lease
   * expires and this instance takes them over).
   */
  async recover(sweepMs?: number): Promise<void> {
    await this.resumeJobs(true);
    if (sweepMs && !this.sweep) {
      this.sweep = setInterval(() => void this.resumeJobs(false).catch((error) => this.deps.log.warn({ err: error }, 'Recovery sweep failed')), sweepMs);
      this.sweep.unref();
    }
  }

  private async resumeJobs(withTimers: boolean): Promise<void> {
    for (const tenantId of await this.deps.repository.tenantsWithClosures()) {
      if (this.stopped) return;
      const state = (await this.deps.repository.load(tenantId))?.value;
      if (!state || state.status !== 'active') continue;
      if (state.job?.status === 'running' && !this.deps.jobs.isRunning(tenantId)) {
        this.enqueue(tenantId, state, [{ type: 'startUserDeletion', jobId: state.job.jobId, keepUserId: actingAdmin(state).aadObjectId, cursor: state.job.cursor }], undefined);
      }
      if (withTimers && state.recheck) {
        const due = Math.max(0, Date.parse(state.recheck.dueAt) - this.deps.now().getTime());
        this.schedule(tenantId, state.closureId, state.recheck.stepId, state.recheck.attempt, due);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.deps.jobs.stopAll();
    await this.queues.drain();
  }

  private enqueue(tenantId: string, state: ClosureState, commands: ClosureCommand[], cause: ClosureEvent | undefined): void {
    void this.queues.run(tenantId, async () => {
      if (cause && !isUserEvent(cause)) await this.safely('state change', () => this.deps.onStateChanged(state, cause));
      for (const command of commands) {
        if (this.stopped) return;
        await this.execute(tenantId, state, command);
      }
    });
  }

  private async execute(tenantId: string, state: ClosureState, command: ClosureCommand): Promise<void> {
    const closureId = state.closureId;
    switch (command.type) {
      case 'audit':
        await this.deps.repository.appendAudit(tenantId, closureId, [{ ...command.entry }]);
        return;
      case 'notify':
        await this.safely('notification', () => this.deps.onNotify(state, command.kind, command.params));
        return;
      case 'scheduleRecheck':
        this.schedule(tenantId, closureId, command.stepId, command.attempt, command.afterMs * (this.deps.recheckScale ?? 1));
        return;
      case 'startUserDeletion':
        this.deps.jobs.start(tenantId, command, state, async (event) => {
          const result = await this.dispatchLogged(tenantId, { ...event, closureId } as ClosureEvent);
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
      result = { ...(await executeGraphCommand(command, context)), closureId: state.closureId } as ClosureEvent;
    } catch (error) {
      const failure = GraphFailure.from(error);
      this.deps.log.warn({ tenantId, command: command.type, status: failure.status, code: failure.code, requestId: failure.requestId }, 'Closure command failed');
      result = { type: 'commandFailed', closureId: state.closureId, command: command.type, error: { code: failure.code, message: failure.message.slice(0, 300), httpStatus: failure.status } };
    }
    // Runs inside the tenant's queue: decide now, and let the follow-up commands queue behind.
    await this.dispatchLogged(tenantId, result);
  }

  private schedule(tenantId: string, closureId: string, stepId: string, attempt: number, delayMs: number): void {
    const key = `${tenantId}/${closureId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.dispatchLogged(tenantId, { type: 'recheckDue', closureId, stepId, attempt } as ClosureEvent);
    }, Math.min(delayMs, 2 ** 31 - 1));
    timer.unref();
    this.timers.set(key, timer);
  }

  private async dispatchLogged(tenantId: string, event: ClosureEvent): Promise<Dispatched | undefined> {
    if (this.stopped) return undefined;
    try {
      const result = await this.dispatch(tenantId, event);
      if (!result.ok && result.error.kind === 'system') this.deps.log.debug({ tenantId, event: event.type, code: result.error.code }, 'Stale system event ignored');
      else if (!result.ok) this.deps.log.warn({ tenantId, event: event.type, code: result.error.code }, 'System event refused');
      return result;
    } catch (error) {
      this.deps.log.error({ err: error, tenantId, event: event.type }, 'Could not apply a closure event');
      return undefined;
    }
  }

  private async safely(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.log.warn({ err: error, what }, 'Side effect failed; the closure goes on');
    }
  }
}
