import { Client } from '@microsoft/microsoft-graph-client';
import { ApplicationWriteBudget } from '../bulk/application-write-budget';
import { WriteOutcome } from '../bulk/bulk-write';
import { BulkWriteExecutor } from '../bulk/bulk-write.executor';
import { BulkWriteOptions, bulkWriteOptions } from '../bulk/bulk-write.options';
import { Clock, systemClock } from '../../time/clock';
import { errorInfoOf } from '../../ports/failure-info';
import { GraphFailure } from '../../ports/graph-failure';
import { ApprovedUsers, DeletionFailure, DeletionProgress, UserDeletionJob, UserDeletionRequest, UserDeletionResult } from '../../ports/user-deletion.port';
import { startingProgress, withRate } from './deletion-progress';
import { countUsers, directoryUsers, ListingOptions } from './directory-users';
import { UserDeletion, UserDeletionTargets } from './user-deletion-target';

const MAX_FAILURES_REPORTED = 100;

export interface UserDeletionJobOptions {
  /** Pacing and retries; production defaults (3,000 writes / 150 s). */
  bulk?: Partial<BulkWriteOptions>;
  /**
   * The application-wide write quota every tenant's job in this process shares (the composition
   * root makes one). Without it the job paces its own tenant only and learns the application's
   * limit from 429s.
   */
  writeBudget?: ApplicationWriteBudget;
  /** Listings of the whole directory per run at most: the first, then checks that nothing was missed. */
  maxPasses?: number;
}

/**
 * Deletes the approved users (never the acting admin, never anyone the approval did not list) at the directory's write-quota speed (BulkWriteExecutor),
 * streaming the listing into paced `$batch`es and checkpointing counts after every answered batch.
 * The listing is the resume cursor: deleted users leave `/users`, so a restart neither repeats nor
 * skips anyone. A run lists again at the end and only stops once a listing finds no one left that
 * this run has not handled (paging while deleting may shift pages on the real service).
 */
export class GraphUserDeletionJob implements UserDeletionJob {
  constructor(
    private readonly client: Client,
    /** Time for pacing, backoff and the reported rate. */
    private readonly clock: Clock = systemClock,
    private readonly options: UserDeletionJobOptions = {},
  ) {}

  async run(request: UserDeletionRequest): Promise<UserDeletionResult> {
    const bulk = bulkWriteOptions(this.options.bulk);
    const clock = this.clock;
    const listing: ListingOptions = { attempts: bulk.maxAttempts, baseMs: bulk.backoffBaseMs, capMs: bulk.backoffCapMs, signal: request.signal };
    const targets = new UserDeletionTargets(request.keepUserId);
    const failures: DeletionFailure[] = [];
    const startedAt = this.clock.now();

    let progress: DeletionProgress;
    try {
      // $count includes the acting admin, who is never a target, and anyone created after the approval.
      const approvedLeft = request.resumeFrom ? Math.max(0, request.resumeFrom.total - request.resumeFrom.done) : request.approved.size;
      const remaining = Math.min(approvedLeft, Math.max(0, (await countUsers(this.client, clock, listing)) - 1));
      progress = startingProgress(remaining, request.resumeFrom);
    } catch (error) {
      const r = request.resumeFrom;
      return failed({ total: r?.total ?? 0, done: r?.done ?? 0, failed: r?.failed ?? 0 }, failures, error);
    }
    if (request.signal?.aborted) return { outcome: 'stopped', progress, failures };
    const doneAtStart = progress.done;

    const unapproved = new Set<string>();
    const executor = new BulkWriteExecutor<UserDeletion>(this.client, bulk, clock, this.options.writeBudget);
    const end = await executor.run({
      source: this.targetsOf(targets, request.approved, unapproved, clock, listing),
      signal: request.signal,
      onSettled: async (outcomes) => {
        progress = withRate(tally(progress, outcomes, failures), doneAtStart, this.clock.now() - startedAt);
        return request.onCheckpoint(progress);
      },
    });

    switch (end.reason) {
      case 'drained':
        // Whatever $count estimated, the run handled exactly these.
        return { outcome: 'completed', progress: { ...progress, total: progress.done + progress.failed, etaSeconds: 0 }, failures, unapproved: unapproved.size };
      case 'paused':
        return { outcome: 'paused', progress, failures };
      case 'stopped':
      case 'aborted':
        return { outcome: 'stopped', progress, failures };
      case 'fatal':
        return { outcome: 'failed', progress, failures, error: { status: end.status, code: end.code, message: end.message } };
    }
  }

  /**
   * Delete requests for every approved user listed, once per run; again after each pass until nothing
   * is new. Users listed but not approved (created after the approval) are counted into `unapproved`
   * and left alone: they are shown in a new preview and approved on their own.
   */
  private async *targetsOf(targets: UserDeletionTargets, approved: ApprovedUsers, unapproved: Set<string>, clock: Clock, listing: ListingOptions): AsyncGenerator<UserDeletion> {
    const handled = new Set<string>();
    const maxPasses = this.options.maxPasses ?? 3;
    for (let pass = 1; pass <= maxPasses; pass++) {
      let fresh = 0;
      for await (const user of directoryUsers(this.client, clock, listing)) {
        const id = user.id?.toLowerCase();
        if (!id || handled.has(id)) continue;
        if (!approved.has(id)) {
          if (!targets.isKept(id)) unapproved.add(id);
          continue;
        }
        const deletion = targets.of(user);
        if (!deletion) continue;
        handled.add(id);
        fresh++;
        yield deletion;
      }
      if (fresh === 0) return;
    }
  }
}

function tally(progress: DeletionProgress, outcomes: Array<WriteOutcome<UserDeletion>>, failures: DeletionFailure[]): DeletionProgress {
  let { done, failed } = progress;
  for (const outcome of outcomes) {
    if (outcome.result === 'done') {
      done++;
      continue;
    }
    failed++;
    if (failures.length < MAX_FAILURES_REPORTED) {
      const { write } = outcome;
      failures.push({ userId: write.key, userPrincipalName: write.userPrincipalName, status: outcome.status, code: outcome.code, message: outcome.message });
    }
  }
  return { ...progress, done, failed };
}

function failed(progress: DeletionProgress, failures: DeletionFailure[], error: unknown): UserDeletionResult {
  const failure = GraphFailure.from(error);
  const { kind, request, permission } = errorInfoOf(failure);
  return { outcome: 'failed', progress, failures, error: { status: failure.status, code: failure.code, message: failure.message, kind, request, permission } };
}
