import { GraphSimulator, TenantInfo } from '../../graph-sim';
import { ClosureDriver } from './closure-driver';
import { FakeConnector } from './fake-connector';

/**
 * One whole closure in chat, in English, from "close account" to the summary: the cards clicked as
 * an admin would, and the admin-center parts (cancelling and deleting subscriptions, sync finishing)
 * done through the simulator. For a synced tenant, directory sync is turned off first.
 */
export async function closeWholeTenant(sim: GraphSimulator, connector: FakeConnector, botUrl: string, tenant: TenantInfo): Promise<void> {
  const driver = new ClosureDriver(botUrl, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
  const admin = sim.admin(tenant.tenantId);
  await driver.say('close account');
  await driver.click('closure.start');
  await driver.when('closure.acknowledgeBackup');
  await driver.waitFor((d) => d.verbs().includes('closure.disableSync') || d.verbs().includes('closure.deleteUsers'), 'sync-off or the deletion approval');
  if (driver.verbs().includes('closure.disableSync')) {
    await driver.click('closure.disableSync');
    admin.completeSyncDisable();
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') || d.verbs().includes('closure.deleteUsers'), 'sync to be off');
    if (driver.verbs().includes('closure.checkAgain')) await driver.click('closure.checkAgain');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
  }
  await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
  await throughSubscriptions(sim, driver, tenant);
  // Step 4 continues by itself when no other account has MFA left; step 5 may offer removals first.
  for (const verb of ['closure.continue', 'closure.deleteApplications', 'closure.deleteServicePrincipals']) {
    await driver.waitFor((d) => d.verbs().some((v) => ['closure.continue', 'closure.complete', verb].includes(v)), `"${verb}" or the final confirmation`);
    if (driver.verbs().includes(verb)) await driver.click(verb);
  }
  await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
  await driver.click('closure.complete', driver.finalInputs(tenant.initialDomain));
  await driver.waitFor((d) => d.verbs().length === 0 && /Ready for the final deletion/.test(d.text), 'the summary');
}

/**
 * Steps 2 and 3 as an admin does them, from the card that waits for the subscriptions: each active one
 * cancelled, then each disabled one deleted, in the admin center (through the simulator), with "Check
 * again" after each; the clock moved past the deletion's 72 hours. Ends on the last "Check again".
 */
export async function throughSubscriptions(sim: GraphSimulator, driver: ClosureDriver, tenant: TenantInfo): Promise<void> {
  const admin = sim.admin(tenant.tenantId);
  await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /ubscription/.test(d.text), 'the subscriptions step', 30_000);
  for (const s of sim.inspect(tenant.tenantId).subscriptions) if (s.status === 'Enabled' || s.status === 'Warning') admin.cancelSubscription(s.id);
  await driver.click('closure.checkAgain');
  await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /Delete all disabled/.test(d.text), 'step 3');
  for (const s of sim.inspect(tenant.tenantId).subscriptions) if (s.status !== 'Deleted') admin.deleteSubscription(s.id);
  admin.advanceHours(73);
  await driver.click('closure.checkAgain');
}
