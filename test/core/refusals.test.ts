import { ClosureEvent, ClosureState } from '../../src/core';
import { decide } from '../../src/steps';
import { atConfirm, atUsersApprove, click, DOMAIN, demotedOwner, deleting, foreignAdmin, otherAdmin, owner, run, started, sys, T0, FINAL } from '../support/closure-fixtures';

/** Any attempt to mutate a frozen state throws, so a passing refusal proves the state was untouched. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const approve = (s: ClosureState, who = owner) => click(s, 'closure.deleteUsers', DOMAIN, who);
const claimed = (s: ClosureState, patch: Partial<{ closureId: string; stepId: string; version: number }>): ClosureEvent => ({
  type: 'act',
  actor: owner,
  verb: 'closure.deleteUsers',
  inputs: DOMAIN,
  card: { closureId: s.closureId, stepId: s.currentStep, version: s.version, ...patch },
});

function cancelled(): ClosureState {
  const s = atUsersApprove();
  return run(s, { type: 'cancel', actor: owner }).state;
}

function completed(): ClosureState {
  const s = atConfirm();
  return run(s, click(s, 'closure.complete', FINAL)).state;
}

type Case = [label: string, state: () => ClosureState | undefined, event: (s: ClosureState) => ClosureEvent, code: string, kind: 'user' | 'system'];

const cases: Case[] = [
  ['a demoted admin (no longer Global Admin), even the owner', atUsersApprove, (s) => approve(s, demotedOwner), 'notGlobalAdmin', 'user'],
  ['an admin of another tenant', atUsersApprove, (s) => approve(s, foreignAdmin), 'wrongTenant', 'user'],
  ['another Global Admin of the tenant', atUsersApprove, (s) => approve(s, otherAdmin), 'notOwner', 'user'],
  ['a card of another closure', atUsersApprove, (s) => claimed(s, { closureId: 'closure-old' }), 'foreignClosure', 'user'],
  ['a stale card (older version)', atUsersApprove, (s) => claimed(s, { version: s.version - 1 }), 'staleCard', 'user'],
  ['a card from the future (forged version)', atUsersApprove, (s) => claimed(s, { version: s.version + 5 }), 'staleCard', 'user'],
  ['a card of another step', atUsersApprove, (s) => claimed(s, { stepId: 'directory' }), 'wrongStep', 'user'],
  ['a card naming no step', atUsersApprove, (s) => claimed(s, { stepId: 'bogus' }), 'wrongStep', 'user'],
  ['a verb not offered in this phase', atUsersApprove, (s) => click(s, 'closure.complete', FINAL), 'actionUnavailable', 'user'],
  ['a wrong typed domain', atUsersApprove, (s) => click(s, 'closure.deleteUsers', { typedDomain: 'contoso.com' }), 'domainMismatch', 'user'],
  ['a click on a cancelled closure', cancelled, (s) => approve(s), 'closureCancelled', 'user'],
  ['a click on a completed closure', completed, (s) => click(s, 'closure.checkAgain'), 'closureCompleted', 'user'],
  ['"cancel" from another admin', atUsersApprove, () => ({ type: 'cancel', actor: otherAdmin }), 'notOwner', 'user'],
  ['"cancel" twice', cancelled, () => ({ type: 'cancel', actor: owner }), 'closureCancelled', 'user'],
  ['"status" from another tenant', atUsersApprove, () => ({ type: 'status', actor: foreignAdmin }), 'wrongTenant', 'user'],
  ['"status" from a non-admin', atUsersApprove, () => ({ type: 'status', actor: demotedOwner }), 'notGlobalAdmin', 'user'],
  ['"status" with no closure', () => undefined, () => ({ type: 'status', actor: owner }), 'noClosure', 'user'],
  [
    'a start by a non-admin',
    () => undefined,
    () => ({ type: 'start', actor: demotedOwner, closureId: 'c', tenant: { displayName: 'C', initialDomain: 'c.onmicrosoft.com', syncEnabled: false } }),
    'notGlobalAdmin',
    'user',
  ],
  ['a result for another closure', deleting, () => ({ type: 'usersVerified', remaining: 0, closureId: 'closure-old' }), 'foreignClosure', 'system'],
  ['a result after cancel', cancelled, (s) => sys(s, { type: 'usersPreviewed', toDelete: 1, sample: [], kept: { id: 'x', displayName: 'x' }, recycleBin: 0, syncedUsers: 0 }), 'closureCancelled', 'system'],
  ['a result the phase does not expect', atUsersApprove, (s) => sys(s, { type: 'usersVerified', remaining: 0 }), 'unexpectedEvent', 'system'],
  ['a timer nobody scheduled', atUsersApprove, (s) => sys(s, { type: 'recheckDue', stepId: 'users', attempt: 1 }), 'staleRecheck', 'system'],
  ['a handover to a non-admin', atUsersApprove, () => ({ type: 'handover', actor: owner, to: { ...otherAdmin, isGlobalAdmin: false } }), 'invalidHandover', 'user'],
  ['a handover to another tenant', atUsersApprove, () => ({ type: 'handover', actor: owner, to: foreignAdmin }), 'invalidHandover', 'user'],
  ['a handover to oneself', atUsersApprove, () => ({ type: 'handover', actor: owner, to: owner }), 'invalidHandover', 'user'],
  ['a handover by a non-owner', atUsersApprove, () => ({ type: 'handover', actor: otherAdmin, to: otherAdmin }), 'notOwner', 'user'],
  ['a handover once deletion started', deleting, () => ({ type: 'handover', actor: owner, to: otherAdmin }), 'actionUnavailable', 'user'],
];

describe('refusals change nothing', () => {
  it.each(cases)('%s → %s', (_label, makeState, makeEvent, code, kind) => {
    const state = makeState();
    if (state) deepFreeze(state);
    const decision = decide(state, makeEvent(state as ClosureState), T0);
    expect(decision).toEqual({ ok: false, error: expect.objectContaining({ code, kind, key: `closure.error.${code}` }) });
  });

  it('a replayed approval (the same click twice) is refused as stale', () => {
    const s = atUsersApprove();
    const event = approve(s);
    const first = run(s, event);
    expect(first.state.version).toBe(s.version + 1);
    expect(decide(deepFreeze(first.state), event, T0)).toMatchObject({ ok: false, error: { code: 'staleCard' } });
  });

  it('a non-owner is told who owns the closure', () => {
    const s = atUsersApprove();
    expect(decide(s, approve(s, otherAdmin), T0)).toMatchObject({ ok: false, error: { params: { ownerName: owner.name } } });
  });

  it('"status" by any Global Admin of the tenant is accepted and changes nothing', () => {
    const s = deepFreeze(started());
    const decision = decide(s, { type: 'status', actor: otherAdmin }, T0);
    expect(decision).toEqual({ ok: true, state: s, commands: [] });
  });
});
