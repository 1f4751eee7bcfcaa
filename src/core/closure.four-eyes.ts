import { closureError } from './closure.errors';
import { ActInputs, Actor, UserEvent } from './closure.events';
import type { SecondApprovalRequest } from './closure.four-eyes.state';
import { checkActor, firstError } from './closure.guards';
import { actingAdmin, ClosureState } from './closure.state';
import { Verb } from './closure.steps';
import { accept, StepOutcome } from './step.module';

export type { FourEyes, SecondApprovalRequest } from './closure.four-eyes.state';

/**
 * Four eyes: with two approvers, every action in which the bot itself writes to the tenant waits
 * for a second, different Global Administrator of the tenant. The acting admin's click records a
 * request (what exactly will happen, as they saw it); a second person approves or rejects it.
 * Identity comes from the caller's authenticated actor, never from card data.
 */

/** The card verbs whose commands write to the tenant (sync off, deletion, recycle bin, restore, MFA, policies, apps). */
export const TENANT_WRITE_VERBS: ReadonlySet<Verb> = new Set<Verb>([
  'closure.disableSync',
  'closure.deleteUsers',
  'closure.resumeJob',
  'closure.restoreUsers',
  'closure.disableUserMfa',
  'closure.disableSecurityDefaults',
  'closure.disableCaPolicies',
  'closure.purgeDeletedUsers',
  'closure.deleteApplications',
  'closure.deleteServicePrincipals',
]);

/** How long a request for a second approval stays open. */
export const SECOND_APPROVAL_VALID_MS = 60 * 60_000;

const REASON_LIMIT = 300;

type SecondApprovalEvent = Extract<UserEvent, { type: 'secondApproval' }>;

export function needsSecondApproval(state: ClosureState, verb: Verb): boolean {
  return state.approvers === 2 && TENANT_WRITE_VERBS.has(verb);
}

/** The acting admin asked for a tenant write: record the request instead of carrying it out. */
export function requestSecondApproval(state: ClosureState, actor: Actor, verb: Verb, inputs: ActInputs, now: string): StepOutcome {
  const evidence = state.steps[state.currentStep].evidence as Record<string, unknown>;
  const shown: SecondApprovalRequest['shown'] = {};
  for (const [key, value] of Object.entries(evidence)) {
    if (typeof value === 'number' || typeof value === 'boolean') shown[key] = value;
  }
  const request: SecondApprovalRequest = {
    id: `${state.closureId}.approval.${state.version + 1}`,
    verb,
    stepId: state.currentStep,
    inputs,
    requestedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
    requestedAt: now,
    expiresAt: new Date(Date.parse(now) + SECOND_APPROVAL_VALID_MS).toISOString(),
    atVersion: state.version + 1,
    shown,
  };
  const { lastRejection: _previous, ...rest } = state;
  return accept({ ...rest, pendingApproval: request });
}

/**
 * A second admin's answer. Refused unless it comes from a current Global Administrator of this
 * tenant who is neither the acting admin nor the one who asked, for the request still open, before
 * it expired and before anything changed the closure. Approved: the acting admin's action runs as
 * if clicked now. Rejected: the request is dropped and the reason kept for both admins to see.
 */
export function answerSecondApproval(state: ClosureState, event: SecondApprovalEvent, now: string, carryOut: (state: ClosureState, request: SecondApprovalRequest) => StepOutcome): StepOutcome {
  const request = state.pendingApproval;
  const refusal = firstError(
    () => checkActor(state, event.actor),
    () => (request && request.id === event.requestId ? undefined : closureError('approvalStale')),
    () => (event.actor.aadObjectId === actingAdmin(state).aadObjectId || event.actor.aadObjectId === request?.requestedBy.aadObjectId ? closureError('selfApproval') : undefined),
    () => (request && Date.parse(now) <= Date.parse(request.expiresAt) ? undefined : closureError('approvalExpired')),
    () => (request && request.atVersion === state.version && request.stepId === state.currentStep ? undefined : closureError('approvalStale')),
  );
  if (refusal || !request) return { ok: false, error: refusal ?? closureError('approvalStale') };
  const { pendingApproval: _answered, ...rest } = state;
  const by = { aadObjectId: event.actor.aadObjectId, name: event.actor.name };
  if (event.decision === 'reject') {
    const reason = (event.reason ?? '').trim().slice(0, REASON_LIMIT);
    return accept({ ...rest, lastRejection: { verb: request.verb, by, at: now, reason, requestedBy: request.requestedBy } });
  }
  return carryOut({ ...rest, lastSecondApproval: { verb: request.verb, by, at: now, requestedBy: request.requestedBy } }, request);
}
