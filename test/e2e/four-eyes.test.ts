import { systemClock } from '../../src/time';
import { randomUUID } from 'node:crypto';
import { GraphSimulator, TenantInfo } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { SECOND_APPROVAL_VALID_MS } from '../../src/core';
import { RunningBot } from '../../src/index';
import { ClosureDriver } from '../support/closure-driver';
import { ConnectorCall, FakeConnector } from '../support/fake-connector';
import { installActivity, personalConversationId, postActivity, TeamsUser } from '../support/teams-activity';
import { startSimulatedBot, stopSimulatedBot } from '../support/simulated-bot';

/**
 * Four eyes over /api/messages (CLOSURE_APPROVERS=2): the acting admin's approval of a tenant write
 * waits for a second, different Global Administrator, who is told proactively and answers from
 * their own chat. Identities come from the activity and are checked through Graph at the click;
 * card data only names the request.
 */
describe('four eyes: a second Global Administrator approves from their own chat', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;
  /** The bot's clock runs this far ahead of the machine's (an approval that waited too long). */
  let clockAheadMs = 0;

  beforeAll(async () => {
    ({ sim, connector, bot } = await startSimulatedBot({
      settings: () => ({ CLOSURE_APPROVERS: '2' }),
      overrides: { clock: { ...systemClock, now: () => systemClock.now() + clockAheadMs } },
    }));
  });

  afterEach(() => {
    clockAheadMs = 0;
  });

  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  const install = async (user: TeamsUser) => expect((await postActivity(bot.url, installActivity(connector.url, user))).status).toBe(200);
  /** Proactive messages of one kind to one tenant, as the connector received them (title text in the card). */
  const proactive = (tenantId: string, title: RegExp): ConnectorCall[] =>
    connector.calls.filter((c) => c.method === 'POST' && (c.body.conversation as { tenantId?: string } | undefined)?.tenantId === tenantId && title.test(JSON.stringify(c.body)));

  interface Requested {
    tenant: TenantInfo;
    owner: ClosureDriver;
    second: ClosureDriver;
    plain: ClosureDriver;
    request: Record<string, unknown>;
  }

  /**
   * A tenant with two more Global Administrators who installed the bot, a plain user who installed
   * it too, and a fourth Global Administrator the bot cannot reach; the owner at the deletion
   * request, and the second admin told proactively and looking at it.
   */
  async function requested(): Promise<Requested> {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const admin = sim.admin(tenant.tenantId);
    const secondUser = admin.addUser({ displayName: 'Sam Second', roles: ['globalAdministrator'] });
    const plainUser = admin.addUser({ displayName: 'Pat Plain' });
    const thirdUser = admin.addUser({ displayName: 'Tess Third', roles: ['globalAdministrator'] });
    const fourthUser = admin.addUser({ displayName: 'Una Unreached', roles: ['globalAdministrator'] });
    const owner = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    const second = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: secondUser.id, name: 'Sam Second' });
    const plain = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: plainUser.id, name: 'Pat Plain' });
    const third: TeamsUser = { tenantId: tenant.tenantId, aadObjectId: thirdUser.id, name: 'Tess Third' };
    await install(second.user);
    await install(plain.user);
    // Teams' other way of saying so: an installationUpdate (action "add").
    expect((await postActivity(bot.url, { ...installActivity(connector.url, third), type: 'installationUpdate', action: 'add', membersAdded: undefined })).status).toBe(200);
    // Only a Global Administrator's chat is kept: not the plain user's.
    expect(await bot.store.get(`tenants/${tenant.tenantId}/contacts/${plainUser.id}`)).toBeUndefined();
    expect(await bot.store.get(`tenants/${tenant.tenantId}/contacts/${fourthUser.id}`)).toBeUndefined();
    await owner.say('close account');
    await owner.click('closure.start');
    await owner.when('closure.acknowledgeBackup');
    await owner.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    await owner.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    expect(owner.text).toMatch(/waiting for a second Global Administrator/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});

    // Told in their own chat, by the bot, who asks and what: not the plain user, not the acting admin.
    const notice = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === personalConversationId(second.user) && /Second approval asked/.test(JSON.stringify(c.body)));
    expect(JSON.stringify(notice.body)).toMatch(/Acting Admin asks a second Global Administrator to approve \\"Delete users\\" \(Step 1: Delete users\)/);
    await connector.waitFor((c) => c.method === 'POST' && c.conversationId === personalConversationId(third) && /Second approval asked/.test(JSON.stringify(c.body)));
    const asked = proactive(tenant.tenantId, /Second approval asked/).map((c) => c.conversationId);
    // Every reachable Global Administrator but the acting admin; Una, who never installed the bot nor wrote to it, can't be reached.
    expect(asked.sort()).toEqual([second.user, third].map(personalConversationId).sort());

    await second.say('status');
    expect(second.text).toMatch(/Acting Admin asks you, as a second Global Administrator/);
    expect(second.verbs()).toEqual(['closure.secondApprove', 'closure.secondReject']);
    const request = second.actions.find((a) => a.verb === 'closure.secondApprove')!.data!;
    return { tenant, owner, second, plain, request };
  }

  it("refuses the acting admin (from another chat too), a non-admin and another tenant's admin; completes with the second admin", async () => {
    const { tenant, owner, second, plain, request } = await requested();
    // The second admin sees what the acting admin saw: the count and the sample, and the button says what it does.
    expect(second.text).toMatch(/Accounts to delete/);
    expect(second.actions.find((a) => a.verb === 'closure.secondApprove')?.title).toBe('Delete users');

    // The acting admin, from their chat and from another conversation of theirs: the same person, so no second approval.
    await owner.click('closure.secondApprove', {}, request);
    expect(owner.text).toMatch(/must come from another Global Administrator/);
    const ownerElsewhere = new ClosureDriver(bot.url, connector, { ...owner.user, conversationId: `a:personal-other-device-${randomUUID()}` });
    await ownerElsewhere.say('status');
    expect(ownerElsewhere.verbs()).not.toContain('closure.secondApprove');
    await ownerElsewhere.click('closure.secondApprove', {}, request);
    expect(ownerElsewhere.text).toMatch(/must come from another Global Administrator/);
    // A member of the tenant who is not a Global Administrator (checked through Graph at the click).
    await plain.click('closure.secondApprove', {}, request);
    expect(plain.text).toMatch(/Only a Global Administrator/);
    // A Global Administrator of another tenant, replaying the card's data: their tenant has no closure.
    const other = sim.addTenant('small', { tenantId: randomUUID() });
    const foreign = new ClosureDriver(bot.url, connector, { tenantId: other.tenantId, aadObjectId: other.adminId, name: 'Fay Foreign' });
    await foreign.click('closure.secondApprove', {}, request);
    expect(foreign.text).toMatch(/No closure is in progress/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});

    await second.click('closure.secondApprove');
    await connector.waitFor(
      (c) => c.method === 'POST' && [owner.user, ownerElsewhere.user].map(personalConversationId).includes(c.conversationId) && /Sam Second approved \\"Delete users\\"/.test(JSON.stringify(c.body)),
    );
    await owner.waitFor((d) => d.verbs().includes('closure.checkAgain') && /ubscription/.test(d.text), 'the subscriptions step', 30_000);
    // The approved list: everyone the preview showed (the second admin too), never the acting admin.
    expect(sim.inspect(tenant.tenantId).users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(owner.text).toMatch(/Second approval given by Sam Second/);

    const repository = new ClosureRepository(bot.store);
    const state = (await repository.load(tenant.tenantId))!.value;
    const log = (await repository.audit(tenant.tenantId, state.closureId))!;
    expect(log.entries.find((e) => e.action === 'secondApproval')).toMatchObject({ actor: { name: 'Sam Second' }, detail: { decision: 'approve', verb: 'closure.deleteUsers', requestedBy: tenant.adminId } });
  });

  it('a stale approval is refused: the acting admin asked again since', async () => {
    const { tenant, owner, second, request } = await requested();
    await owner.say('status');
    await owner.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    await second.click('closure.secondApprove', {}, request);
    expect(second.text).toMatch(/no longer open/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
  });

  it('an expired approval is refused', async () => {
    const { tenant, second } = await requested();
    clockAheadMs = SECOND_APPROVAL_VALID_MS + 60_000;
    await second.click('closure.secondApprove');
    expect(second.text).toMatch(/has expired/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
  });

  it('a rejection needs a reason; it stops the step and shows the reason to both admins, as text', async () => {
    const { tenant, owner, second } = await requested();
    await second.click('closure.secondReject', { reason: '   ' });
    expect(second.text).toMatch(/Say why you reject it/);
    expect(second.verbs()).toEqual(['closure.secondApprove', 'closure.secondReject']);
    await second.click('closure.secondReject', { reason: 'x'.repeat(301) });
    expect(second.text).toMatch(/The reason is 301 characters long; at most 300/);

    await second.click('closure.secondReject', { reason: '  Finance still needs\nthe **mailboxes** ' });
    expect(second.text).toMatch(/Sam Second rejected the second approval .*Nothing was changed/);
    expect(second.text).toContain('Finance still needs the **mailboxes**');
    const told = await connector.waitFor((c) => c.method === 'POST' && c.conversationId === personalConversationId(owner.user) && /Second approval rejected: Delete users/.test(JSON.stringify(c.body)));
    expect(JSON.stringify(told.body)).toContain('{"type":"TextRun","text":"Finance still needs the **mailboxes**","italic":true}');
    // The card the acting admin asked from is updated in place: it no longer says the request waits.
    const updated = await connector.waitFor((c) => c.method === 'PUT' && c.conversationId === personalConversationId(owner.user) && /Sam Second rejected the second approval/.test(JSON.stringify(c.body)));
    expect(updated.activityId).toBeDefined();
    await owner.say('status');
    expect(owner.text).toMatch(/Sam Second rejected the second approval/);
    expect(owner.text).toContain('Finance still needs the **mailboxes**');
    expect(owner.verbs()).toContain('closure.deleteUsers');
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});

    const repository = new ClosureRepository(bot.store);
    const state = (await repository.load(tenant.tenantId))!.value;
    const log = (await repository.audit(tenant.tenantId, state.closureId))!;
    expect(log.entries.find((e) => e.action === 'secondApproval')).toMatchObject({ actor: { name: 'Sam Second' }, detail: { decision: 'reject', reason: 'Finance still needs the **mailboxes**' } });
  });

  it('a start card forged to ask for one approver still starts with two (the deployment requires them)', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const owner = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await owner.say('close account');
    expect(owner.text).toMatch(/Four eyes is on for this deployment/);
    await owner.click('closure.start', { approvers: '1' });
    expect((await new ClosureRepository(bot.store).load(tenant.tenantId))?.value.approvers).toBe(2);
  });
});

