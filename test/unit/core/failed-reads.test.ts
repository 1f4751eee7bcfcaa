import { viewOf } from '../../../src/steps';
import type { GraphErrorInfo } from '../../../src/core';
import { at, atCancelSubscriptions, atConfirm, atDirectory, atMfa, click, deleting, find, jobId, MFA_REPORT, run, sub, sys } from '../../support/closure-fixtures';

// "Restore deleted users" stays offered after step 1 on every card; beside the point here.
const verbs = (s: Parameters<typeof viewOf>[0]) =>
  viewOf(s)
    .actions.map((a) => a.verb)
    .filter((v) => v !== 'closure.restoreUsers');

const DENIED: GraphErrorInfo = {
  code: 'Authorization_RequestDenied',
  message: 'Insufficient privileges to complete the operation.',
  httpStatus: 403,
  kind: 'permission',
  request: 'GET /applications',
  permission: { verdict: 'scopeMissing', name: 'Application.ReadWrite.All', allowedBy: ['Application.Read.All', 'Application.ReadWrite.All'], declaredAllowing: ['Application.ReadWrite.All'] },
};
const THROTTLED: GraphErrorInfo = { code: 'TooManyRequests', message: 'Please retry again later.', httpStatus: 429, kind: 'transient', request: 'GET /users/$count' };

describe('a read that failed is unknown, never the previous answer and never "nothing left"', () => {
  it('step 5: a 403 while re-checking drops the old counts and "last checked", stops the final confirmation, and says what failed', () => {
    let s = atConfirm();
    expect(verbs(s)).toContain('closure.complete');
    s = run(s, click(s, 'closure.checkAgain'), at(5)).state;
    const step = run(s, sys(s, { type: 'commandFailed', command: 'readBlockers', error: DENIED }), at(6));
    const directory = step.state.steps.directory;
    expect(directory.evidence.blockers).toBeUndefined();
    expect(directory.evidence.checkedAt).toBeUndefined();
    expect(directory.status).toBe('active');
    expect(directory.error).toMatchObject({ kind: 'permission', request: 'GET /applications', permission: { verdict: 'scopeMissing', name: 'Application.ReadWrite.All' } });
    expect(verbs(step.state)).toEqual(['closure.retry', 'closure.cancel']);
    expect(viewOf(step.state).card.error).toMatchObject({ kind: 'permission', request: 'GET /applications' });
  });

  it('step 5 waiting on blockers: a permanent failure stops the periodic re-check (it would fail the same way) and offers a retry', () => {
    const s = atDirectory();
    const blocked = run(s, sys(s, { type: 'blockersRead', remainingUsers: 0, softDeletedUsers: 0, subscriptionsNotDeprovisioned: 1, applications: 0, ownedServicePrincipals: 0, syncEnabled: false })).state;
    expect(blocked.steps.directory.status).toBe('waiting');
    expect(blocked.recheck).toBeDefined();
    const step = run(blocked, sys(blocked, { type: 'commandFailed', command: 'readBlockers', error: DENIED }), at(1));
    expect(step.state.steps.directory.status).toBe('active');
    expect(step.state.recheck).toBeUndefined();
    expect(find(step.commands, 'scheduleRecheck')).toBeUndefined();
    expect(verbs(step.state)).toContain('closure.retry');
  });

  it('a transient failure of a waiting step keeps waiting and re-checks by itself, with the counts shown as unknown meanwhile', () => {
    let s = atCancelSubscriptions();
    s = run(s, sys(s, { type: 'subscriptionsRead', subscriptions: [sub('Enabled')] })).state;
    const step = run(s, sys(s, { type: 'commandFailed', command: 'readSubscriptions', error: THROTTLED }), at(15));
    expect(step.state.steps.cancelSubscriptions.status).toBe('waiting');
    expect(find(step.commands, 'scheduleRecheck')).toBeDefined();
    expect(step.state.steps.cancelSubscriptions.evidence).toMatchObject({ total: undefined, open: undefined, checkedAt: undefined });
  });

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

describe('the deletion job stopped by a permanent failure', () => {
  it('keeps the failure as the step error, so the card says what to do before resuming; resuming clears it', () => {
    const s = deleting();
    const failed = run(s, sys(s, { type: 'jobFailed', jobId: jobId(s), total: 10, done: 3, failed: 0, error: { ...DENIED, request: 'DELETE /users/u4' } })).state;
    expect(failed.steps.users).toMatchObject({ phase: 'jobFailed', error: { command: 'startUserDeletion', kind: 'permission', request: 'DELETE /users/u4' } });
    expect(viewOf(failed).card.error).toMatchObject({ kind: 'permission' });
    const resumed = run(failed, click(failed, 'closure.resumeJob')).state;
    expect(resumed.steps.users.error).toBeUndefined();
  });

  it('a transient failure (after the job’s own retries) is only the job’s last error, as before', () => {
    const s = deleting();
    const failed = run(s, sys(s, { type: 'jobFailed', jobId: jobId(s), total: 10, done: 3, failed: 0, error: THROTTLED })).state;
    expect(failed.steps.users.error).toBeUndefined();
    expect(failed.job?.lastError).toEqual({ code: 'TooManyRequests', message: 'Please retry again later.' });
  });
});

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
