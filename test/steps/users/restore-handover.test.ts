import { decide, viewOf } from '../../../src/steps';
import { atCancelSubscriptions, atDirectory, atMfa, atUsersApprove, click, deleting, DOMAIN, find, jobId, otherAdmin, owner, PREVIEW, run, sys, T0, work } from '../../support/closure-fixtures';

describe('restore deleted users', () => {
  it('is not offered while the job runs', () => {
    const s = deleting();
    expect(viewOf(s).actions.map((a) => a.verb)).not.toContain('closure.restoreUsers');
    expect(decide(s, click(s, 'closure.restoreUsers'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });

  it.each([
    ['step 2', atCancelSubscriptions],
    ['step 4', atMfa],
  ])('from %s sends the closure back to the users step and resets later steps', (_label, make) => {
    const s = make();
    const step = run(s, click(s, 'closure.restoreUsers'));
    expect(work(step.commands)).toEqual(['restoreUsers']);
    expect(step.state.currentStep).toBe('users');
    expect(step.state.steps.users).toMatchObject({ status: 'running', phase: 'restoring' });
    expect(step.state.job).toBeUndefined();
    expect(step.state.recheck).toBeUndefined();
    for (const id of ['cancelSubscriptions', 'deleteSubscriptions', 'mfa', 'directory'] as const) {
      expect(step.state.steps[id]).toEqual({ status: 'locked', phase: 'pending', evidence: {} });
    }

    const restored = run(step.state, sys(step.state, { type: 'usersRestored', restored: 41, failed: 0 }));
    expect(restored.state.steps.users).toMatchObject({ phase: 'previewing', evidence: { restored: 41 } });
    expect(work(restored.commands)).toEqual(['previewUsers']);
  });

  it('from a paused job drops the job; its late reports are refused', () => {
    let s = deleting();
    const id = jobId(s);
    s = run(s, click(s, 'closure.pauseJob')).state;
    s = run(s, click(s, 'closure.restoreUsers')).state;
    expect(decide(s, sys(s, { type: 'jobProgress', jobId: id, total: 41, done: 30, failed: 0 }), T0)).toMatchObject({ ok: false, error: { code: 'staleJobEvent' } });
  });

  it('is no longer possible once the directory step began', () => {
    const s = atDirectory();
    expect(viewOf(s).actions.map((a) => a.verb)).not.toContain('closure.restoreUsers');
    expect(decide(s, click(s, 'closure.restoreUsers'), T0)).toMatchObject({ ok: false, error: { code: 'actionUnavailable' } });
  });
});

describe('handover', () => {
  it('the delegate acts and is the admin kept; the preview is redone for them', () => {
    const s = atUsersApprove();
    const handed = run(s, { type: 'handover', actor: owner, to: otherAdmin });
    expect(handed.state.delegate).toEqual({ aadObjectId: otherAdmin.aadObjectId, name: otherAdmin.name });
    expect(find(handed.commands, 'previewUsers')).toEqual({ type: 'previewUsers', keepUserId: otherAdmin.aadObjectId, setId: `${handed.state.closureId}.users.2` });
    expect(find(handed.commands, 'audit')?.entry).toMatchObject({ action: 'handover', detail: { to: otherAdmin.aadObjectId } });

    let d = run(handed.state, sys(handed.state, { ...PREVIEW, kept: { id: otherAdmin.aadObjectId, displayName: otherAdmin.name } })).state;
    const approved = run(d, click(d, 'closure.deleteUsers', DOMAIN, otherAdmin));
    expect(find(approved.commands, 'startUserDeletion')).toMatchObject({ keepUserId: otherAdmin.aadObjectId });
    d = approved.state;
    expect(viewOf(d).delegate).toEqual({ aadObjectId: otherAdmin.aadObjectId, name: otherAdmin.name });
  });

  it('the delegate cannot hand over again', () => {
    const s = run(atUsersApprove(), { type: 'handover', actor: owner, to: otherAdmin }).state;
    const third = { ...otherAdmin, aadObjectId: 'admin-third', name: 'Thea' };
    expect(decide(s, { type: 'handover', actor: otherAdmin, to: third }, T0)).toMatchObject({ ok: false, error: { code: 'notOwner' } });
  });
});
