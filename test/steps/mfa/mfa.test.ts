import { decide, viewOf } from '../../../src/steps';
import { atMfa, atMfaReview, click, find, MFA_REPORT, owner, run, sys, T0, work } from '../../support/closure-fixtures';

const verbs = (s: Parameters<typeof viewOf>[0]) => viewOf(s).actions.map((a) => a.verb);

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
