import { randomUUID } from 'node:crypto';
import { GraphSimulator } from '../../../graph-sim';
import { RunningBot } from '../../../src/index';
import { ClosureDriver } from '../../support/closure-driver';
import { FakeConnector } from '../../support/fake-connector';
import { startSimulatedBot, stopSimulatedBot } from '../../support/simulated-bot';

/**
 * Step 4 on a tenant that requires MFA every way it can (locked-down: security defaults, the `mfa`
 * control, authentication strengths enforced and report-only, a strength without MFA, a disabled
 * policy): the card names every policy requiring MFA and what the bot does about it; turning them
 * off leaves report-only ones alone and the acting admin's own MFA in place.
 */
describe('step 4 on a locked-down tenant', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => ({ sim, connector, bot } = await startSimulatedBot()));
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  it('names every policy requiring MFA, turns off only the enforced ones on approval, and the admin keeps MFA', async () => {
    const tenant = sim.addTenant('locked-down', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Security Admin' });
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.when('closure.acknowledgeBackup');
    await driver.when('closure.deleteUsers', { confirmation: tenant.initialDomain }, 30_000);
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /Cancel all active subscriptions/.test(d.text), 'step 2', 60_000);
    const admin = sim.admin(tenant.tenantId);
    for (const s of sim.inspect(tenant.tenantId).subscriptions) admin.cancelSubscription(s.id);
    await driver.click('closure.checkAgain');
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /Delete all disabled subscriptions/.test(d.text), 'step 3');
    for (const s of sim.inspect(tenant.tenantId).subscriptions) admin.deleteSubscription(s.id);
    admin.advanceHours(73);
    await driver.click('closure.checkAgain');
    await driver.waitFor((d) => d.verbs().includes('closure.disableCaPolicies'), 'the MFA review');

    const text = driver.text;
    expect(text).toMatch(/Require MFA for all users: enforced, requires multifactor authentication\. I turn it off/);
    expect(text).toMatch(/Require MFA for admins: enforced, requires multifactor authentication\. I turn it off/);
    expect(text).toMatch(/Phishing-resistant MFA for admins: enforced, requires the authentication strength "Phishing-resistant MFA"\. I turn it off/);
    expect(text).toMatch(/Passwordless pilot: report-only, requires the authentication strength "Passwordless MFA"\. It enforces nothing, so I leave it alone\./);
    expect(text).not.toContain('Block legacy authentication');
    expect(text).not.toContain('Old MFA strength trial');
    expect(text).not.toContain('Password or SMS for kiosks');
    expect(text).toMatch(/Your own account keeps its MFA and its sign-in methods/);
    expect(driver.verbs()).toEqual(expect.arrayContaining(['closure.disableSecurityDefaults', 'closure.disableCaPolicies', 'closure.continue']));

    await driver.click('closure.disableCaPolicies');
    await driver.waitFor((d) => d.verbs().includes('closure.continue') && !d.verbs().includes('closure.disableCaPolicies'), 'the policies turned off', 30_000);
    const policies = Object.fromEntries(sim.inspect(tenant.tenantId).conditionalAccessPolicies.map((p) => [p.displayName, p.state]));
    expect(policies).toEqual({
      'Require MFA for all users': 'disabled',
      'Require MFA for admins': 'disabled',
      'Block legacy authentication': 'enabledForReportingButNotEnforced',
      'Phishing-resistant MFA for admins': 'disabled',
      'Passwordless pilot': 'enabledForReportingButNotEnforced',
      'Old MFA strength trial': 'disabled',
      'Password or SMS for kiosks': 'enabled',
    });
    // Still named, still left alone.
    expect(driver.text).toMatch(/Passwordless pilot: report-only/);

    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.find((u) => u.id === tenant.adminId)?.perUserMfaState).toBe('enforced');
    expect(inspection.violations).toEqual([]);
    // Conditional Access requests were paced: never two in the same second, so never a 429.
    expect(inspection.counters.throttled).toBe(0);
  }, 120_000);
});