/** With the deployment's minimum of one, the admin who starts a closure asks for two on the start card. */
describe('four eyes asked for on the start card (CLOSURE_APPROVERS=1)', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => ({ sim, connector, bot } = await startSimulatedBot()));
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  it('the toggle on turns four eyes on for this closure; off (or absent) leaves one approver', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const owner = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await owner.say('close account');
    const toggle = (owner.card.body as Array<Record<string, unknown>>).find((e) => e.id === 'approvers');
    expect(toggle).toMatchObject({ type: 'Input.Toggle', valueOn: '2', valueOff: '1' });
    await owner.click('closure.start', { approvers: '2' });
    expect((await new ClosureRepository(bot.store).load(tenant.tenantId))?.value.approvers).toBe(2);
    await owner.when('closure.acknowledgeBackup');
    await owner.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    await owner.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    expect(owner.text).toMatch(/waiting for a second Global Administrator/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});

    const plainTenant = sim.addTenant('small', { tenantId: randomUUID() });
    const single = new ClosureDriver(bot.url, connector, { tenantId: plainTenant.tenantId, aadObjectId: plainTenant.adminId, name: 'Solo Admin' });
    await single.say('close account');
    await single.click('closure.start', { approvers: '1' });
    expect((await new ClosureRepository(bot.store).load(plainTenant.tenantId))?.value.approvers).toBe(1);
  });
});
