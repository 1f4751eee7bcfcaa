import { AuditEntry } from './closure.commands';
import { ClosureEvent, isUserEvent } from './closure.events';
import { ClosureState, StepStates } from './closure.state';
import { STEP_IDS, VERB_DEFS } from './closure.steps';

/**
 * Everything a card can offer depends on these fields. The version moves when they change, and
 * only then (besides user actions), so job progress never makes the admin's card stale.
 */
export function offerShape(state: ClosureState): string {
  const steps = STEP_IDS.map((id) => {
    const s: StepStates[typeof id] = state.steps[id];
    return `${id}:${s.status}:${s.phase}:${s.error ? 'error' : ''}`;
  });
  return [state.status, state.currentStep, state.delegate?.aadObjectId ?? '', state.job?.status ?? '', ...steps].join('|');
}

/** Events that leave no audit entry: plain reads of the state, and job progress (the checkpoint is the record). */
const UNAUDITED = new Set(['status', 'jobProgress', 'recheckDue']);

export function isAudited(event: ClosureEvent): boolean {
  return !UNAUDITED.has(event.type);
}

/**
 * The audit entry for an accepted event: who did what and what Graph answered. Arrays are reduced
 * to their length, so names from a preview or a subscription list never reach the log.
 */
export function auditEntry(before: ClosureState | undefined, after: ClosureState, event: ClosureEvent, now: string): AuditEntry {
  const base = {
    at: now,
    closureId: after.closureId,
    tenantId: after.tenantId,
    stepId: before?.currentStep ?? after.currentStep,
    version: after.version,
  };
  if (isUserEvent(event)) {
    const actor = { aadObjectId: event.actor.aadObjectId, name: event.actor.name };
    if (event.type === 'act') {
      const detail: AuditEntry['detail'] = { cardVersion: event.card.version, approval: VERB_DEFS[event.verb].approval };
      if (event.inputs?.typedDomain !== undefined) detail.typedDomainMatched = true;
      if (event.inputs?.policyIds) detail.policyIds = event.inputs.policyIds.length;
      // Which checks the admin confirmed by hand, by id: their word, recorded as theirs.
      if (event.inputs?.confirmedChecks?.length) detail.confirmedChecks = event.inputs.confirmedChecks.join(',');
      return { ...base, action: event.verb, actor, detail };
    }
    if (event.type === 'secondApproval') {
      const request = before?.pendingApproval;
      const detail: AuditEntry['detail'] = { decision: event.decision, requestId: event.requestId };
      if (request) Object.assign(detail, { verb: request.verb, requestedBy: request.requestedBy.aadObjectId, requestedAt: request.requestedAt });
      if (event.decision === 'reject') detail.reason = (event.reason ?? '').trim().slice(0, 300);
      return { ...base, action: 'secondApproval', actor, detail };
    }
    if (event.type === 'handover') return { ...base, action: 'handover', actor, detail: { to: event.to.aadObjectId, toName: event.to.name } };
    return { ...base, action: event.type, actor, detail: event.type === 'start' ? { initialDomain: event.tenant.initialDomain } : {} };
  }
  return { ...base, action: event.type, detail: flatten(event) };
}

function flatten(event: object): AuditEntry['detail'] {
  const detail: AuditEntry['detail'] = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'type' || key === 'closureId' || value === undefined) continue;
    if (Array.isArray(value)) detail[key] = value.length;
    else if (typeof value === 'object' && value !== null) Object.assign(detail, prefixed(key, value as Record<string, unknown>));
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') detail[key] = value;
  }
  return detail;
}

function prefixed(prefix: string, value: Record<string, unknown>): AuditEntry['detail'] {
  const out: AuditEntry['detail'] = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') out[`${prefix}.${key}`] = inner;
  }
  return out;
}
