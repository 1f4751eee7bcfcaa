import { decide, viewOf } from '../../../src/steps';
import { at, atCancelSubscriptions, atDeleteSubscriptions, click, find, run, sub, sys, T0, work } from '../../support/closure-fixtures';

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
