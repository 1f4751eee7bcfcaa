import { at, atCancelSubscriptions, find, run, sub, sys } from '../../support/closure-fixtures';
import { THROTTLED } from '../../support/failed-reads';

describe('a read that failed is unknown, never the previous answer and never "nothing left"', () => {
  it('a transient failure of a waiting step keeps waiting and re-checks by itself, with the counts shown as unknown meanwhile', () => {
    let s = atCancelSubscriptions();
    s = run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Enabled')] })).state;
    const step = run(s, sys(s, { type: 'commandFailed', command: 'readSubscriptions', error: THROTTLED }), at(15));
    expect(step.state.steps.cancelSubscriptions.status).toBe('waiting');
    expect(find(step.commands, 'scheduleRecheck')).toBeDefined();
    expect(step.state.steps.cancelSubscriptions.evidence).toMatchObject({ total: undefined, open: undefined, checkedAt: undefined });
  });
});
