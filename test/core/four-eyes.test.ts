import { ClosureCommand, ClosureState, GraphErrorInfo, REASON_LIMIT, SECOND_APPROVAL_VALID_MS } from '../../src/core';
import { decide } from '../../src/steps';
import { actor, at, click, demotedOwner, DOMAIN, find, foreignAdmin, otherAdmin, owner, PREVIEW, run, startEvent, sys, T0, work as allWork } from '../support/closure-fixtures';

/** What a decision does besides auditing and telling people (the notices are checked on their own). */
const work = (commands: ClosureCommand[]) => allWork(commands).filter((type) => type !== 'notify');
const DENIED: GraphErrorInfo = { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', httpStatus: 403, kind: 'permission' };
const notices = (commands: ClosureCommand[]) => commands.flatMap((c) => (c.type === 'notify' ? [{ kind: c.kind, params: c.params }] : []));

/** Step 1's approval card of a closure started with four eyes, driven through decide() from the start. */
function fourEyesAtApprove(): ClosureState {
  let s = run(undefined, { ...startEvent(), approvers: 2 } as ReturnType<typeof startEvent>).state;
  s = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
  s = run(s, sys(s, { type: 'backupExported', exportId: `${s.closureId}.backup`, rows: 42 })).state;
  s = run(s, click(s, 'closure.acknowledgeBackup')).state;
  return run(s, sys(s, PREVIEW)).state;
}

const second = (s: ClosureState, who = otherAdmin, decision: 'approve' | 'reject' = 'approve', reason?: string) => ({
  type: 'secondApproval' as const,
  actor: who,
  requestId: s.pendingApproval?.id ?? 'none',
  decision,
  reason,
});

describe('four eyes: a second, different Global Administrator for every tenant write', () => {
  it('without four eyes (the default) the acting admin alone approves', () => {
    const s = run(undefined, startEvent()).state;
    expect(s.approvers).toBe(1);
  });

  it("the acting admin's approval only records a request with what they saw: nothing is written yet", () => {
    const s = fourEyesAtApprove();
    expect(s.approvers).toBe(2);
    const asked = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1));
    expect(work(asked.commands)).toEqual([]);
    expect(asked.state.job).toBeUndefined();
    expect(asked.state.pendingApproval).toMatchObject({
      verb: 'closure.deleteUsers',
      stepId: 'users',
      requestedBy: { aadObjectId: owner.aadObjectId, name: owner.name },
      requestedAt: at(1),
      shown: { toDelete: 41, recycleBin: 0 },
    });
    expect(find(asked.commands, 'audit')?.entry).toMatchObject({ action: 'closure.deleteUsers', actor: { aadObjectId: owner.aadObjectId } });
    // The tenant's other Global Administrators are told who asks and what (the shell finds and checks them).
    expect(notices(asked.commands)).toEqual([{ kind: 'secondApprovalAsked', params: { verb: 'closure.deleteUsers', stepId: 'users', requesterName: owner.name, expiresAt: asked.state.pendingApproval!.expiresAt } }]);
  });

  it('completes with a second Global Administrator: the action runs as the acting admin asked, and who approved is recorded', () => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    const approved = run(s, second(s), at(2));
    expect(work(approved.commands)).toEqual(['startUserDeletion']);
    expect(find(approved.commands, 'startUserDeletion')?.keepUserId).toBe(owner.aadObjectId);
    expect(approved.state.pendingApproval).toBeUndefined();
    expect(approved.state.lastSecondApproval).toEqual({
      verb: 'closure.deleteUsers',
      by: { aadObjectId: otherAdmin.aadObjectId, name: otherAdmin.name },
      at: at(2),
      requestedBy: { aadObjectId: owner.aadObjectId, name: owner.name },
    });
    expect(find(approved.commands, 'audit')?.entry).toMatchObject({
      action: 'secondApproval',
      actor: { aadObjectId: otherAdmin.aadObjectId },
      detail: { decision: 'approve', verb: 'closure.deleteUsers', requestedBy: owner.aadObjectId },
    });
    expect(notices(approved.commands)).toEqual([{ kind: 'secondApprovalGiven', params: { verb: 'closure.deleteUsers', stepId: 'users', approverName: otherAdmin.name } }]);
  });

  it.each([
    ['the acting admin from another chat or device', owner, 'selfApproval'],
    ['a user who is not a Global Administrator', actor({ aadObjectId: 'user-plain', name: 'Pat Plain', isGlobalAdmin: false }), 'notGlobalAdmin'],
    ['a demoted acting admin', demotedOwner, 'notGlobalAdmin'],
    ['a Global Administrator of another tenant', foreignAdmin, 'wrongTenant'],
  ])('refuses %s', (_label, who, code) => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    const refused = decide(s, second(s, who), at(2));
    expect(refused).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses the admin the closure was handed over to when they are the one acting', () => {
    let s = run(undefined, { ...startEvent(), approvers: 2 } as ReturnType<typeof startEvent>).state;
    s = run(s, { type: 'handover', actor: owner, to: otherAdmin }).state;
    s = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
    s = run(s, sys(s, { type: 'backupExported', exportId: `${s.closureId}.backup`, rows: 42 })).state;
    s = run(s, click(s, 'closure.acknowledgeBackup', undefined, otherAdmin)).state;
    s = run(s, sys(s, { ...PREVIEW, kept: { id: otherAdmin.aadObjectId, displayName: otherAdmin.name } })).state;
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN, otherAdmin), at(1)).state;
    expect(decide(s, second(s, otherAdmin), at(2))).toMatchObject({ ok: false, error: { code: 'selfApproval' } });
    // The original owner is another person: their approval counts, and the delegate stays the one kept.
    const approved = run(s, second(s, owner), at(2));
    expect(find(approved.commands, 'startUserDeletion')?.keepUserId).toBe(otherAdmin.aadObjectId);
  });

  it('refuses a stale approval: an expired request, an older request, or one the closure moved past', () => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    const late = new Date(Date.parse(at(1)) + SECOND_APPROVAL_VALID_MS + 1).toISOString();
    expect(decide(s, second(s), late)).toMatchObject({ ok: false, error: { code: 'approvalExpired' } });
    expect(decide(s, { ...second(s), requestId: `${s.closureId}.approval.1` }, at(2))).toMatchObject({ ok: false, error: { code: 'approvalStale' } });
    // Asked again: the first request's card no longer approves anything.
    const first = second(s);
    const again = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(3)).state;
    expect(decide(again, first, at(4))).toMatchObject({ ok: false, error: { code: 'approvalStale' } });
    expect(work(run(again, second(again), at(4)).commands)).toEqual(['startUserDeletion']);
  });

  it('a rejection stops the step: nothing is written, the reason is kept for both admins', () => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    const rejected = run(s, second(s, otherAdmin, 'reject', 'Finance still needs the mailboxes'), at(2));
    expect(work(rejected.commands)).toEqual([]);
    expect(rejected.state.pendingApproval).toBeUndefined();
    expect(rejected.state.job).toBeUndefined();
    expect(rejected.state.lastRejection).toMatchObject({ verb: 'closure.deleteUsers', by: { aadObjectId: otherAdmin.aadObjectId }, reason: 'Finance still needs the mailboxes' });
    expect(find(rejected.commands, 'audit')?.entry).toMatchObject({ action: 'secondApproval', detail: { decision: 'reject', reason: 'Finance still needs the mailboxes' } });
    expect(decide(rejected.state, second(s), at(3))).toMatchObject({ ok: false, error: { code: 'approvalStale' } });
    expect(notices(rejected.commands)).toEqual([{ kind: 'secondApprovalRejected', params: { verb: 'closure.deleteUsers', stepId: 'users', approverName: otherAdmin.name, reason: 'Finance still needs the mailboxes' } }]);
  });

  it.each([
    ['no reason', undefined, 'reasonRequired'],
    ['only spaces and line breaks', ' \n\t ', 'reasonRequired'],
    ['a reason over the limit', 'x'.repeat(REASON_LIMIT + 1), 'reasonTooLong'],
  ])('refuses a rejection with %s, and the request stays open', (_label, reason, code) => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    expect(decide(s, second(s, otherAdmin, 'reject', reason), at(2))).toMatchObject({ ok: false, error: { code, params: { max: REASON_LIMIT } } });
    expect(work(run(s, second(s), at(3)).commands)).toEqual(['startUserDeletion']);
  });

  it("keeps a rejection's reason as one trimmed line of text: line breaks and control characters become spaces", () => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    const reason = `  Not yet:\r\n**legal hold**\u0007 on [mail](https://example.com)  ${' '.repeat(400)}`;
    const rejected = run(s, second(s, otherAdmin, 'reject', reason), at(2));
    expect(rejected.state.lastRejection?.reason).toBe('Not yet: **legal hold** on [mail](https://example.com)');
    expect(find(rejected.commands, 'audit')?.entry.detail.reason).toBe('Not yet: **legal hold** on [mail](https://example.com)');
  });

  it('survives a restart between the two approvals: the request is part of the stored closure', () => {
    let s = fourEyesAtApprove();
    s = run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
    const reloaded = JSON.parse(JSON.stringify(s)) as ClosureState;
    expect(work(run(reloaded, second(reloaded), at(30)).commands)).toEqual(['startUserDeletion']);
  });

  it('every tenant write waits for the second admin; reads and acknowledgements do not', () => {
    const s = fourEyesAtApprove();
    expect(work(run(s, click(s, 'closure.deleteUsers', DOMAIN)).commands)).toEqual([]);
    let t = run(undefined, { ...startEvent({ tenant: { syncEnabled: true } }), approvers: 2 } as ReturnType<typeof startEvent>).state;
    t = run(t, sys(t, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
    t = run(t, sys(t, { type: 'backupExported', exportId: `${t.closureId}.backup`, rows: 42 })).state;
    const acknowledged = run(t, click(t, 'closure.acknowledgeBackup'));
    expect(acknowledged.state.pendingApproval).toBeUndefined();
    t = acknowledged.state;
    const sync = run(t, click(t, 'closure.disableSync'));
    expect(work(sync.commands)).toEqual([]);
    expect(sync.state.pendingApproval?.verb).toBe('closure.disableSync');
    expect(work(run(sync.state, second(sync.state), T0).commands)).toEqual(['disableSync']);
  });

  it('"Try again" after a failed tenant write waits for the second admin too; after a failed read it does not', () => {
    let s = run(undefined, { ...startEvent({ tenant: { syncEnabled: true } }), approvers: 2 } as ReturnType<typeof startEvent>).state;
    s = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
    s = run(s, sys(s, { type: 'backupExported', exportId: `${s.closureId}.backup`, rows: 42 })).state;
    s = run(s, click(s, 'closure.acknowledgeBackup')).state;
    s = run(s, click(s, 'closure.disableSync'), at(1)).state;
    s = run(s, second(s), at(2)).state;
    s = run(s, sys(s, { type: 'commandFailed', command: 'disableSync', error: DENIED }), at(3)).state;
    // The write failed: trying it again re-sends it as the tenant is now, so it is a new tenant write.
    const asked = run(s, click(s, 'closure.retry'), at(4));
    expect(work(asked.commands)).toEqual([]);
    expect(asked.state.pendingApproval).toMatchObject({ verb: 'closure.retry', stepId: 'users', requestedBy: { aadObjectId: owner.aadObjectId } });
    expect(decide(asked.state, second(asked.state, owner), at(5))).toMatchObject({ ok: false, error: { code: 'selfApproval' } });
    const approved = run(asked.state, second(asked.state), at(5));
    expect(work(approved.commands)).toEqual(['disableSync']);
    expect(approved.state.steps.users.error).toBeUndefined();
    // A failed read is re-read at once: nothing is written.
    let r = run(approved.state, sys(approved.state, { type: 'syncDisableRequested' }), at(6)).state;
    expect(r.steps.users.phase).toBe('syncWaiting');
    r = run(r, sys(r, { type: 'commandFailed', command: 'readSync', error: DENIED }), at(7)).state;
    expect(r.steps.users.status).toBe('active');
    expect(work(run(r, click(r, 'closure.retry'), at(8)).commands)).toEqual(['readSync']);
  });
});
