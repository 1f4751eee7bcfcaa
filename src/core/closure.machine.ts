import { auditEntry, isAudited, offerShape } from './closure.audit';
import { boundEvent } from './closure.bounds';
import { ClosureCommand } from './closure.commands';
import { ClosureError, closureError } from './closure.errors';
import { ClosureEvent, isPermanentError, isUserEvent, ResultEvent, SystemEvent, UserEvent } from './closure.events';
import { availableVerbs, checkActor, checkCard, checkClosureId, checkInputs, checkOpen, checkOwner, checkVerb, firstError } from './closure.guards';
import { answerSecondApproval, needsSecondApproval, requestSecondApproval, SecondApprovalRequest } from './closure.four-eyes';
import { advance, cancel, handover, start } from './closure.lifecycle';
import { ClosureState } from './closure.state';
import { STEP_IDS, Verb } from './closure.steps';
import { ClosureView, viewOf } from './closure.view';
import { accept, clearRecheck, closureWideVerbs, patchStep, scheduleRecheck, StepOutcome, StepRegistry } from './step.module';

export type Decision = { ok: true; state: ClosureState; commands: ClosureCommand[] } | { ok: false; error: ClosureError };

/** The closure's procedures over one set of steps (src/steps/index.ts binds them to the registry). */
export interface ClosureMachine {
  decide: (state: ClosureState | undefined, event: ClosureEvent, now: string) => Decision;
  /** What the current card shows. */
  viewOf: (state: ClosureState) => ClosureView;
  /** Verbs the current phase offers, including those the machine adds to every step. */
  availableVerbs: (state: ClosureState) => Verb[];
}

/**
 * The machine receives the steps instead of importing them, so src/core never names a step and the
 * steps depend on the core, not the other way round.
 */
export function closureMachine(steps: StepRegistry): ClosureMachine {
  return {
    decide: (state, event, now) => decide(steps, state, event, now),
    viewOf: (state) => viewOf(steps, state),
    availableVerbs: (state) => availableVerbs(steps, state),
  };
}

/**
 * The single authority on what may happen next in a closure. Pure: the same state, event and `now`
 * always give the same decision. A refusal never changes state; an accepted event that changes
 * state comes with an audit command first, and bumps `version` when it is a user action or changes
 * what a card offers. Outside texts in the event are cut to their limits first (closure.bounds.ts).
 */
function decide(steps: StepRegistry, state: ClosureState | undefined, unbounded: ClosureEvent, now: string): Decision {
  const event = boundEvent(unbounded);
  const outcome = route(steps, state, event, now);
  if (!outcome.ok) return outcome;
  if (outcome.completed) {
    const advanced = advance(steps, outcome.state, now, !isUserEvent(event));
    if (!advanced.ok) return advanced;
    return finish(state, { ...advanced, commands: [...outcome.commands, ...advanced.commands] }, event, now);
  }
  return finish(state, outcome, event, now);
}

function route(steps: StepRegistry, state: ClosureState | undefined, event: ClosureEvent, now: string): StepOutcome {
  if (event.type === 'start') return start(steps, state, event, now);
  if (!state) return refuse(closureError('noClosure'));
  return isUserEvent(event) ? onUserEvent(steps, state, event, now) : onSystemEvent(steps, state, event, now);
}

function onUserEvent(steps: StepRegistry, state: ClosureState, event: Exclude<UserEvent, { type: 'start' }>, now: string): StepOutcome {
  const { actor } = event;
  const card = 'card' in event ? event.card : undefined;
  const common = firstError(
    () => checkActor(state, actor),
    () => (card ? checkClosureId(state, card) : undefined),
  );
  if (common) return refuse(common);
  // Any Global Admin of the tenant may look; the view tells them who owns the closure.
  if (event.type === 'status') return accept(state);
  // A second approver is, by design, not the owner: four eyes checks them on its own terms.
  if (event.type === 'secondApproval') {
    const open = checkOpen(state);
    return open ? refuse(open) : answerSecondApproval(state, event, now, (approved, request) => carryOut(steps, approved, request, now));
  }
  const refusal = firstError(
    () => checkOpen(state),
    () => checkOwner(state, actor),
    () => (card ? checkCard(state, card) : undefined),
  );
  if (refusal) return refuse(refusal);
  if (event.type === 'cancel') return cancel(state, now);
  if (event.type === 'handover') return handover(steps, state, actor, event.to);

  const inputs = event.inputs ?? {};
  const invalid = firstError(
    () => checkVerb(steps, state, event.verb),
    () => checkInputs(state, event.verb, inputs),
  );
  if (invalid) return refuse(invalid);
  const retried = event.verb === 'closure.retry' ? steps[state.currentStep].awaiting(state) : undefined;
  if (needsSecondApproval(state, event.verb, retried)) return requestSecondApproval(state, actor, event.verb, inputs, now);
  if (event.verb === 'closure.cancel') return cancel(state, now);
  // A closure-wide verb is carried out by the step that offers it, not by the current one.
  const wide = closureWideVerbs(steps).find((candidate) => candidate.verb === event.verb);
  if (wide) return wide.carryOut(state, now);
  if (event.verb === 'closure.retry') return retry(steps, state);
  return steps[state.currentStep].act(state, { actor, card: event.card, verb: event.verb, inputs }, now);
}

