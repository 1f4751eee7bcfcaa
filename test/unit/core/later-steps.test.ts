import { decide, viewOf } from '../../../src/core';
import { at, atCancelSubscriptions, atConfirm, atDeleteSubscriptions, atDirectory, atMfa, atMfaReview, click, DOMAIN, find, MFA_REPORT, NO_BLOCKERS, owner, run, sub, sys, T0, work, FINAL } from './fixtures';

const verbs = (s: Parameters<typeof viewOf>[0]) => viewOf(s).actions.map((a) => a.verb);

describe('cancelSubscriptions (step 2) and deleteSubscriptions (step 3)', () => {
  it('step 2 waits while a subscription is Enabled, re-checks with backoff, and completes when none is', () => {
    let s = atCancelSubscriptions();
    expect(s.steps.cancelSubscriptions).toMatchObject({ status: 'running', phase: 'checking' });
    let step = run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Enabled'), sub('Warning', 'POWER_BI_PRO')] }));
    s = step.state;
    expect(s.steps.cancelSubscriptions).toMatchObject({
      status: 'waiting',
      phase: 'waiting',
      evidence: { total: 2, open: 1, byStatus: { Enabled: 1, Warning: 1 }, checkedAt: T0 },
    });
    expect(find(step.commands, 'scheduleRecheck')).toEqual({ type: 'scheduleRecheck', stepId: 'cancelSubscriptions', afterMs: 15 * 60_000, attempt: 1 });
    expect(viewOf(s).card.links).toEqual(['adminCenter.yourProducts']);
    // Only the admin can cancel a subscription: the card must not say it waits for Microsoft.
    expect(viewOf(s).card.waitingFor).toBe('admin');

    step = run(s, sys(s, { type: 'recheckDue', stepId: 'cancelSubscriptions', attempt: 1 }), at(15));
    expect(work(step.commands)).toEqual(['readSubscriptions']);
    s = step.state;
    step = run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Enabled')] }), at(15));
    expect(find(step.commands, 'scheduleRecheck')).toMatchObject({ afterMs: 30 * 60_000, attempt: 2 });
    s = step.state;

    step = run(s, click(s, 'closure.checkAgain'), at(20));
    expect(work(step.commands)).toEqual(['readSubscriptions']);
    s = step.state;
    step = run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Suspended')] }), at(21));
    expect(step.state.steps.cancelSubscriptions).toMatchObject({ status: 'done', evidence: { open: 0 } });
    expect(step.state.currentStep).toBe('deleteSubscriptions');
    expect(step.state.recheck).toBeUndefined();
    expect(work(step.commands)).toEqual(['notify', 'readSubscriptions']);
    expect(find(step.commands, 'notify')).toMatchObject({ kind: 'stepCompleted', params: { stepId: 'cancelSubscriptions' } });
  });

  it('keeps at most 20 subscriptions on the card but counts them all', () => {
    const s = atCancelSubscriptions();
    const many = Array.from({ length: 30 }, (_, i) => sub('Enabled', `SKU${i}`));
    const { state } = run(s, sys(s, { type: 'subscriptionsRead', subscriptions: many }));
    expect(state.steps.cancelSubscriptions.evidence).toMatchObject({ total: 30, open: 30 });
    expect(state.steps.cancelSubscriptions.evidence.items).toHaveLength(20);
  });

  it.each([
    ['Suspended', [sub('Suspended')], false],
    ['LockedOut', [sub('LockedOut')], false],
    ['Deleted', [sub('Deleted')], true],
    ['gone from the list', [], true],
  ])('step 3 with a subscription %s: satisfied = %s', (_label, subscriptions, satisfied) => {
    const s = atDeleteSubscriptions();
    const { state } = run(s, sys(s, { type: 'subscriptionsRead', subscriptions }));
    expect(state.currentStep).toBe(satisfied ? 'mfa' : 'deleteSubscriptions');
  });

  it('"check again" is refused while the first read is in flight', () => {
    const s = atCancelSubscriptions();
    expect(decide(s, click(s, 'closure.checkAgain'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });
});

describe('mfa (step 4)', () => {
  it('reads the report for everyone but the acting admin', () => {
    const s = atMfa();
    expect(s.steps.mfa).toMatchObject({ status: 'running', phase: 'reading' });
  });

  it('nothing left to turn off completes the step by itself', () => {
    const s = atMfa();
    const { state } = run(s, sys(s, { ...MFA_REPORT, securityDefaultsEnabled: false, caPolicies: [] }));
    expect(state.currentStep).toBe('directory');
  });

  it('offers each switch-off with approval; per-user MFA must be off before continuing', () => {
    const s = atMfa();
    const { state } = run(s, sys(s, { ...MFA_REPORT, usersWithMfa: 3 }));
    expect(verbs(state)).toEqual(['closure.disableUserMfa', 'closure.disableSecurityDefaults', 'closure.disableCaPolicies', 'closure.restoreUsers', 'closure.cancel']);
    expect(decide(state, click(state, 'closure.continue'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });

  it('disable per-user MFA → verify by reading again', () => {
    let s = atMfa();
    s = run(s, sys(s, { ...MFA_REPORT, usersWithMfa: 3, securityDefaultsEnabled: false, caPolicies: [] })).state;
    let step = run(s, click(s, 'closure.disableUserMfa'));
    expect(find(step.commands, 'disableUserMfa')).toEqual({ type: 'disableUserMfa', keepUserId: owner.aadObjectId });
    s = step.state;
    step = run(s, sys(s, { type: 'mfaDisabled', changed: 3, failed: 0 }));
    expect(work(step.commands)).toEqual(['readMfa']);
    expect(step.state.steps.mfa.evidence.lastChange).toEqual({ what: 'userMfa', changed: 3, failed: 0 });
    s = step.state;
    step = run(s, sys(s, { ...MFA_REPORT, securityDefaultsEnabled: false, caPolicies: [] }));
    expect(step.state.steps.mfa.status).toBe('done');
  });

  it('CA policies: only ids the report named are sent', () => {
    const s = atMfaReview();
    const step = run(s, click(s, 'closure.disableCaPolicies', { policyIds: ['ca-1', 'ca-smuggled'] }));
    expect(find(step.commands, 'disableCaPolicies')).toEqual({ type: 'disableCaPolicies', ids: ['ca-1'] });
  });

  it('a failed security-defaults switch-off offers a retry of the same command', () => {
    let s = atMfaReview();
    s = run(s, click(s, 'closure.disableSecurityDefaults')).state;
    s = run(s, sys(s, { type: 'commandFailed', command: 'disableSecurityDefaults', error: { code: 'Authorization_RequestDenied', message: 'no', httpStatus: 403 } })).state;
    expect(verbs(s)).toContain('closure.retry');
    const step = run(s, click(s, 'closure.retry'));
    expect(work(step.commands)).toEqual(['disableSecurityDefaults']);
    const done = run(step.state, sys(step.state, { type: 'securityDefaultsDisabled' }));
    expect(work(done.commands)).toEqual(['readMfa']);
  });

  it('continue keeps security defaults and CA policies on, and is audited as an approval', () => {
    const s = atMfaReview();
    const step = run(s, click(s, 'closure.continue'));
    expect(step.state.currentStep).toBe('directory');
    expect(find(step.commands, 'audit')?.entry).toMatchObject({ action: 'closure.continue', stepId: 'mfa' });
  });
});

describe('directory (step 5)', () => {
  const blockers = { ...NO_BLOCKERS, softDeletedUsers: 0, applications: 2, ownedServicePrincipals: 1, subscriptionsNotDeprovisioned: 1 };

  it('reports blockers, waits with re-checks, and offers removals with approval', () => {
    const s = atDirectory();
    const step = run(s, sys(s, blockers));
    expect(step.state.steps.directory).toMatchObject({ status: 'waiting', phase: 'blocked', evidence: { blockers: { applications: 2 } } });
    expect(work(step.commands)).toEqual(['scheduleRecheck']);
    expect(viewOf(step.state).card.waitingFor).toBe('admin');
    expect(viewOf(s).card.waitingFor).toBeUndefined();
    expect(verbs(step.state)).toEqual(['closure.deleteApplications', 'closure.deleteServicePrincipals', 'closure.checkAgain', 'closure.cancel']);
    expect(
      viewOf(step.state)
        .card.entraChecks.filter((c) => c.state === 'cannotSee')
        .map((c) => c.id),
    ).toEqual(['azureSubscriptions', 'selfServiceProducts', 'mfaProviders', 'unpaidInvoices']);
    expect(viewOf(step.state).card.readyToDelete).toBe(false);
  });

  it.each([
    ['closure.deleteApplications', 'deleteApplications', 'applicationsDeleted'],
    ['closure.deleteServicePrincipals', 'deleteServicePrincipals', 'servicePrincipalsDeleted'],
  ] as const)('%s runs %s, then reads the blockers again', (verb, command, result) => {
    let s = atDirectory();
    s = run(s, sys(s, blockers)).state;
    const step = run(s, click(s, verb));
    expect(work(step.commands)).toEqual([command]);
    expect(step.state.recheck).toBeUndefined();
    s = step.state;
    const after = run(s, sys(s, { type: result, removed: 2, failed: 0 }));
    expect(work(after.commands)).toEqual(['readBlockers']);
    expect(after.state.steps.directory.phase).toBe('reading');
  });

  it('soft-deleted users never block, but may be purged', () => {
    const s = atConfirm();
    expect(s.steps.directory).toMatchObject({ status: 'active', phase: 'confirm' });
    expect(verbs(s)).toEqual(['closure.complete', 'closure.purgeDeletedUsers', 'closure.checkAgain', 'closure.cancel']);
    const step = run(s, click(s, 'closure.purgeDeletedUsers', DOMAIN));
    expect(work(step.commands)).toEqual(['purgeDeletedUsers']);
  });

  it('emptying the recycle bin ends the 30-day restore: the server refuses it without the typed initial domain', () => {
    const s = atConfirm();
    for (const inputs of [undefined, {}, { typedDomain: 'fabrikam.onmicrosoft.com' }]) {
      const refused = decide(s, click(s, 'closure.purgeDeletedUsers', inputs), T0);
      expect(refused).toMatchObject({ ok: false, error: { code: 'domainMismatch' } });
    }
  });

  it.each([
    ['sync still on', { syncEnabled: true }],
    ['a user besides the admin', { remainingUsers: 1 }],
    ['a subscription not deprovisioned', { subscriptionsNotDeprovisioned: 1 }],
  ])('%s blocks the final confirmation', (_label, patch) => {
    const s = atDirectory();
    const { state } = run(s, sys(s, { ...NO_BLOCKERS, ...patch }));
    expect(state.steps.directory.phase).toBe('blocked');
    expect(decide(state, click(state, 'closure.complete', DOMAIN), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });

  it('the final confirmation needs the initial domain and a recent blocker report', () => {
    const s = atConfirm();
    expect(decide(s, click(s, 'closure.complete', { typedDomain: 'contoso' }), T0)).toMatchObject({ ok: false, error: { code: 'domainMismatch' } });
    expect(decide(s, click(s, 'closure.complete', DOMAIN), at(16))).toMatchObject({ ok: false, error: { code: 'blockersOutdated' } });
  });

  it('completes the closure with a summary', () => {
    const s = atConfirm();
    const step = run(s, click(s, 'closure.complete', FINAL), at(1));
    expect(step.state).toMatchObject({ status: 'completed', endedAt: at(1) });
    expect(step.state.steps.directory.status).toBe('done');
    expect(find(step.commands, 'notify')).toMatchObject({
      kind: 'closureCompleted',
      params: { initialDomain: 'contoso.onmicrosoft.com', usersAtStart: 42, usersDeleted: 41, completedAt: at(1) },
    });
    expect(viewOf(step.state).actions).toEqual([]);
    expect(viewOf(step.state).card.summary).toMatchObject({ usersDeleted: 41 });
  });
});

describe('directory (step 5): users appeared after step 1', () => {
  it('offers to go back to step 1, which previews again and needs a new typed approval', () => {
    const s = atDirectory();
    const blocked = run(s, sys(s, { ...NO_BLOCKERS, remainingUsers: 3 })).state;
    expect(verbs(blocked)).toContain('closure.backToUsers');
    const back = run(blocked, click(blocked, 'closure.backToUsers'));
    expect(back.state.currentStep).toBe('users');
    expect(back.state.steps.users).toMatchObject({ status: 'running', phase: 'previewing' });
    expect(back.state.steps.directory).toMatchObject({ status: 'locked', phase: 'pending' });
    expect(back.state.recheck).toBeUndefined();
    expect(work(back.commands)).toEqual(['previewUsers']);
    expect(find(back.commands, 'audit')?.entry).toMatchObject({ action: 'closure.backToUsers' });
    expect(back.state.version).toBeGreaterThan(blocked.version);
  });

  it('does not offer it when no user is left besides the admin', () => {
    const s = atDirectory();
    expect(verbs(run(s, sys(s, { ...NO_BLOCKERS, applications: 1 })).state)).not.toContain('closure.backToUsers');
  });
});
