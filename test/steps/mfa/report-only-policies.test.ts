import { atMfa, click, find, MFA_REPORT, run, sys } from '../../support/closure-fixtures';
import { verbs } from '../../support/failed-reads';

describe('step 4 names every policy requiring MFA and acts only on enforced ones', () => {
  const REPORT = {
    ...MFA_REPORT,
    securityDefaultsEnabled: false,
    caPolicies: [
      { id: 'ca-1', displayName: 'Require MFA for admins', state: 'enabled', requires: 'mfaControl' as const },
      { id: 'ca-2', displayName: 'Phishing-resistant MFA for admins', state: 'enabled', requires: 'authenticationStrength' as const, strength: 'Phishing-resistant MFA' },
      { id: 'ca-3', displayName: 'Passwordless pilot', state: 'enabledForReportingButNotEnforced', requires: 'authenticationStrength' as const, strength: 'Passwordless MFA' },
    ],
  };

  it('keeps report-only policies on the card but never turns them off, even when a card names them', () => {
    const s = atMfa();
    const review = run(s, sys(s, REPORT)).state;
    expect(review.steps.mfa.phase).toBe('review');
    expect(review.steps.mfa.evidence.caPolicies).toHaveLength(3);
    expect(verbs(review)).toEqual(['closure.disableCaPolicies', 'closure.continue', 'closure.cancel']);
    const all = run(review, click(review, 'closure.disableCaPolicies'));
    expect(find(all.commands, 'disableCaPolicies')).toEqual({ type: 'disableCaPolicies', ids: ['ca-1', 'ca-2'] });
    const smuggled = run(review, click(review, 'closure.disableCaPolicies', { policyIds: ['ca-3'] }));
    expect(find(smuggled.commands, 'disableCaPolicies')).toEqual({ type: 'disableCaPolicies', ids: ['ca-1', 'ca-2'] });
  });

  it('with only report-only policies left, the step still stops to name them, and offers no policy change', () => {
    const s = atMfa();
    const review = run(s, sys(s, { ...REPORT, caPolicies: [REPORT.caPolicies[2]] })).state;
    expect(review.steps.mfa.phase).toBe('review');
    expect(verbs(review)).toEqual(['closure.continue', 'closure.cancel']);
  });
});
