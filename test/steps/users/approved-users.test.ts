import { GraphSimulator } from '../../../graph-sim';
import { RunningBot } from '../../../src/index';
import { ClosureDriver } from '../../support/closure-driver';
import { FakeConnector } from '../../support/fake-connector';
import { startSimulatedBot, stopSimulatedBot } from '../../support/simulated-bot';

/**
 * Over /api/messages: the deletion the admin approves is the list the card showed. Someone created
 * between the preview and the click is not deleted with it; they come back as a preview of their
 * own, and only a second approval deletes them.
 */
describe('an approval covers exactly the users it showed', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => ({ sim, connector, bot } = await startSimulatedBot()));
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  it('a user created after the preview is kept, shown in a new preview, and deleted only once that is approved', async () => {
    const tenant = sim.addTenant('small');
    const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.when('closure.acknowledgeBackup');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    const shown = sim.inspect(tenant.tenantId).users.length - 1;
    expect(driver.text).toContain(shown.toLocaleString('en-US'));

    const late = sim.admin(tenant.tenantId).addUser({ displayName: 'Late Joiner' });
    await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers') && /Late Joiner/.test(d.text), 'a preview of the user who appeared', 30_000);
    expect(driver.text).toMatch(/Created after your last approval/);
    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id).sort()).toEqual([tenant.adminId, late.id].sort());
    expect(inspection.deleteCalls[late.id]).toBeUndefined();
    expect(Object.keys(inspection.deleteCalls)).toHaveLength(shown);

    await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /ubscription/.test(d.text), 'the subscriptions step', 30_000);
    const after = sim.inspect(tenant.tenantId);
    expect(after.users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(after.deleteCalls[late.id]).toBe(1);

    // The approved list (object ids) is kept beside the closure while it runs, and removed when it ends.
    expect(await bot.store.objects.list(`tenants/${tenant.tenantId}/approved-user-sets/`)).not.toEqual([]);
    await driver.say('cancel');
    for (let i = 0; i < 50 && (await bot.store.objects.list(`tenants/${tenant.tenantId}/approved-user-sets/`)).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await bot.store.objects.list(`tenants/${tenant.tenantId}/approved-user-sets/`)).toEqual([]);
  });
});
