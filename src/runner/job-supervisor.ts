import type { GraphErrorInfo } from '../core/closure.events';
import { ClosureState } from '../core/closure.state';
import type { RemovalFailure } from '../ports/tenant-operations.port';
import { Logger } from '../observability/logger';
import { LeaseManager } from '../ports/state-store.port';
import type { ApprovedSetRef } from '../core/closure.approval';
import { ApprovedUsers, DeletionProgress, UserDeletionJob, UserDeletionResult } from '../ports/user-deletion.port';
import { Clock, systemClock } from '../time/clock';

/** A job event as the core expects it, before the runner adds the closure id. */
export type JobEvent =
  | { type: 'jobProgress'; jobId: string; cursor?: string; total: number; done: number; failed: number }
  | { type: 'jobCompleted'; jobId: string; total: number; done: number; failed: number; failures?: RemovalFailure[]; unapproved?: number }
  | { type: 'jobFailed'; jobId: string; cursor?: string; total: number; done: number; failed: number; error: GraphErrorInfo };

/** Records a job event in the closure and answers the closure as it now stands. */
export type JobReporter = (event: JobEvent) => Promise<ClosureState | undefined>;

interface RunningJob {
  jobId: string;
  /** The lease owner it runs as (fixed for the job's life, even if this process's owner changes). */
  owner: string;
  pauseRequested: boolean;
  /** Stopped because another process took over its owner: the lease is not ours to release. */
  ownerLost?: boolean;
  abort: AbortController;
  done: Promise<void>;
}

export interface JobOwnership {
  leases: LeaseManager;
  /**
   * The lease owner this process runs new jobs as: its instance id (stable across restarts, so a
   * restarted process takes its own leases back at once) or, while another live process holds that
   * id, an owner of its own (instance-claim.ts).
   */
  owner: () => string;
  /** How long a lease lasts without renewal: how soon another instance takes over a dead one's job. */
  leaseMs: number;
}

/** Reads an approved set as the closure recorded it; rejects when what is stored is not exactly that set. */
export type ApprovedUsersLoader = (tenantId: string, ref: ApprovedSetRef) => Promise<ApprovedUsers>;

type JobCommand = { jobId: string; keepUserId: string; approvedSet?: ApprovedSetRef };

export const jobLeaseName = (tenantId: string) => `tenants/${tenantId}/deletion-job`;

/**
 * Runs step 1's deletion jobs in the background: at most one per tenant, across every instance that
 * shares the state store (a renewed lease names the instance running it; a dead instance's lease
 * expires and another takes the job over). Progress is checkpointed through the closure after
 * every batch, so whoever resumes starts from the last checkpoint.
 */
export class JobSupervisor {
  private readonly running = new Map<string, RunningJob>();
  private readonly starting = new Set<string>();

  constructor(
    private readonly jobFor: (tenantId: string, actingUserId: string) => UserDeletionJob,
    private readonly log: Logger,
    private readonly ownership: JobOwnership,
    private readonly approvedUsers: ApprovedUsersLoader,
    /** What schedules the lease renewals. */
    private readonly clock: Pick<Clock, 'every'> = systemClock,
  ) {}

  /** Starts the job unless it runs here already or another instance holds its lease. */
  start(tenantId: string, command: JobCommand, state: ClosureState, report: JobReporter): void {
    const existing = this.running.get(tenantId);
    if (existing) {
      if (existing.jobId !== command.jobId) this.log.warn({ tenantId, running: existing.jobId, requested: command.jobId }, 'A deletion job is already running for this tenant');
      return;
    }
    if (this.starting.has(tenantId)) return;
    this.starting.add(tenantId);
    const owner = this.ownership.owner();
    void this.ownership.leases
      .acquire(jobLeaseName(tenantId), owner, this.ownership.leaseMs)
      .then((lease) => {
        if (!lease) {
          this.log.info({ tenantId, jobId: command.jobId }, 'Another instance runs this deletion job');
          return;
        }
        this.run(tenantId, command, state, report, owner);
      })
      .catch((error) => this.log.error({ err: error, tenantId }, 'Could not take the deletion job lease'))
      .finally(() => this.starting.delete(tenantId));
  }

