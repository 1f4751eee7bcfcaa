import { DeletionProgress } from '../../ports/user-deletion.port';

/**
 * The counts a run starts from. Fresh: the users to delete now. Resumed: the directory is the truth
 * (deleted users are gone from `/users`), so `done` is what the checkpoint's total no longer finds,
 * which also counts deletions that landed after the last checkpoint; users that failed before are
 * tried again in this run, so `failed` starts from zero.
 */
export function startingProgress(remaining: number, resumeFrom?: DeletionProgress): DeletionProgress {
  if (!resumeFrom) return { total: remaining, done: 0, failed: 0 };
  const total = Math.max(resumeFrom.total, resumeFrom.done + remaining);
  return { total, done: total - remaining, failed: 0 };
}

/** Counts plus rate and time left, from the deletions of this run only. */
export function withRate(progress: DeletionProgress, doneAtStart: number, elapsedMs: number): DeletionProgress {
  const rate = (progress.done - doneAtStart) / (Math.max(1, elapsedMs) / 1000);
  const left = Math.max(0, progress.total - progress.done - progress.failed);
  return { total: progress.total, done: progress.done, failed: progress.failed, ratePerSecond: rate, etaSeconds: rate > 0 ? left / rate : undefined };
}
