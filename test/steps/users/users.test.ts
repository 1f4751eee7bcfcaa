import { decide, viewOf } from '../../../src/steps';
import { atUsersApprove, atUsersStart, click, deleting, DOMAIN, find, jobId, owner, PREVIEW, run, sys, T0, at, work } from '../../support/closure-fixtures';

const verbs = (s: Parameters<typeof viewOf>[0]) => viewOf(s).actions.map((a) => a.verb);

describe('users (step 1): preview and approval', () => {
  it('a preview asks for approval with the sample, the kept admin and the recycle bin', () => {
    const s = atUsersStart();
    const { state } = run(s, sys(s, { ...PREVIEW, sample: Array.from({ length: 25 }, (_, i) => `User ${i}`) }));
    expect(state.steps.users).toMatchObject({ status: 'active', phase: 'approve', evidence: { toDelete: 41, kept: PREVIEW.kept, recycleBin: 0 } });
    // The state never grows with the number of users: at most ten names.
    expect(state.steps.users.evidence.sample).toHaveLength(10);
    expect(viewOf(state).actions.find((a) => a.verb === 'closure.deleteUsers')).toMatchObject({ input: 'initialDomain', style: 'destructive' });
  });

  it.each([
    ['exact', 'contoso.onmicrosoft.com'],
    ['other case and spaces', '  Contoso.OnMicrosoft.COM '],
  ])('approval with the typed initial domain (%s) starts the background job', (_label, typedDomain) => {
    const s = atUsersApprove();
    const { state, commands } = run(s, click(s, 'closure.deleteUsers', { typedDomain }));
    const job = `${s.closureId}.delete-users.1`;
    const approvedSet = s.steps.users.evidence.approvedSet;
    expect(approvedSet).toMatchObject({ id: `${s.closureId}.users.1`, count: 41 });
    expect(find(commands, 'startUserDeletion')).toEqual({ type: 'startUserDeletion', jobId: job, keepUserId: owner.aadObjectId, approvedSet });
    expect(state.job).toEqual({ jobId: job, approvedSet, status: 'running', total: 41, done: 0, failed: 0, updatedAt: T0, runningSince: T0, doneAtRunningSince: 0 });
    expect(state.steps.users).toMatchObject({ status: 'running', phase: 'deleting' });
    expect(find(commands, 'audit')?.entry).toMatchObject({ action: 'closure.deleteUsers', actor: { aadObjectId: owner.aadObjectId }, detail: { typedDomainMatched: true } });
  });

  it.each([
    ['another domain', 'fabrikam.onmicrosoft.com'],
    ['the display name', 'Contoso'],
    ['nothing', undefined],
  ])('approval with %s is refused and changes nothing', (_label, typedDomain) => {
    const s = atUsersApprove();
    expect(decide(s, click(s, 'closure.deleteUsers', { typedDomain }), T0)).toMatchObject({ ok: false, error: { code: 'domainMismatch', kind: 'user' } });
  });

  it('nothing to delete goes straight to verification', () => {
    const s = atUsersStart();
    const step = run(s, sys(s, { ...PREVIEW, toDelete: 0, sample: [] }));
    expect(step.state.steps.users.phase).toBe('verifying');
    expect(work(step.commands)).toEqual(['verifyUsers']);
  });
});

