import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner/closure-repository';
import { loadConfig } from '../../src/config/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability/logger';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';

/**
 * Four eyes over /api/messages (CLOSURE_APPROVERS=2): the acting admin's approval of a tenant write
 * waits for a second, different Global Administrator, who answers from their own chat. Identities
 * come from the activity and are checked through Graph at the click; card data only names the request.
 */
describe('four eyes: a second Global Administrator approves from their own chat', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
    connector = await new FakeConnector().start();
    bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent', CLOSURE_APPROVERS: '2' }), {
      log: createLogger('silent'),
      recheckScale: 0.0005,
    });
  });

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await sim?.close();
  });

  /** A tenant with a second Global Administrator and a plain user; the owner at the deletion request. */
  async function requested(): Promise<{ tenant: TenantInfo; owner: ClosureDriver; second: ClosureDriver; plain: ClosureDriver; request: Record<string, unknown> }> {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const admin = sim.admin(tenant.tenantId);
    const secondUser = admin.addUser({ displayName: 'Sam Second', roles: ['globalAdministrator'] });
    const plainUser = admin.addUser({ displayName: 'Pat Plain' });
    const owner = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    const second = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: secondUser.id, name: 'Sam Second' });
    const plain = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: plainUser.id, name: 'Pat Plain' });
    await owner.say('close account');
    await owner.click('closure.start');
    await owner.when('closure.acknowledgeBackup');
    await owner.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    await owner.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    expect(owner.text).toMatch(/waiting for a second Global Administrator/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
    await second.say('status');
    expect(second.text).toMatch(/Acting Admin asks you, as a second Global Administrator/);
    expect(second.verbs()).toEqual(['closure.secondApprove', 'closure.secondReject']);
    const request = second.actions.find((a) => a.verb === 'closure.secondApprove')!.data!;
    return { tenant, owner, second, plain, request };
  }

  it("refuses the acting admin, a non-admin and another tenant's admin; completes with the second admin", async () => {
    const { tenant, owner, second, plain, request } = await requested();
    // The second admin sees what the acting admin saw: the count and the sample, and the button says what it does.
    expect(second.text).toMatch(/Accounts to delete/);
    expect(second.actions.find((a) => a.verb === 'closure.secondApprove')?.title).toBe('Delete users');

    // The acting admin, from another chat or device: the same person, so no second approval.
    await owner.click('closure.secondApprove', {}, request);
    expect(owner.text).toMatch(/must come from another Global Administrator/);
    // A member of the tenant who is not a Global Administrator (checked through Graph at the click).
    await plain.click('closure.secondApprove', {}, request);
    expect(plain.text).toMatch(/Only a Global Administrator/);
    // A Global Administrator of another tenant, replaying the card's data.
    const other = sim.addTenant('small', { tenantId: randomUUID() });
    const foreign = new ClosureDriver(bot.url, connector, { tenantId: other.tenantId, aadObjectId: other.adminId, name: 'Fay Foreign' });
    await foreign.click('closure.secondApprove', {}, request);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});

    await second.click('closure.secondApprove');
    await owner.waitFor((d) => d.verbs().includes('closure.checkAgain') && /ubscription/.test(d.text), 'the subscriptions step', 30_000);
    expect(
      sim
        .inspect(tenant.tenantId)
        .users.map((u) => u.id)
        .sort(),
    ).toEqual(
      [
        tenant.adminId,
        ...sim
          .inspect(tenant.tenantId)
          .users.filter((u) => u.displayName === 'Sam Second' || u.displayName === 'Pat Plain')
          .map((u) => u.id),
      ].sort(),
    );
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

  it('a rejection stops the step and shows its reason to both admins', async () => {
    const { tenant, owner, second, request } = await requested();
    await second.click('closure.secondReject', {}, { ...request, reason: 'Finance still needs the mailboxes' });
    expect(second.text).toMatch(/Sam Second rejected the second approval .*Finance still needs the mailboxes/);
    await owner.say('status');
    expect(owner.text).toMatch(/Sam Second rejected the second approval .*Finance still needs the mailboxes/);
    expect(owner.verbs()).toContain('closure.deleteUsers');
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
  });
});
