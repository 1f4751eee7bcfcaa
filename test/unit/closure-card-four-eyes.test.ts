import { CLOUD_PROFILES } from '../../src/config/clouds';
import { closureCardReply, ClosureCardSources } from '../../src/closure/closure-card';
import { at, click, DOMAIN, otherAdmin, owner, PREVIEW, run, startEvent, sys } from '../support/closure-fixtures';

/**
 * The one card builder (a click, a command and a background update all use it) carries four eyes:
 * a card replaced in place after background work cannot lose the open request or its buttons.
 */
describe('the closure card builder carries four eyes for whoever looks', () => {
  const sources: ClosureCardSources = { links: CLOUD_PROFILES.public.links, repository: { audit: () => Promise.resolve(undefined) } };

  function withOpenRequest() {
    let s = run(undefined, { ...startEvent(), approvers: 2 } as ReturnType<typeof startEvent>).state;
    s = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
    s = run(s, sys(s, { type: 'backupExported', exportId: `${s.closureId}.backup`, rows: 42 })).state;
    s = run(s, click(s, 'closure.acknowledgeBackup')).state;
    s = run(s, sys(s, PREVIEW)).state;
    return run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
  }

  it('offers the second Global Administrator Approve and Reject, and tells the acting admin it waits', async () => {
    const s = withOpenRequest();
    const other = await closureCardReply(s, otherAdmin.aadObjectId, sources);
    expect(other.view.actions.map((a) => a.verb)).toEqual(['closure.secondApprove', 'closure.secondReject']);
    expect(other.context.notice?.key).toBe('closure.fourEyes.asked');

    const acting = await closureCardReply(s, owner.aadObjectId, sources);
    expect(acting.context.notice?.key).toBe('closure.fourEyes.waiting');
    expect(acting.view.actions.map((a) => a.verb)).not.toContain('closure.secondApprove');
  });
});
