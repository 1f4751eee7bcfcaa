import { closureCard } from '../../src/cards/presenters/closure.presenter';
import { overviewCard } from '../../src/cards/presenters/overview.presenter';
import { CLOUD_PROFILES } from '../../src/config';
import { REASON_LIMIT } from '../../src/core';
import { LOCALES } from '../../src/i18n';
import { adaptiveCardProblems } from '../support/adaptive-card-check';
import { closureCardReply, ClosureCardSources } from '../../src/closure';
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

describe('the four-eyes cards, as Teams shows them', () => {
  const sources: ClosureCardSources = { links: CLOUD_PROFILES.public.links, repository: { audit: () => Promise.resolve(undefined) } };

  function asked() {
    let s = run(undefined, { ...startEvent(), approvers: 2 } as ReturnType<typeof startEvent>).state;
    s = run(s, sys(s, { type: 'inventoryRead', users: 42, subscriptions: 2, applications: 1 })).state;
    s = run(s, sys(s, { type: 'backupExported', exportId: `${s.closureId}.backup`, rows: 42 })).state;
    s = run(s, click(s, 'closure.acknowledgeBackup')).state;
    s = run(s, sys(s, PREVIEW)).state;
    return run(s, click(s, 'closure.deleteUsers', DOMAIN), at(1)).state;
  }

  it.each(LOCALES)("in %s, the second admin's card asks for a reason that only Reject sends, bounded as the server bounds it", async (locale) => {
    const reply = await closureCardReply(asked(), otherAdmin.aadObjectId, sources);
    const card = closureCard(locale, reply.view, reply.context);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const body = card.body as Array<Record<string, unknown>>;
    expect(body.find((e) => e.id === 'reason')).toMatchObject({ type: 'Input.Text', isRequired: true, maxLength: REASON_LIMIT });
    const actions = card.actions as Array<Record<string, unknown>>;
    expect(actions.find((a) => a.verb === 'closure.secondReject')?.associatedInputs).toBe('auto');
    expect(actions.find((a) => a.verb === 'closure.secondApprove')?.associatedInputs).toBe('none');
  });

  it("shows a rejection's reason to the acting admin as plain text (a TextRun), never as Markdown", async () => {
    let s = asked();
    s = run(s, { type: 'secondApproval', actor: otherAdmin, requestId: s.pendingApproval!.id, decision: 'reject', reason: '**Not** [now](https://example.com)' }, at(2)).state;
    const reply = await closureCardReply(s, owner.aadObjectId, sources);
    const card = closureCard('en', reply.view, reply.context);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('{"type":"TextRun","text":"**Not** [now](https://example.com)","italic":true}');
    expect(JSON.stringify((card.body as unknown[]).filter((e) => (e as { type: string }).type === 'TextBlock'))).not.toContain('https://example.com');
  });

  it('offers the start card a four-eyes toggle that sends 2 when on, or says the deployment requires it', () => {
    const base = { kind: 'overview' as const, tenantId: 't', organization: 'Contoso', initialDomain: 'contoso.onmicrosoft.com', counts: { users: 1, subscriptions: 1, applications: 0 }, steps: [], actions: [] };
    const offered = overviewCard('en', { ...base, fourEyes: 'offered' });
    expect((offered.body as Array<Record<string, unknown>>).find((e) => e.id === 'approvers')).toMatchObject({ type: 'Input.Toggle', value: '1', valueOn: '2', valueOff: '1' });
    const required = overviewCard('en', { ...base, fourEyes: 'required' });
    expect((required.body as Array<Record<string, unknown>>).find((e) => e.id === 'approvers')).toBeUndefined();
    expect(JSON.stringify(required)).toContain('Four eyes is on for this deployment');
  });
});
