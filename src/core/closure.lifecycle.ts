import { ClosureCommand } from './closure.commands';
import { closureError } from './closure.errors';
import { Actor, UserEvent } from './closure.events';
import { checkActor, firstError } from './closure.guards';
import { ClosureState, initialSteps } from './closure.state';
import { nextStepId, STEP_IDS, StepId } from './closure.steps';
import { accept, clearRecheck, patchStep, StepOutcome, StepRegistry } from './step.module';

/** Closure-wide transitions: start, cancel, handover, and moving from one step to the next. */

type StartEvent = Extract<UserEvent, { type: 'start' }>;

/** A new closure, or a refusal that points at the one already running (no second closure per tenant). */
export function start(steps: StepRegistry, state: ClosureState | undefined, event: StartEvent, now: string): StepOutcome {
  if (!event.actor.isGlobalAdmin) return { ok: false, error: closureError('notGlobalAdmin') };
  if (state) {
    const refusal = checkActor(state, event.actor);
    if (refusal) return { ok: false, error: refusal };
    if (state.status === 'active') {
      return { ok: false, error: closureError('closureAlreadyRunning', { closureId: state.closureId, ownerName: state.owner.name }) };
    }
    // A completed closure is final: the tenant is waiting for its deletion in the Entra admin center.
    if (state.status === 'completed') return { ok: false, error: closureError('closureCompleted', { closureId: state.closureId }) };
  }
  const created: ClosureState = {
    closureId: event.closureId,
    tenantId: event.actor.tenantId,
    status: 'active',
    version: 1,
    owner: { aadObjectId: event.actor.aadObjectId, name: event.actor.name },
    approvers: event.approvers === 2 ? 2 : 1,
    tenant: event.tenant,
    currentStep: 'prepare',
    steps: initialSteps(),
    startedAt: now,
    updatedAt: now,
  };
  return steps.prepare.enter(created, now);
}

export function cancel(state: ClosureState, now: string): StepOutcome {
  const commands: ClosureCommand[] = [];
  if (state.job?.status === 'running') commands.push({ type: 'pauseJob', jobId: state.job.jobId });
  const job = state.job?.status === 'running' ? { ...state.job, status: 'paused' as const, updatedAt: now } : state.job;
  const stepsDone = STEP_IDS.filter((id) => state.steps[id].status === 'done').length;
  commands.push({
    type: 'notify',
    kind: 'closureCancelled',
    params: { stepId: state.currentStep, stepsDone, usersDeleted: state.job?.done ?? 0 },
  });
  return accept({ ...clearRecheck(state), job, status: 'cancelled', endedAt: now }, commands);
}

/**
 * The owner hands over to another Global Admin of the tenant, who then acts and is the admin kept.
 * Only before any deletion job starts: afterwards the new delegate's account may already be gone.
 */
export function handover(steps: StepRegistry, state: ClosureState, actor: Actor, to: Actor): StepOutcome {
  if (actor.aadObjectId !== state.owner.aadObjectId) {
    return { ok: false, error: closureError('notOwner', { ownerName: state.owner.name, delegateName: state.delegate?.name ?? '' }) };
  }
  const refusal = firstError(
    () => (checkActor(state, to) ? closureError('invalidHandover') : undefined),
    () => (to.aadObjectId === state.owner.aadObjectId || to.aadObjectId === state.delegate?.aadObjectId ? closureError('invalidHandover') : undefined),
    () => (state.steps.users.evidence.jobsStarted > 0 ? closureError('actionUnavailable', { verb: 'handover', phase: state.steps.users.phase }) : undefined),
  );
  if (refusal) return { ok: false, error: refusal };
  const next: ClosureState = { ...state, delegate: { aadObjectId: to.aadObjectId, name: to.name } };
  return steps[next.currentStep].onActingAdminChanged?.(next) ?? accept(next);
}

/** Marks the current step done and enters the next one; after the last step the closure is completed. */
export function advance(steps: StepRegistry, state: ClosureState, now: string, background: boolean): StepOutcome {
  const finished: StepId = state.currentStep;
  let next = patchStep(clearRecheck(state), finished, { status: 'done', phase: 'done', doneAt: now, error: undefined });
  // The admin who clicked sees the new card; a step finished by a read or timer deserves a message.
  const commands: ClosureCommand[] = background ? [{ type: 'notify', kind: 'stepCompleted', params: { stepId: finished } }] : [];
  const following = nextStepId(finished);
  if (!following) {
    next = { ...next, status: 'completed', endedAt: now };
    return accept(next, [...commands, { type: 'notify', kind: 'closureCompleted', params: summary(next) }]);
  }
  const entered = steps[following].enter({ ...next, currentStep: following }, now);
  if (!entered.ok) return entered;
  return accept(entered.state, [...commands, ...entered.commands]);
}

/** The closing summary: counts and times only, for the final message and the audit report. */
export function summary(state: ClosureState): Record<string, string | number> {
  const prepare = state.steps.prepare.evidence;
  return {
    closureId: state.closureId,
    initialDomain: state.tenant.initialDomain,
    usersAtStart: prepare.users ?? 0,
    subscriptionsAtStart: prepare.subscriptions ?? 0,
    applicationsAtStart: prepare.applications ?? 0,
    usersDeleted: state.job?.done ?? 0,
    usersFailed: state.job?.failed ?? 0,
    startedAt: state.startedAt,
    completedAt: state.endedAt ?? '',
  };
}
