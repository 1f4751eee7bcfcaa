import { ActInputs, Actor, ApprovedSetRef, ClosureCommand, ClosureEvent, ClosureState, SystemEvent, TenantFacts, Verb } from '../../src/core';
import { decide } from '../../src/steps';

/**
 * Hand-written builders for core tests. States are reached by driving decide() with events, never
 * assembled by hand, so every fixture is a state the machine can actually be in.
 */

export const TENANT_ID = 'tenant-contoso';
export const CLOSURE_ID = 'closure-1';
export const T0 = '2025-03-01T10:00:00.000Z';

export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

export function actor(overrides: Partial<Actor> = {}): Actor {
  return { aadObjectId: 'admin-owner', name: 'Ada Owner', isGlobalAdmin: true, tenantId: TENANT_ID, ...overrides };
}

export const owner = actor();
export const otherAdmin = actor({ aadObjectId: 'admin-other', name: 'Otto Other' });
export const foreignAdmin = actor({ aadObjectId: 'admin-foreign', name: 'Fay Foreign', tenantId: 'tenant-fabrikam' });
export const demotedOwner = actor({ isGlobalAdmin: false });

export function tenantFacts(overrides: Partial<TenantFacts> = {}): TenantFacts {
  return { displayName: 'Contoso', initialDomain: 'contoso.onmicrosoft.com', syncEnabled: false, ...overrides };
}

export function startEvent(overrides: { actor?: Actor; closureId?: string; tenant?: Partial<TenantFacts> } = {}): ClosureEvent {
  return { type: 'start', actor: overrides.actor ?? owner, closureId: overrides.closureId ?? CLOSURE_ID, tenant: tenantFacts(overrides.tenant) };
}

/** A card click on the state's current card, as Teams would send it. */
export function click(state: ClosureState, verb: Verb, inputs?: ActInputs, who: Actor = owner): ClosureEvent {
  return { type: 'act', actor: who, card: { closureId: state.closureId, stepId: state.currentStep, version: state.version }, verb, inputs };
}

type SystemPayload = SystemEvent extends infer E ? (E extends SystemEvent ? Omit<E, 'closureId'> : never) : never;
/** A preview's result may leave out its approved set: `sys` fills in the one the current preview stores. */
type Payload = SystemPayload extends infer E ? (E extends { type: 'usersPreviewed' } ? Omit<E, 'approvedSet'> & { approvedSet?: ApprovedSetRef } : E) : never;

export function sys(state: ClosureState, payload: Payload): ClosureEvent {
  if (payload.type === 'usersPreviewed' && !payload.approvedSet) {
    const approvedSet = { id: `${state.closureId}.users.${state.steps.users.evidence.previewsTaken ?? 0}`, digest: 'f'.repeat(64), count: payload.toDelete };
    return { ...payload, approvedSet, closureId: state.closureId };
  }
  return { ...payload, closureId: state.closureId } as ClosureEvent;
}

export interface Step {
  state: ClosureState;
  commands: ClosureCommand[];
}

/** Applies an event that must be accepted; fails the test with the refusal otherwise. */
export function run(state: ClosureState | undefined, event: ClosureEvent, now = T0): Step {
  const decision = decide(state, event, now);
  if (!decision.ok) throw new Error(`refused ${event.type}: ${decision.error.code}`);
  return { state: decision.state, commands: decision.commands };
}

/** The audit entry a step asked the runner to write: decide() puts it first, before the step's own commands. */
export function auditEntryOf(step: Step): Extract<ClosureCommand, { type: 'audit' }>['entry'] | undefined {
  return step.commands.find((c): c is Extract<ClosureCommand, { type: 'audit' }> => c.type === 'audit')?.entry;
}

/** Commands other than audit, by type: what the runner must do. */
export function work(commands: ClosureCommand[]): string[] {
  return commands.filter((c) => c.type !== 'audit').map((c) => c.type);
}

