import { ClosureError, closureError } from '../../core/closure.errors';
import { isPermanentError, ResultEvent } from '../../core/closure.events';
import { APPROVAL_VALID_MS } from '../../core/closure.approval';
import { actingAdmin, ClosureState, initialSteps, JobCheckpoint } from '../../core/closure.state';
import { stepIndex } from '../../core/closure.steps';
import { accept, addEvidence, clearRecheck, patchStep, StepOutcome } from '../../core/step.module';
import { preview } from './users-preview.rule';

/**
 * Step 1's background deletion: the core records checkpoints the executor reports and decides what
 * follows. Counts only, never per-user lists, so the state stays small on tenants of any size.
 */

type JobEvent = Extract<ResultEvent, { type: 'jobProgress' | 'jobCompleted' | 'jobFailed' }>;

export function isJobEvent(event: ResultEvent): event is JobEvent {
  return event.type === 'jobProgress' || event.type === 'jobCompleted' || event.type === 'jobFailed';
}

/**
 * The approval of the preview on the card: the job deletes exactly the users that preview stored
 * (its approved set), never whoever the directory lists by then. A preview older than
 * APPROVAL_VALID_MS is not approved: the users are listed again and the new preview is shown.
 */
export function startJob(state: ClosureState, now: string): StepOutcome {
  const evidence = state.steps.users.evidence;
  const approvedSet = evidence.approvedSet;
  const previewedAt = evidence.previewedAt ? Date.parse(evidence.previewedAt) : NaN;
  if (!approvedSet || !(Date.parse(now) - previewedAt <= APPROVAL_VALID_MS)) return preview(state);
  const jobsStarted = evidence.jobsStarted + 1;
  const jobId = `${state.closureId}.delete-users.${jobsStarted}`;
  const job: JobCheckpoint = { jobId, approvedSet, status: 'running', total: approvedSet.count, done: 0, failed: 0, updatedAt: now, runningSince: now, doneAtRunningSince: 0 };
  let next = addEvidence(state, 'users', { jobsStarted, approvedAt: now, appeared: undefined });
  next = patchStep({ ...next, job }, 'users', { status: 'running', phase: 'deleting' });
  return accept(next, [{ type: 'startUserDeletion', jobId, keepUserId: actingAdmin(state).aadObjectId, approvedSet }]);
}

export function pauseJob(state: ClosureState, now: string): StepOutcome {
  const job = state.job as JobCheckpoint;
  const next = patchStep({ ...state, job: { ...job, status: 'paused', updatedAt: now } }, 'users', { status: 'active', phase: 'paused' });
  return accept(next, [{ type: 'pauseJob', jobId: job.jobId }]);
}

/** Resumes a paused or failed job from its last checkpoint: the executor skips what it already did. */
export function resumeJob(state: ClosureState, now: string): StepOutcome {
  const { lastError: _cleared, ...job } = state.job as JobCheckpoint;
  // A job approved before approvals named their users (an older version's closure) resumes on nothing it was not shown: preview again.
  if (!job.approvedSet) return preview({ ...state, job: { ...job, status: 'completed', updatedAt: now } });
  const next = patchStep({ ...state, job: { ...job, status: 'running', updatedAt: now, runningSince: now, doneAtRunningSince: job.done } }, 'users', { status: 'running', phase: 'deleting', error: undefined });
  return accept(next, [{ type: 'startUserDeletion', jobId: job.jobId, keepUserId: actingAdmin(state).aadObjectId, approvedSet: job.approvedSet, cursor: job.cursor }]);
}

