import { actingAdmin, ClosureState, SAMPLE_LIMIT } from '../../core/closure.state';
import { Verb } from '../../core/closure.steps';
import { accept, addEvidence, clearRecheck, patchStep, scheduleRecheck, StepModule, StepOutcome } from '../../core/step.module';
import { isJobEvent, onJobEvent, pauseJob, restoreAvailable, restoreUsers, resumeJob, startJob } from './users-job.rule';
import { approvedSetId, preview } from './users-preview.rule';

/** A verification that still sees users is retried this many times (listings lag, §3.1) before a new preview. */
const VERIFY_ATTEMPTS = 3;

/**
 * Step 1, delete users: (turn directory sync off and wait for it) → preview → typed-domain approval
 * → background deletion job → verification by listing again.
 */
export const usersStep: StepModule = {
  id: 'users',
  links: ['adminCenter.activeUsers'],

  enter(state, now) {
    if (state.tenant.syncEnabled) {
      return accept(patchStep(state, 'users', { status: 'active', phase: 'syncOff', startedAt: now }));
    }
    return preview(patchStep(state, 'users', { startedAt: now }));
  },

  verbs(state) {
    const phase = state.steps.users.phase;
    const verbs: Partial<Record<typeof phase, Verb[]>> = {
      syncOff: ['closure.disableSync'],
      syncWaiting: ['closure.checkAgain'],
      approve: ['closure.deleteUsers'],
      deleting: ['closure.pauseJob'],
      paused: ['closure.resumeJob'],
      jobFailed: ['closure.resumeJob'],
    };
    if (phase === 'verifying' && state.steps.users.status === 'waiting') return ['closure.checkAgain'];
    return verbs[phase] ?? [];
  },

  act(state, act, now) {
    switch (act.verb) {
      case 'closure.disableSync':
        return accept(patchStep(state, 'users', { status: 'running', phase: 'syncDisabling' }), [{ type: 'disableSync' }]);
      case 'closure.checkAgain':
        return accept(state, [usersStep.awaiting(state)!]);
      case 'closure.deleteUsers':
        return startJob(state, now);
      case 'closure.pauseJob':
        return pauseJob(state, now);
      case 'closure.resumeJob':
        return resumeJob(state, now);
      default:
        return accept(state);
    }
  },

  onResult(state, event, now) {
    const phase = state.steps.users.phase;
    if (event.type === 'syncDisableRequested' && phase === 'syncDisabling') {
      const next = addEvidence(state, 'users', { syncOffRequestedAt: now });
      return wait(patchStep(next, 'users', { phase: 'syncWaiting' }), now);
    }
    if (event.type === 'syncChecked' && phase === 'syncWaiting') {
      const checked = addEvidence(state, 'users', { syncCheckedAt: now });
      if (event.syncEnabled) return wait(checked, now);
      const wasOn = state.tenant.syncEnabled;
      const out = preview({ ...clearRecheck(checked), tenant: { ...state.tenant, syncEnabled: false } });
      if (!out.ok || !wasOn) return out;
      return { ...out, commands: [...out.commands, { type: 'notify', kind: 'stepUnblocked', params: { stepId: 'users', reason: 'syncOff' } }] };
    }
    if (event.type === 'usersPreviewed' && phase === 'previewing') {
      // A preview's result names the set it stored: one for an earlier preview no longer applies.
      if (event.approvedSet?.id !== approvedSetId(state)) return undefined;
      const next = addEvidence(state, 'users', {
        approvedSet: event.approvedSet,
        toDelete: event.toDelete,
        sample: event.sample.slice(0, SAMPLE_LIMIT),
        kept: event.kept,
        recycleBin: event.recycleBin,
        syncedUsers: event.syncedUsers,
        previewedAt: now,
      });
      // Users still mastered on-premises cannot be deleted from the cloud (§3.2): wait for sync-off to reach them.
      if (event.syncedUsers > 0) return wait(patchStep(next, 'users', { phase: 'syncWaiting' }), now);
      if (event.toDelete === 0) return verify(next);
      return accept(patchStep(next, 'users', { status: 'active', phase: 'approve' }));
    }
    if (event.type === 'usersVerified' && phase === 'verifying') {
      const attempts = (state.steps.users.evidence.verifyAttempts ?? 0) + 1;
      const next = addEvidence(state, 'users', { remaining: event.remaining, verifiedAt: now, verifyAttempts: attempts });
      if (event.remaining === 0) return accept(clearRecheck(next), [], true);
      if (attempts < VERIFY_ATTEMPTS) return wait(next, now);
      // Users survived the job (failures, or created meanwhile): show a fresh preview and ask again,
      // and tell the admin, who was told "I am now checking the result".
      const again = preview(addEvidence(clearRecheck(next), 'users', { verifyAttempts: 0 }));
      if (!again.ok) return again;
      return { ...again, commands: [...again.commands, { type: 'notify', kind: 'usersRemain', params: { remaining: event.remaining } }] };
    }
    if (event.type === 'usersRestored' && phase === 'restoring') {
      return preview(addEvidence(state, 'users', { restored: event.restored }));
    }
    return undefined;
  },

  awaiting(state) {
    const keepUserId = actingAdmin(state).aadObjectId;
    switch (state.steps.users.phase) {
      case 'syncDisabling':
        return { type: 'disableSync' };
      case 'syncWaiting':
        return { type: 'readSync' };
      case 'previewing':
        return { type: 'previewUsers', keepUserId, setId: approvedSetId(state) };
      case 'verifying':
        return { type: 'verifyUsers', keepUserId };
      case 'restoring':
        return { type: 'restoreUsers' };
      default:
        return undefined;
    }
  },

  readFailed(state, command) {
    if (command !== 'verifyUsers') return state;
    return addEvidence(state, 'users', { remaining: undefined, verifiedAt: undefined });
  },

  onRecheck(state) {
    const step = state.steps.users;
    if (step.status !== 'waiting') return undefined;
    const command = usersStep.awaiting(state);
    return command ? accept(state, [command]) : undefined;
  },

  // The deletion job reports whichever step is current; a report that no longer applies is refused there.
  onJobEvent: (state, event, now) => (isJobEvent(event) ? onJobEvent(state, event, now) : undefined),

  // Deleted users can be restored from later steps too, until the directory step begins.
  closureVerbs: [{ verb: 'closure.restoreUsers', available: restoreAvailable, carryOut: (state) => restoreUsers(state) }],

  onActingAdminChanged(state) {
    // A preview names the admin it keeps: preview again for the new one.
    const phase = state.steps.users.phase;
    return phase === 'approve' || phase === 'previewing' ? preview(state) : undefined;
  },
};

function verify(state: ClosureState): StepOutcome {
  const next = patchStep(state, 'users', { status: 'running', phase: 'verifying' });
  return accept(next, [{ type: 'verifyUsers', keepUserId: actingAdmin(state).aadObjectId }]);
}

function wait(state: ClosureState, now: string): StepOutcome {
  const scheduled = scheduleRecheck(patchStep(state, 'users', { status: 'waiting' }), 'users', now);
  return accept(scheduled.state, [scheduled.command]);
}