export function find<T extends ClosureCommand['type']>(commands: ClosureCommand[], type: T): Extract<ClosureCommand, { type: T }> | undefined {
  return commands.find((c) => c.type === type) as Extract<ClosureCommand, { type: T }> | undefined;
}

export const DOMAIN = { typedDomain: 'contoso.onmicrosoft.com' };

/** The checks the admin confirms by hand at the final confirmation of NO_BLOCKERS (no Azure read, soft-deleted users present). */
export const CONFIRMABLE = ['softDeletedUsers', 'azureSubscriptions', 'selfServiceProducts', 'mfaProviders', 'unpaidInvoices'];
/** The final confirmation as the card sends it: the typed domain and every check ticked. */
export const FINAL = { ...DOMAIN, confirmedChecks: CONFIRMABLE };

// ---- states along the way ----

export function started(tenant: Partial<TenantFacts> = {}): ClosureState {
  return run(undefined, startEvent({ tenant })).state;
}

export function atBackupAck(tenant: Partial<TenantFacts> = {}): ClosureState {
  let s = started(tenant);
  s = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
  return run(s, sys(s, { type: 'backupExported', exportId: `${CLOSURE_ID}.backup`, rows: 42 })).state;
}

export function atUsersStart(tenant: Partial<TenantFacts> = {}): ClosureState {
  const s = atBackupAck(tenant);
  return run(s, click(s, 'closure.acknowledgeBackup')).state;
}

export const PREVIEW = {
  type: 'usersPreviewed' as const,
  toDelete: 41,
  sample: ['Alan', 'Grace', 'Linus'],
  kept: { id: 'admin-owner', displayName: 'Ada Owner' },
  recycleBin: 0,
  syncedUsers: 0,
};

export function atUsersApprove(): ClosureState {
  const s = atUsersStart();
  return run(s, sys(s, PREVIEW)).state;
}

export function deleting(): ClosureState {
  const s = atUsersApprove();
  return run(s, click(s, 'closure.deleteUsers', DOMAIN)).state;
}

export function jobId(state: ClosureState): string {
  if (!state.job) throw new Error('no job');
  return state.job.jobId;
}

export function atCancelSubscriptions(): ClosureState {
  let s = deleting();
  s = run(s, sys(s, { type: 'jobCompleted', jobId: jobId(s), total: 41, done: 41, failed: 0 })).state;
  return run(s, sys(s, { type: 'usersVerified', remaining: 0 })).state;
}

export function sub(status: string, sku = 'O365_BUSINESS_ESSENTIALS') {
  return { id: `sub-${sku}`, skuPartNumber: sku, status, isTrial: false, partnerManaged: false };
}

export function atDeleteSubscriptions(): ClosureState {
  const s = atCancelSubscriptions();
  return run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Suspended')] })).state;
}

export function atMfa(): ClosureState {
  const s = atDeleteSubscriptions();
  return run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Deleted')] })).state;
}

export const MFA_REPORT = {
  type: 'mfaRead' as const,
  usersWithMfa: 0,
  usersChecked: 0,
  securityDefaultsEnabled: true,
  caPolicies: [{ id: 'ca-1', displayName: 'Require MFA for admins', state: 'enabled' }],
};

export function atMfaReview(): ClosureState {
  const s = atMfa();
  return run(s, sys(s, MFA_REPORT)).state;
}

export function atDirectory(): ClosureState {
  const s = atMfaReview();
  return run(s, click(s, 'closure.continue')).state;
}

export const NO_BLOCKERS = {
  type: 'blockersRead' as const,
  remainingUsers: 0,
  softDeletedUsers: 41,
  subscriptionsNotDeprovisioned: 0,
  applications: 0,
  ownedServicePrincipals: 0,
  syncEnabled: false,
};

export function atConfirm(now = T0): ClosureState {
  const s = atDirectory();
  return run(s, sys(s, NO_BLOCKERS), now).state;
}