  private run(tenantId: string, command: JobCommand, state: ClosureState, report: JobReporter, owner: string): void {
    const job: RunningJob = { jobId: command.jobId, owner, pauseRequested: false, abort: new AbortController(), done: Promise.resolve() };
    this.running.set(tenantId, job);
    this.log.info({ tenantId, jobId: command.jobId, owner }, 'Running the deletion job here');
    const renewal = this.clock.every(Math.max(250, Math.floor(this.ownership.leaseMs / 3)), () => {
      void this.ownership.leases.renew(jobLeaseName(tenantId), owner, this.ownership.leaseMs).then(
        (lease) => {
          if (!lease) {
            this.log.warn({ tenantId, jobId: command.jobId }, 'Lost the deletion job lease: stopping here, another instance goes on');
            job.abort.abort();
          }
        },
        (error) => this.log.warn({ err: error, tenantId }, 'Could not renew the deletion job lease'),
      );
    });
    const resumeFrom: DeletionProgress | undefined = state.job && state.job.jobId === command.jobId ? { total: state.job.total, done: state.job.done, failed: state.job.failed } : undefined;
    job.done = this.runApproved(tenantId, command, resumeFrom, job, report)
      .then(async (result) => {
        const counts = { jobId: command.jobId, total: result.progress.total, done: result.progress.done, failed: result.progress.failed };
        // The accounts Graph refused, by name and with Graph's answer: the card says which and why.
        const failures = result.failures.slice(0, 5).map((f) => ({ name: f.userPrincipalName ?? f.userId, status: f.status, code: f.code, message: f.message.slice(0, 300) }));
        if (result.outcome === 'completed') await report({ type: 'jobCompleted', ...counts, ...(failures.length ? { failures } : {}), unapproved: result.unapproved });
        else if (result.outcome === 'failed') {
          const error = result.error ?? { status: 0, code: 'JobFailed', message: 'The deletion job stopped' };
          const { kind, request, permission } = error;
          await report({
            type: 'jobFailed',
            ...counts,
            error: { code: error.code, message: error.message, httpStatus: error.status, ...(kind ? { kind } : {}), ...(request ? { request } : {}), ...(permission ? { permission } : {}) },
          });
        }
        // paused: the closure already says so; stopped: shutting down or cancelled, recovery decides.
      })
      .catch((error) => this.log.error({ err: error, tenantId }, 'Deletion job crashed'))
      .finally(async () => {
        renewal.cancel();
        if (this.running.get(tenantId) === job) this.running.delete(tenantId);
        // A job stopped because its owner was taken over keeps its lease: it is the new holder's now.
        if (!job.ownerLost) await this.ownership.leases.release(jobLeaseName(tenantId), owner).catch(() => undefined);
      });
  }

  /** Loads the approved set and runs the job on it. Without the set exactly as recorded nothing is deleted: the job fails and says why. */
  private async runApproved(tenantId: string, command: JobCommand, resumeFrom: DeletionProgress | undefined, job: RunningJob, report: JobReporter): Promise<UserDeletionResult> {
    let approved: ApprovedUsers;
    try {
      if (!command.approvedSet) throw Object.assign(new Error('This deletion job has no approved list of users; nothing was deleted. Show the preview again and approve it.'), { code: 'ApprovedSetMissing' });
      approved = await this.approvedUsers(tenantId, command.approvedSet);
    } catch (error) {
      const { code, message } = error as Error & { code?: string };
      return { outcome: 'failed', progress: resumeFrom ?? { total: 0, done: 0, failed: 0 }, failures: [], error: { status: 0, code: code ?? 'ApprovedSetUnreadable', message } };
    }
    return this.jobFor(tenantId, command.keepUserId).run({
      tenantId,
      keepUserId: command.keepUserId,
      approved,
      resumeFrom,
      signal: job.abort.signal,
      onCheckpoint: async (progress) => {
        const after = await report({ type: 'jobProgress', jobId: command.jobId, total: progress.total, done: progress.done, failed: progress.failed });
        if (job.abort.signal.aborted) return 'stop';
        if (!after || after.status !== 'active' || after.job?.jobId !== command.jobId) return 'stop';
        if (job.pauseRequested || after.job.status === 'paused') return 'pause';
        return 'continue';
      },
    });
  }

  pause(tenantId: string, jobId: string): void {
    const job = this.running.get(tenantId);
    if (job && job.jobId === jobId) job.pauseRequested = true;
  }

  runningCount(): number {
    return this.running.size;
  }

  isRunning(tenantId: string): boolean {
    return this.running.has(tenantId);
  }

  /**
   * Stops, at once, the jobs run as `owner`: another process took over this instance id (it judged
   * this one dead) and takes their leases as that same owner.
   */
  stopOwnedBy(owner: string): void {
    for (const [tenantId, job] of this.running) {
      if (job.owner !== owner) continue;
      this.log.warn({ tenantId, jobId: job.jobId }, 'Stopping this deletion job: its lease owner now runs in another process');
      job.ownerLost = true;
      job.abort.abort();
    }
  }

  /** Stops every job at its next checkpoint (shutdown); their closures stay 'running' and resume on restart. */
  async stopAll(): Promise<void> {
    for (const job of this.running.values()) job.abort.abort();
    await Promise.all([...this.running.values()].map((j) => j.done));
  }
}
