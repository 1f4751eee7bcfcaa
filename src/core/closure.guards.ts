import { ClosureError, closureError } from './closure.errors';
import { ActInputs, Actor, CardClaim } from './closure.events';
import { ClosureState } from './closure.state';
import { isStepId, Verb, VERB_DEFS } from './closure.steps';
import { closureWideVerbs, StepRegistry } from './step.module';

/**
 * The checks every user event passes before a step sees it. Each returns the refusal or undefined;
 * the order matters only for which message the admin gets, never for what is allowed.
 */

/** The actor may see this closure at all: a Global Admin (verified this turn) of this tenant. */
export function checkActor(state: ClosureState, actor: Actor): ClosureError | undefined {
  if (!actor.isGlobalAdmin) return closureError('notGlobalAdmin');
  if (actor.tenantId !== state.tenantId) return closureError('wrongTenant');
  return undefined;
}

export function checkOpen(state: ClosureState): ClosureError | undefined {
  if (state.status === 'cancelled') return closureError('closureCancelled', { closureId: state.closureId });
  if (state.status === 'completed') return closureError('closureCompleted', { closureId: state.closureId });
  return undefined;
}

/** Only the owner and the delegate act; every other Global Admin is told who owns the closure. */
export function checkOwner(state: ClosureState, actor: Actor): ClosureError | undefined {
  const allowed = [state.owner.aadObjectId, state.delegate?.aadObjectId];
  if (allowed.includes(actor.aadObjectId)) return undefined;
  return closureError('notOwner', { ownerName: state.owner.name, delegateName: state.delegate?.name ?? '' });
}

export function checkClosureId(state: ClosureState, card: CardClaim): ClosureError | undefined {
  return card.closureId === state.closureId ? undefined : closureError('foreignClosure');
}

/**
 * A card is only as current as its version: any accepted action or phase change since it was sent
 * makes it stale, so a double click or a replayed approval cannot act twice.
 */
export function checkCard(state: ClosureState, card: CardClaim): ClosureError | undefined {
  if (card.version !== state.version) return closureError('staleCard', { version: state.version });
  if (!isStepId(card.stepId) || card.stepId !== state.currentStep) return closureError('wrongStep', { stepId: state.currentStep });
  return undefined;
}

/** Verbs the current phase offers, including those the machine adds to every step. */
export function availableVerbs(steps: StepRegistry, state: ClosureState): Verb[] {
  if (state.status !== 'active') return [];
  const step = state.steps[state.currentStep];
  const module = steps[state.currentStep];
  const verbs = [...module.verbs(state)];
  if (step.error && step.status === 'active' && module.awaiting(state)) verbs.push('closure.retry');
  for (const wide of closureWideVerbs(steps)) if (wide.available(state)) verbs.push(wide.verb);
  verbs.push('closure.cancel');
  return verbs;
}

export function checkVerb(steps: StepRegistry, state: ClosureState, verb: Verb): ClosureError | undefined {
  if (availableVerbs(steps, state).includes(verb)) return undefined;
  return closureError('actionUnavailable', { verb, phase: state.steps[state.currentStep].phase });
}

export function checkInputs(state: ClosureState, verb: Verb, inputs: ActInputs): ClosureError | undefined {
  if (!VERB_DEFS[verb].typedDomain) return undefined;
  if (domainMatches(inputs.typedDomain, state.tenant.initialDomain)) return undefined;
  return closureError('domainMismatch');
}

/** Case-insensitive and trimmed: admins type domains as they remember them, not as Graph spells them. */
export function domainMatches(typed: string | undefined, initialDomain: string): boolean {
  return typed !== undefined && typed.trim().toLowerCase() === initialDomain.trim().toLowerCase();
}

export function firstError(...checks: Array<() => ClosureError | undefined>): ClosureError | undefined {
  for (const check of checks) {
    const error = check();
    if (error) return error;
  }
  return undefined;
}
