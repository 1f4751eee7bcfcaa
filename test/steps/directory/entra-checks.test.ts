import { decide, viewOf } from '../../../src/steps';
import { entraChecks, readyToDelete } from '../../../src/steps/directory/entra-checks.rule';
import type { ClosureEvent, ClosureState } from '../../../src/core';
import { at, atConfirm, auditEntryOf, atDirectory, click, CONFIRMABLE, demotedOwner, FINAL, NO_BLOCKERS, otherAdmin, owner, run, sys, T0 } from '../../support/closure-fixtures';

const AZURE_CLEAR = { read: true as const, count: 0, names: [], states: {}, elevated: true };
const AZURE_UNSEEN = { read: true as const, count: 0, names: [], states: {}, elevated: false };
const AZURE_PRESENT = { read: true as const, count: 2, names: ['Pay-As-You-Go', 'Dev/Test'], states: { Enabled: 1, Disabled: 1 }, elevated: false };

function reported(patch: Partial<typeof NO_BLOCKERS> & { azure?: unknown }): ClosureState {
  const s = atDirectory();
  return run(s, sys(s, { ...NO_BLOCKERS, ...patch } as typeof NO_BLOCKERS)).state;
}

const stateOf = (s: ClosureState, id: string) => entraChecks(s.steps.directory.evidence).find((c) => c.id === id);