/** A request that a second admin approved: the acting admin's action, as if clicked now (the phase must still offer it). */
function carryOut(steps: StepRegistry, state: ClosureState, request: SecondApprovalRequest, now: string): StepOutcome {
  const invalid = checkVerb(steps, state, request.verb);
  if (invalid) return refuse(invalid);
  const wide = closureWideVerbs(steps).find((candidate) => candidate.verb === request.verb);
  if (wide) return wide.carryOut(state, now);
  if (request.verb === 'closure.retry') return retry(steps, state);
  const actor = { ...request.requestedBy, isGlobalAdmin: true, tenantId: state.tenantId };
  const card = { closureId: state.closureId, stepId: request.stepId, version: state.version };
  return steps[state.currentStep].act(state, { actor, card, verb: request.verb, inputs: request.inputs }, now);
}

function onSystemEvent(steps: StepRegistry, state: ClosureState, event: SystemEvent, now: string): StepOutcome {
  const refusal = firstError(
    () => (event.closureId === state.closureId ? undefined : closureError('foreignClosure')),
    () => checkOpen(state),
  );
  if (refusal) return refuse({ ...refusal, kind: 'system' });
  const module = steps[state.currentStep];
  if (event.type === 'recheckDue') {
    const live = state.recheck?.stepId === event.stepId && state.recheck.attempt === event.attempt && event.stepId === state.currentStep;
    const outcome = live ? module.onRecheck(state, now) : undefined;
    return outcome ?? refuse(closureError('staleRecheck', { stepId: event.stepId, attempt: event.attempt }));
  }
  if (event.type === 'commandFailed') return commandFailed(steps, state, event, now);
  const job = jobEvent(steps, state, event, now);
  if (job) return job;
  const outcome = module.onResult(state, event, now);
  if (!outcome) return refuse(closureError('unexpectedEvent', { type: event.type, stepId: state.currentStep }));
  return clearStepError(state, outcome);
}

/**
 * Graph refused the command the current phase waits on. What that command would have read is no
 * longer known (the step forgets it: never shown as current, never counted as nothing left). A
 * waiting step keeps waiting on a transient failure (the next timer tries again); a permanent one
 * (a permission, consent, a request Graph refuses) needs the admin first, so the step stops and
 * the card says what to do, with a retry for when it is done.
 */
function commandFailed(steps: StepRegistry, state: ClosureState, event: Extract<SystemEvent, { type: 'commandFailed' }>, now: string): StepOutcome {
  const id = state.currentStep;
  const module = steps[id];
  if (module.awaiting(state)?.type !== event.command) {
    return refuse(closureError('unexpectedEvent', { type: event.type, command: event.command, stepId: id }));
  }
  const { code, message, httpStatus, kind, request, permission } = event.error;
  const error = { command: event.command, code, message, httpStatus, ...(kind ? { kind } : {}), ...(request ? { request } : {}), ...(permission ? { permission } : {}), at: now };
  const forgotten = module.readFailed?.(state, event.command) ?? state;
  if (state.steps[id].status === 'waiting' && !isPermanentError(event.error)) {
    const scheduled = scheduleRecheck(patchStep(forgotten, id, { error }), id, now);
    return accept(scheduled.state, [scheduled.command]);
  }
  return accept(patchStep(clearRecheck(forgotten), id, { status: 'active', error }));
}

/** A report of a step's background job goes to that step, whichever step is current (it refuses the ones that no longer apply). */
function jobEvent(steps: StepRegistry, state: ClosureState, event: ResultEvent, now: string): StepOutcome | undefined {
  for (const id of STEP_IDS) {
    const outcome = steps[id].onJobEvent?.(state, event, now);
    if (outcome) return outcome;
  }
  return undefined;
}

function retry(steps: StepRegistry, state: ClosureState): StepOutcome {
  const id = state.currentStep;
  const command = steps[id].awaiting(state);
  if (!command) return refuse(closureError('actionUnavailable', { verb: 'closure.retry', phase: state.steps[id].phase }));
  return accept(patchStep(state, id, { status: 'running', error: undefined }), [command]);
}

/** A result for the step that failed earlier means Graph answered after all: the error is history. */
function clearStepError(before: ClosureState, outcome: StepOutcome): StepOutcome {
  if (!outcome.ok) return outcome;
  const id = before.currentStep;
  if (!before.steps[id].error || !outcome.state.steps[id].error) return outcome;
  return { ...outcome, state: patchStep(outcome.state, id, { error: undefined }) };
}

function finish(before: ClosureState | undefined, outcome: Extract<StepOutcome, { ok: true }>, event: ClosureEvent, now: string): Decision {
  if (event.type === 'status') return { ok: true, state: outcome.state, commands: [] };
  // A start builds a new closure at version 1; only an existing closure's version moves.
  const previous = event.type === 'start' ? undefined : before;
  const bump = previous !== undefined && (isUserEvent(event) || offerShape(previous) !== offerShape(outcome.state));
  const state: ClosureState = { ...outcome.state, version: previous ? previous.version + (bump ? 1 : 0) : outcome.state.version, updatedAt: now };
  const audit: ClosureCommand[] = isAudited(event) ? [{ type: 'audit', entry: auditEntry(previous, state, event, now) }] : [];
  return { ok: true, state, commands: [...audit, ...outcome.commands] };
}

function refuse(error: ClosureError): StepOutcome {
  return { ok: false, error };
}