export function onJobEvent(state: ClosureState, event: JobEvent, now: string): StepOutcome {
  const job = state.job;
  const stale = jobEventRefusal(state, event);
  if (stale || !job) return { ok: false, error: stale ?? closureError('staleJobEvent', { type: event.type }) };

  const counts = { total: event.total, done: event.done, failed: event.failed, updatedAt: now };
  if (event.type === 'jobProgress') {
    // Progress is a checkpoint, not a phase change: no new commands, and the version stays.
    return accept({ ...state, job: { ...job, ...counts, cursor: event.cursor ?? job.cursor } });
  }
  if (event.type === 'jobCompleted') {
    const done = { ...job, ...counts, status: 'completed' as const };
    // The accounts Graph refused to delete, named on the card with Graph's answer.
    const recorded = addEvidence({ ...state, job: done }, 'users', { deletionFailures: (event.failures ?? []).slice(0, 5) });
    const notice = { type: 'notify' as const, kind: 'jobCompleted' as const, params: { done: event.done, failed: event.failed, total: event.total } };
    const unapproved = event.unapproved ?? 0;
    if (unapproved > 0) {
      // Users created after the approval were left in place: they are shown in a new preview and approved on their own.
      const out = preview(addEvidence(recorded, 'users', { appeared: unapproved }));
      return out.ok ? { ...out, commands: [...out.commands, notice] } : out;
    }
    const next = patchStep(recorded, 'users', { status: 'running', phase: 'verifying' });
    return accept(next, [{ type: 'verifyUsers', keepUserId: actingAdmin(state).aadObjectId }, notice]);
  }
  const failed: JobCheckpoint = {
    ...job,
    ...counts,
    status: 'failed',
    cursor: event.cursor ?? job.cursor,
    lastError: { code: event.error.code, message: event.error.message },
  };
  // A permanent failure (a permission, consent) is the step's error: the card says what to do before resuming.
  const { code, message, httpStatus, kind, request, permission } = event.error;
  const error = isPermanentError(event.error) ? { command: 'startUserDeletion', code, message, httpStatus, kind, ...(request ? { request } : {}), ...(permission ? { permission } : {}), at: now } : undefined;
  const next = patchStep({ ...state, job: failed }, 'users', { status: 'active', phase: 'jobFailed', ...(error ? { error } : {}) });
  return accept(next, [{ type: 'notify', kind: 'jobFailed', params: { code: event.error.code, done: event.done, total: event.total } }]);
}

/** A job event that no longer applies: another job, a finished job, or counts going backwards (a late or replayed report). */
function jobEventRefusal(state: ClosureState, event: JobEvent): ClosureError | undefined {
  const job = state.job;
  const phase = state.steps.users.phase;
  if (state.currentStep !== 'users' || !job || job.jobId !== event.jobId) return closureError('staleJobEvent', { type: event.type });
  if (job.status !== 'running' && job.status !== 'paused') return closureError('staleJobEvent', { type: event.type });
  if (phase !== 'deleting' && phase !== 'paused') return closureError('staleJobEvent', { type: event.type });
  if (event.done < job.done || event.failed < job.failed) return closureError('staleJobEvent', { type: event.type });
  return undefined;
}

/** Restore is possible once deletion has begun, while no job runs, until the directory step begins. */
export function restoreAvailable(state: ClosureState): boolean {
  const at = stepIndex(state.currentStep);
  if (at < stepIndex('users') || at >= stepIndex('directory')) return false;
  if (!state.job || state.job.status === 'running') return false;
  return state.steps.users.phase !== 'restoring';
}

/** Sends the closure back to step 1: later steps start over, since restored users bring back licences and MFA. */
export function restoreUsers(state: ClosureState): StepOutcome {
  const fresh = initialSteps();
  const steps = {
    ...state.steps,
    users: { ...state.steps.users, status: 'running' as const, phase: 'restoring' as const, doneAt: undefined, error: undefined },
    cancelSubscriptions: fresh.cancelSubscriptions,
    deleteSubscriptions: fresh.deleteSubscriptions,
    mfa: fresh.mfa,
    directory: fresh.directory,
  };
  const { job: _finished, ...rest } = clearRecheck(state);
  return accept({ ...rest, currentStep: 'users', steps }, [{ type: 'restoreUsers' }]);
}