describe("Step 5: every check of Entra's Delete tenant in one of three states", () => {
  it('lists every check, each verified clear, blocked, may block, or one the bot cannot see', () => {
    const s = reported({ softDeletedUsers: 3, applications: 1, azure: AZURE_CLEAR });
    const checks = entraChecks(s.steps.directory.evidence);
    expect(checks.map((c) => [c.id, c.state])).toEqual([
      ['users', 'clear'],
      ['directorySync', 'clear'],
      ['applications', 'blocked'],
      ['servicePrincipals', 'clear'],
      ['softDeletedUsers', 'mayBlock'],
      ['m365Subscriptions', 'clear'],
      ['azureSubscriptions', 'clear'],
      ['selfServiceProducts', 'cannotSee'],
      ['mfaProviders', 'cannotSee'],
      ['unpaidInvoices', 'cannotSee'],
    ]);
    // Every check that is not clear says where it is fixed or looked at.
    for (const c of checks) expect(c.link).toMatch(/^(adminCenter|entra|azure)\./);
  });

  it.each([
    ['ARM read, elevated access, no subscription', AZURE_CLEAR, 'clear', undefined],
    ['ARM read, no elevated access, none visible', AZURE_UNSEEN, 'cannotSee', 'notElevated'],
    ['ARM read, subscriptions present', AZURE_PRESENT, 'blocked', undefined],
    ['no consent for ARM', { read: false, reason: 'noConsent' }, 'cannotSee', 'noConsent'],
    ['ARM refused the token (401/403)', { read: false, reason: 'refused', status: 403 }, 'cannotSee', 'refused'],
    ['ARM failed', { read: false, reason: 'failed', status: 503 }, 'cannotSee', 'failed'],
    ['not read at all', undefined, 'cannotSee', 'noConsent'],
  ])('Azure subscriptions: %s → %s', (_label, azure, state, reason) => {
    const s = reported({ azure });
    expect(stateOf(s, 'azureSubscriptions')).toMatchObject({ state, ...(reason ? { reason } : {}) });
  });

  it('Azure subscriptions present block the step, with their count, names and states', () => {
    const s = reported({ azure: AZURE_PRESENT });
    expect(s.steps.directory.phase).toBe('blocked');
    expect(stateOf(s, 'azureSubscriptions')).toMatchObject({ state: 'blocked', count: 2, names: ['Pay-As-You-Go', 'Dev/Test'], states: { Enabled: 1, Disabled: 1 }, link: 'azure.subscriptions' });
    expect(decide(s, click(s, 'closure.complete', FINAL), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });

  it('"Ready to delete" never holds while a check is blocked, unknown or unconfirmed, and holds once every one is clear or confirmed', () => {
    expect(readyToDelete([])).toBe(false); // no current report: unknown
    const blocked = reported({ azure: AZURE_PRESENT });
    expect(readyToDelete(entraChecks(blocked.steps.directory.evidence))).toBe(false);
    const open = reported({ softDeletedUsers: 0, azure: AZURE_CLEAR });
    expect(readyToDelete(entraChecks(open.steps.directory.evidence))).toBe(false);
    expect(viewOf(open).card.readyToDelete).toBe(false);
    const done = run(open, click(open, 'closure.complete', { ...FINAL, confirmedChecks: ['selfServiceProducts', 'mfaProviders', 'unpaidInvoices'] })).state;
    expect(readyToDelete(entraChecks(done.steps.directory.evidence))).toBe(true);
    expect(viewOf(done).card.readyToDelete).toBe(true);
    expect(done.status).toBe('completed');
  });

  it("records each confirmation as the admin's (who, when), never as verified, in the state and the audit log", () => {
    const s = atConfirm();
    const event = click(s, 'closure.complete', FINAL);
    const step = run(s, event, at(2));
    const confirmations = step.state.steps.directory.evidence.confirmations ?? {};
    expect(Object.keys(confirmations).sort()).toEqual([...CONFIRMABLE].sort());
    for (const id of CONFIRMABLE) expect(confirmations[id as keyof typeof confirmations]).toEqual({ by: { aadObjectId: owner.aadObjectId, name: owner.name }, at: at(2) });
    // The check keeps its state (cannot see, may block): the confirmation is beside it, not a "clear".
    expect(stateOf(step.state, 'mfaProviders')).toMatchObject({ state: 'cannotSee', confirmed: { by: { aadObjectId: owner.aadObjectId } } });
    const entry = auditEntryOf(step);
    expect(entry).toMatchObject({ action: 'closure.complete', actor: { aadObjectId: owner.aadObjectId }, at: at(2), detail: { confirmedChecks: CONFIRMABLE.join(',') } });
  });

  const refused: Array<[string, (s: ClosureState) => ClosureEvent, string]> = [
    ['a check left unticked', (s) => click(s, 'closure.complete', { ...FINAL, confirmedChecks: CONFIRMABLE.slice(1) }), 'checksUnconfirmed'],
    ['no tick at all', (s) => click(s, 'closure.complete', { typedDomain: FINAL.typedDomain }), 'checksUnconfirmed'],
    ['a verified check ticked (forged card data)', (s) => click(s, 'closure.complete', { ...FINAL, confirmedChecks: [...CONFIRMABLE, 'users'] }), 'checkNotConfirmable'],
    ['an unknown check ticked (forged card data)', (s) => click(s, 'closure.complete', { ...FINAL, confirmedChecks: [...CONFIRMABLE, 'everythingFine'] }), 'checkNotConfirmable'],
    ['a stale card', (s) => ({ ...(click(s, 'closure.complete', FINAL) as Extract<ClosureEvent, { type: 'act' }>), card: { closureId: s.closureId, stepId: s.currentStep, version: s.version - 1 } }), 'staleCard'],
    ['another Global Administrator', (s) => click(s, 'closure.complete', FINAL, otherAdmin), 'notOwner'],
    ['a demoted admin', (s) => click(s, 'closure.complete', FINAL, demotedOwner), 'notGlobalAdmin'],
  ];
  it.each(refused)('the server refuses %s, and nothing changes', (_label, make, code) => {
    const s = atConfirm();
    const decision = decide(s, make(s), T0);
    expect(decision).toMatchObject({ ok: false, error: { code } });
    expect(s.steps.directory.evidence.confirmations).toBeUndefined();
    expect(s.status).toBe('active');
  });

  it('a confirmation applies only while the check still needs one: a blocked check is never "confirmed"', () => {
    const s = atConfirm();
    const withConfirmation: ClosureState = { ...s, steps: { ...s.steps, directory: { ...s.steps.directory, evidence: { ...s.steps.directory.evidence, confirmations: { azureSubscriptions: { by: owner, at: T0 } } } } } };
    const rereported = run(withConfirmation, sys(withConfirmation, { ...NO_BLOCKERS, azure: AZURE_PRESENT })).state;
    expect(stateOf(rereported, 'azureSubscriptions')).toMatchObject({ state: 'blocked' });
    expect(stateOf(rereported, 'azureSubscriptions')?.confirmed).toBeUndefined();
  });
});
