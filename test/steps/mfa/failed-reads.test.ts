import { atMfa, click, MFA_REPORT, run, sys } from '../../support/closure-fixtures';
import { DENIED, verbs } from '../../support/failed-reads';

describe('a read that failed is unknown, never the previous answer and never "nothing left"', () => {
  it('step 4: a failed MFA read never offers "continue" (an unknown count is not zero)', () => {
    const s = atMfa();
    const step = run(s, sys(s, { type: 'commandFailed', command: 'readMfa', error: DENIED }));
    expect(step.state.steps.mfa.evidence.usersWithMfa).toBeUndefined();
    expect(verbs(step.state)).toEqual(['closure.retry', 'closure.cancel']);
    const retried = run(step.state, click(step.state, 'closure.retry')).state;
    const read = run(retried, sys(retried, MFA_REPORT)).state;
    expect(read.steps.mfa.error).toBeUndefined();
    expect(verbs(read)).toContain('closure.continue');
  });
});
