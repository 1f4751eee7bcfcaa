import { Client } from '@microsoft/microsoft-graph-client';
import { sendBatched } from '../graph/graph-batch';
import { GraphFailure } from '../graph/graph-failure';
import { followLink, graphCall, Page } from '../graph/graph-request';
import { DeletionFailure, DeletionProgress, UserDeletionJob, UserDeletionRequest, UserDeletionResult } from '../ports/user-deletion.port';

const BATCH = 20;
const MAX_FAILURES_REPORTED = 100;

interface ListedUser {
  id: string;
  userPrincipalName?: string;
}

/**
 * Deletes every user but the acting admin through `$batch`, one batch of 20 at a time, and
 * checkpoints after each. It always lists from the first page: deleted users leave `/users`, so
 * the listing itself is the resume cursor, and a restart neither repeats nor skips anyone.
 */
export class GraphUserDeletionJob implements UserDeletionJob {
  constructor(
    private readonly client: Client,
    private readonly now: () => number = Date.now,
  ) {}

  async run(request: UserDeletionRequest): Promise<UserDeletionResult> {
    const failures: DeletionFailure[] = [];
    const givenUp = new Set<string>();
    const startedAt = this.now();
    const doneAtStart = request.resumeFrom?.done ?? 0;
    let progress: DeletionProgress;
    try {
      const remaining = await this.countOthers(request.keepUserId);
      progress = request.resumeFrom
        ? { ...request.resumeFrom, total: Math.max(request.resumeFrom.total, request.resumeFrom.done + request.resumeFrom.failed + remaining) }
        : { total: remaining, done: 0, failed: 0 };
    } catch (error) {
      return this.failed({ total: request.resumeFrom?.total ?? 0, done: doneAtStart, failed: request.resumeFrom?.failed ?? 0 }, failures, error);
    }

    for (;;) {
      if (request.signal?.aborted) return { outcome: 'stopped', progress, failures };
      let targets: ListedUser[];
      try {
        targets = await this.nextTargets(request.keepUserId, givenUp);
      } catch (error) {
        return this.failed(progress, failures, error);
      }
      if (targets.length === 0) return { outcome: 'completed', progress, failures };

      let results;
      try {
        results = await sendBatched(
          this.client,
          targets.map((u, i) => ({ id: String(i + 1), method: 'DELETE' as const, url: `/users/${u.id}` })),
        );
      } catch (error) {
        return this.failed(progress, failures, error);
      }
      let done = progress.done;
      let failed = progress.failed;
      results.forEach((r, i) => {
        // 404: already deleted (a retry after a lost answer, or someone else): counts as done.
        if (r.status < 300 || r.status === 404) done++;
        else {
          failed++;
          givenUp.add(targets[i].id);
          if (failures.length < MAX_FAILURES_REPORTED) {
            failures.push({ userId: targets[i].id, userPrincipalName: targets[i].userPrincipalName, status: r.status, code: r.code ?? 'UnknownError', message: r.message ?? '' });
          }
        }
      });
      const elapsed = Math.max(1, this.now() - startedAt) / 1000;
      const rate = (done - doneAtStart) / elapsed;
      progress = { total: progress.total, done, failed, ratePerSecond: rate, etaSeconds: rate > 0 ? Math.max(0, progress.total - done - failed) / rate : undefined };
      const next = await request.onCheckpoint(progress);
      if (next === 'pause') return { outcome: 'paused', progress, failures };
      if (next === 'stop') return { outcome: 'stopped', progress, failures };
    }
  }

  /** The next batch: users of the first pages, minus the acting admin and those that failed for good. */
  private async nextTargets(keepUserId: string, givenUp: Set<string>): Promise<ListedUser[]> {
    let page = await graphCall<Page<ListedUser>>(() => this.client.api('/users').select('id,userPrincipalName').top(999).get());
    for (;;) {
      const targets = page.value.filter((u) => u.id !== keepUserId && !givenUp.has(u.id)).slice(0, BATCH);
      const next = page['@odata.nextLink'];
      if (targets.length > 0 || !next) return targets;
      page = await graphCall<Page<ListedUser>>(() => followLink(this.client, next).get());
    }
  }

  private async countOthers(keepUserId: string): Promise<number> {
    const count = Number(await graphCall<number>(() => this.client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()));
    void keepUserId;
    return Math.max(0, count - 1);
  }

  private failed(progress: DeletionProgress, failures: DeletionFailure[], error: unknown): UserDeletionResult {
    const failure = GraphFailure.from(error);
    return { outcome: 'failed', progress, failures, error: { status: failure.status, code: failure.code, message: failure.message } };
  }
}
