import { decide, viewOf } from '../../../src/steps';
import { at, atConfirm, atDirectory, click, DOMAIN, find, NO_BLOCKERS, run, sys, T0, work, FINAL } from '../../support/closure-fixtures';

const verbs = (s: Parameters<typeof viewOf>[0]) => viewOf(s).actions.map((a) => a.verb);

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