describe('users (step 1): synced tenant', () => {
  it('turn sync off → wait and re-check with backoff → preview once sync is off', () => {
    let s = atUsersStart({ syncEnabled: true });
    expect(s.steps.users).toMatchObject({ status: 'active', phase: 'syncOff' });
    expect(verbs(s)).toEqual(['closure.disableSync', 'closure.cancel']);

    let step = run(s, click(s, 'closure.disableSync'));
    expect(work(step.commands)).toEqual(['disableSync']);
    s = step.state;

    step = run(s, sys(s, { type: 'syncDisableRequested' }));
    s = step.state;
    expect(s.steps.users).toMatchObject({ status: 'waiting', phase: 'syncWaiting', evidence: { syncOffRequestedAt: T0 } });
    // Turning sync off takes Microsoft time to propagate: nothing for the admin to do.
    expect(viewOf(s).card.waitingFor).toBe('microsoft');
    expect(find(step.commands, 'scheduleRecheck')).toEqual({ type: 'scheduleRecheck', stepId: 'users', afterMs: 5 * 60_000, attempt: 1 });

    step = run(s, sys(s, { type: 'recheckDue', stepId: 'users', attempt: 1 }), at(5));
    expect(work(step.commands)).toEqual(['readSync']);
    s = step.state;

    step = run(s, sys(s, { type: 'syncChecked', syncEnabled: true }), at(5));
    expect(find(step.commands, 'scheduleRecheck')).toMatchObject({ afterMs: 10 * 60_000, attempt: 2 });
    s = step.state;
    // The first timer was superseded.
    expect(decide(s, sys(s, { type: 'recheckDue', stepId: 'users', attempt: 1 }), at(6))).toMatchObject({ ok: false, error: { code: 'staleRecheck' } });

    // "check again" reads now; the answer unblocks the step.
    step = run(s, click(s, 'closure.checkAgain'), at(7));
    expect(work(step.commands)).toEqual(['readSync']);
    s = step.state;
    step = run(s, sys(s, { type: 'syncChecked', syncEnabled: false }), at(8));
    expect(step.state.tenant.syncEnabled).toBe(false);
    expect(step.state.recheck).toBeUndefined();
    expect(step.state.steps.users).toMatchObject({ status: 'running', phase: 'previewing' });
    expect(work(step.commands)).toEqual(['previewUsers', 'notify']);
    expect(find(step.commands, 'notify')).toMatchObject({ kind: 'stepUnblocked', params: { stepId: 'users', reason: 'syncOff' } });
  });

  it('users still mastered on-premises keep the step waiting', () => {
    const s = atUsersStart();
    const step = run(s, sys(s, { ...PREVIEW, syncedUsers: 3 }));
    expect(step.state.steps.users).toMatchObject({ status: 'waiting', phase: 'syncWaiting' });
    expect(work(step.commands)).toEqual(['scheduleRecheck']);
  });

  it('a failed re-check keeps waiting and schedules the next one', () => {
    let s = atUsersStart({ syncEnabled: true });
    s = run(s, click(s, 'closure.disableSync')).state;
    s = run(s, sys(s, { type: 'syncDisableRequested' })).state;
    const step = run(s, sys(s, { type: 'commandFailed', command: 'readSync', error: { code: 'ServiceUnavailable', message: 'busy', httpStatus: 503 } }));
    expect(step.state.steps.users).toMatchObject({ status: 'waiting', phase: 'syncWaiting', error: { code: 'ServiceUnavailable' } });
    expect(step.state.version).toBe(s.version + 1);
    expect(find(step.commands, 'scheduleRecheck')).toMatchObject({ attempt: 2 });
  });
});

