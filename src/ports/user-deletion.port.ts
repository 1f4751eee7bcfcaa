import type { GraphErrorInfo } from './graph-error-info';
/**
 * The background job of step 1: delete the users the admin approved (never the acting admin, never
 * a user the approval did not list), as fast as the directory's write quota allows, resumable after a crash.
 *
 * @remarks
 * - The acting admin is excluded by construction (`keepUserId` never enters a request), not by a
 *   filter applied afterwards.
 * - Progress is a few counts, never per-user lists, so the caller can checkpoint it in the tenant's
 *   closure state; a run started again after a crash continues from the directory's current
 *   content (deleted users are gone from `/users`), so no user is deleted twice and none is skipped.
 * - 404 on delete counts as done (already deleted); 429/503/504 and dropped connections are
 *   retried; any other answer is a permanent failure for that user, reported with Graph's reason
 *   and not retried again in this run.
 */
export interface UserDeletionJob {
  run(request: UserDeletionRequest): Promise<UserDeletionResult>;
}

export interface UserDeletionRequest {
  tenantId: string;
  keepUserId: string;
  /** The users the admin approved (the preview's stored set): the job deletes these and nobody else. */
  approved: ApprovedUsers;
  /** Counts from the last checkpoint when resuming. */
  resumeFrom?: DeletionProgress;
  /**
   * Called after every completed batch; the caller persists the progress before answering.
   * 'pause' and 'stop' end the run cleanly at that point.
   */
  onCheckpoint(progress: DeletionProgress): Promise<'continue' | 'pause' | 'stop'>;
  signal?: AbortSignal;
}

/** The approved users' object ids. */
export interface ApprovedUsers {
  readonly size: number;
  /** Case-insensitive, as the directory compares object ids. */
  has(userId: string): boolean;
}

export interface DeletionProgress {
  /** Users to delete when the job started (the acting admin excluded). */
  total: number;
  done: number;
  failed: number;
  /** Deletions per second over the run so far. */
  ratePerSecond?: number;
  etaSeconds?: number;
}

export interface DeletionFailure {
  userId: string;
  userPrincipalName?: string;
  status: number;
  code: string;
  message: string;
}

export interface UserDeletionResult {
  outcome: 'completed' | 'paused' | 'stopped' | 'failed';
  progress: DeletionProgress;
  /** Users that could not be deleted (at most the first 100), with Graph's reason. */
  failures: DeletionFailure[];
  /** Users the run listed that the approval does not cover (created after it), left in place. */
  unapproved?: number;
  /** For 'failed': why the run could not go on (e.g. the token was refused), classified like any Graph failure. */
  error?: { status: number; code: string; message: string } & Partial<Pick<GraphErrorInfo, 'kind' | 'request' | 'permission'>>;
}
