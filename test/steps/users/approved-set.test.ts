import { APPROVAL_VALID_MS } from '../../../src/core';
import { decide } from '../../../src/steps';
import { at, atUsersApprove, atUsersStart, click, deleting, DOMAIN, find, jobId, PREVIEW, run, sys, T0, work } from '../../support/closure-fixtures';

const SET = (id: string, count = 41) => ({ id, digest: 'a'.repeat(64), count });

describe('users (step 1): an approval is bound to exactly what the preview showed', () => {
  it('the job deletes the approved set of the preview on the card, and its size is the job total', () => {
    let s = atUsersStart();
    s = run(s, sys(s, { ...PREVIEW, toDelete: 7, approvedSet: SET(`${s.closureId}.users.1`, 7) })).state;
    const step = run(s, click(s, 'closure.deleteUsers', DOMAIN));
    expect(find(step.commands, 'startUserDeletion')?.approvedSet).toEqual(SET(`${s.closureId}.users.1`, 7));
    expect(step.state.job).toMatchObject({ total: 7, approvedSet: SET(`${s.closureId}.users.1`, 7) });
  });

  it('a late result of an earlier preview is refused: its set is not the one being shown', () => {
    const s = atUsersStart();
    const late = decide(s, sys(s, { ...PREVIEW, approvedSet: SET(`${s.closureId}.users.0`) }), T0);
    expect(late.ok).toBe(false);
    expect(s.steps.users.phase).toBe('previewing');
  });

  it(`a preview older than ${APPROVAL_VALID_MS / 3_600_000} hours is not approved: the users are listed and shown again`, () => {
    const s = atUsersApprove();
    const late = new Date(Date.parse(T0) + APPROVAL_VALID_MS + 60_000).toISOString();
    const step = run(s, click(s, 'closure.deleteUsers', DOMAIN), late);
    expect(work(step.commands)).toEqual(['previewUsers']);
    expect(step.state.job).toBeUndefined();
    expect(step.state.steps.users.phase).toBe('previewing');
    // Just inside the window, the same approval starts the job.
    const inTime = new Date(Date.parse(T0) + APPROVAL_VALID_MS).toISOString();
    expect(work(run(s, click(s, 'closure.deleteUsers', DOMAIN), inTime).commands)).toEqual(['startUserDeletion']);
  });

  it('users the job found outside the approval are left, shown in a new preview and approved on their own', () => {
    let s = deleting();
    const first = s.job?.approvedSet;
    const done = run(s, sys(s, { type: 'jobCompleted', jobId: jobId(s), total: 41, done: 41, failed: 0, unapproved: 2 }), at(5));
    expect(work(done.commands)).toEqual(['previewUsers', 'notify']);
    expect(done.state.steps.users).toMatchObject({ phase: 'previewing', evidence: { appeared: 2 } });
    s = done.state;
    s = run(s, sys(s, { ...PREVIEW, toDelete: 2, sample: ['Late One', 'Late Two'] }), at(6)).state;
    expect(s.steps.users).toMatchObject({ phase: 'approve', evidence: { toDelete: 2, appeared: 2 } });
    const second = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(7));
    const command = find(second.commands, 'startUserDeletion');
    expect(command?.approvedSet?.count).toBe(2);
    expect(command?.approvedSet?.id).not.toBe(first?.id);
    expect(second.state.steps.users.evidence.appeared).toBeUndefined();
  });

  it('a job that found only approved users goes on to verification', () => {
    const s = deleting();
    const done = run(s, sys(s, { type: 'jobCompleted', jobId: jobId(s), total: 41, done: 41, failed: 0, unapproved: 0 }));
    expect(work(done.commands)).toEqual(['verifyUsers', 'notify']);
  });

  it('a job from before approvals named their users resumes as a new preview, never on whoever is listed', () => {
    let s = deleting();
    s = run(s, click(s, 'closure.pauseJob')).state;
    const { approvedSet: _none, ...job } = s.job!;
    const legacy = { ...s, job };
    const resumed = run(legacy, click(legacy, 'closure.resumeJob'));
    expect(work(resumed.commands)).toEqual(['previewUsers']);
    expect(resumed.state.steps.users.phase).toBe('previewing');
  });
});