describe('users (step 1): the deletion job', () => {
  const progress = (s: ReturnType<typeof deleting>, done: number, failed = 0, cursor = `c${done}`) => sys(s, { type: 'jobProgress', jobId: jobId(s), cursor, total: 41, done, failed });

  it('progress updates the checkpoint without bumping the version or commanding anything', () => {
    const s = deleting();
    const step = run(s, progress(s, 20), at(1));
    expect(step.state.job).toMatchObject({ status: 'running', cursor: 'c20', done: 20, failed: 0, total: 41 });
    expect(step.state.version).toBe(s.version);
    expect(step.commands).toEqual([]);
  });

  it.each([
    ['counts going backwards', (s: ReturnType<typeof deleting>) => progress(s, 5)],
    ['another job', (s: ReturnType<typeof deleting>) => sys(s, { type: 'jobProgress', jobId: 'other-job', total: 41, done: 30, failed: 0 })],
  ])('a progress report with %s is refused', (_label, make) => {
    const base = deleting();
    const after = run(base, progress(base, 10)).state;
    expect(decide(after, make(after), T0)).toMatchObject({ ok: false, error: { code: 'staleJobEvent', kind: 'system' } });
  });

  it('pause → resume continues from the checkpoint cursor', () => {
    let s = deleting();
    s = run(s, progress(s, 20)).state;
    let step = run(s, click(s, 'closure.pauseJob'));
    expect(find(step.commands, 'pauseJob')).toEqual({ type: 'pauseJob', jobId: jobId(s) });
    s = step.state;
    expect(s.job?.status).toBe('paused');
    expect(s.steps.users).toMatchObject({ status: 'active', phase: 'paused' });
    expect(verbs(s)).toEqual(['closure.resumeJob', 'closure.restoreUsers', 'closure.cancel']);

    // A batch in flight when the pause landed still reports.
    s = run(s, progress(s, 25)).state;
    step = run(s, click(s, 'closure.resumeJob'));
    expect(find(step.commands, 'startUserDeletion')).toEqual({ type: 'startUserDeletion', jobId: jobId(s), keepUserId: owner.aadObjectId, approvedSet: s.job?.approvedSet, cursor: 'c25' });
    expect(step.state.job).toMatchObject({ status: 'running', done: 25 });
  });

  it('a failed job can be resumed from its cursor and notifies the owner', () => {
    let s = deleting();
    s = run(s, progress(s, 10)).state;
    const failure = run(s, sys(s, { type: 'jobFailed', jobId: jobId(s), cursor: 'c12', total: 41, done: 12, failed: 1, error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } }));
    expect(failure.state.job).toMatchObject({ status: 'failed', cursor: 'c12', done: 12, lastError: { code: 'Authorization_RequestDenied' } });
    expect(failure.state.steps.users).toMatchObject({ status: 'active', phase: 'jobFailed' });
    expect(find(failure.commands, 'notify')).toMatchObject({ kind: 'jobFailed', params: { code: 'Authorization_RequestDenied', done: 12, total: 41 } });
    expect(find(failure.commands, 'audit')?.entry).toMatchObject({ action: 'jobFailed', detail: { 'error.code': 'Authorization_RequestDenied', done: 12 } });

    const resumed = run(failure.state, click(failure.state, 'closure.resumeJob'));
    expect(find(resumed.commands, 'startUserDeletion')).toMatchObject({ cursor: 'c12' });
    expect(resumed.state.job?.lastError).toBeUndefined();
  });

  it('completion verifies; zero remaining completes the step and opens step 2', () => {
    let s = deleting();
    let step = run(s, sys(s, { type: 'jobCompleted', jobId: jobId(s), total: 41, done: 41, failed: 0 }));
    expect(work(step.commands)).toEqual(['verifyUsers', 'notify']);
    expect(find(step.commands, 'notify')).toMatchObject({ kind: 'jobCompleted', params: { done: 41, failed: 0, total: 41 } });
    s = step.state;
    expect(s.steps.users.phase).toBe('verifying');

    step = run(s, sys(s, { type: 'usersVerified', remaining: 0 }));
    expect(step.state.steps.users).toMatchObject({ status: 'done', evidence: { remaining: 0 } });
    expect(step.state.currentStep).toBe('cancelSubscriptions');
    expect(work(step.commands)).toEqual(['notify', 'readSubscriptions']);
    expect(find(step.commands, 'notify')).toMatchObject({ kind: 'stepCompleted', params: { stepId: 'users' } });
  });

  it('users left after the job: re-verify (listing lag), then a fresh preview needing a new approval', () => {
    let s = deleting();
    s = run(s, sys(s, { type: 'jobCompleted', jobId: jobId(s), total: 41, done: 40, failed: 1 })).state;
    let step = run(s, sys(s, { type: 'usersVerified', remaining: 1 }));
    expect(step.state.steps.users).toMatchObject({ status: 'waiting', phase: 'verifying' });
    s = step.state;
    s = run(s, sys(s, { type: 'recheckDue', stepId: 'users', attempt: 1 })).state;
    s = run(s, sys(s, { type: 'usersVerified', remaining: 1 })).state;
    s = run(s, sys(s, { type: 'recheckDue', stepId: 'users', attempt: 2 })).state;
    step = run(s, sys(s, { type: 'usersVerified', remaining: 1 }));
    expect(step.state.steps.users).toMatchObject({ status: 'running', phase: 'previewing' });
    expect(work(step.commands)).toEqual(['previewUsers', 'notify']);
    // "I am now checking the result" is followed up: the admin is told accounts are still there.
    expect(find(step.commands, 'notify')).toMatchObject({ kind: 'usersRemain', params: { remaining: 1 } });
    s = run(step.state, sys(step.state, { ...PREVIEW, toDelete: 1, sample: ['Stubborn'] })).state;
    const second = run(s, click(s, 'closure.deleteUsers', DOMAIN));
    expect(find(second.commands, 'startUserDeletion')?.jobId).toBe(`${s.closureId}.delete-users.2`);
  });

  it('job events after the job finished are refused', () => {
    let s = deleting();
    const id = jobId(s);
    s = run(s, sys(s, { type: 'jobCompleted', jobId: id, total: 41, done: 41, failed: 0 })).state;
    expect(decide(s, sys(s, { type: 'jobCompleted', jobId: id, total: 41, done: 41, failed: 0 }), T0)).toMatchObject({ ok: false, error: { code: 'staleJobEvent' } });
    expect(decide(s, sys(s, { type: 'jobProgress', jobId: id, total: 41, done: 41, failed: 0 }), T0)).toMatchObject({ ok: false, error: { code: 'staleJobEvent' } });
  });

  it('pause is refused once the job is paused; resume is refused while it runs', () => {
    const s = deleting();
    expect(decide(s, click(s, 'closure.resumeJob'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
    const paused = run(s, click(s, 'closure.pauseJob')).state;
    expect(decide(paused, click(paused, 'closure.pauseJob'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });
});
