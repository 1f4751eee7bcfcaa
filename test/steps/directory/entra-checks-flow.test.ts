import { GraphSimulator, TenantInfo } from '../../../graph-sim';
import { RunningBot } from '../../../src/index';
import { ClosureRepository } from '../../../src/runner';
import type { AuditEntry } from '../../../src/core';
import { ClosureDriver } from '../../support/closure-driver';
import { FakeConnector } from '../../support/fake-connector';
import { startSimulatedBot, stopSimulatedBot } from '../../support/simulated-bot';
import { throughSubscriptions } from '../../support/whole-closure';

const STEP5 = /Delete the directory in Microsoft Entra ID/;
const AZURE_LINK = 'https://portal.azure.com/#view/Microsoft_Azure_Billing/SubscriptionsBladeV2';

/**
 * Step 5 through /api/messages against the Graph simulator and its simulated Resource Manager: every
 * check of Entra's "Delete tenant" in its state, Azure subscriptions read with the admin's ARM token
 * where the tenant consented, and "Ready to delete" only once each check is clear or confirmed.
 */
describe("Step 5: Entra's checks, Azure subscriptions through Resource Manager", () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(
    async () =>
      ({ sim, connector, bot } = await startSimulatedBot({ simulator: { scenarios: [], syncDisableDelayMs: 60_000 }, settings: (simUrl) => ({ ARM_ENDPOINT: `${simUrl}/arm`, ARM_TOKEN: 'arm.{tenantId}.{userId}' }) })),
  );
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  /** A fresh small tenant, closed up to Step 5 as an admin would (subscriptions cancelled and deleted in the admin center). */
  async function atStep5(prepare: (tenant: TenantInfo) => void): Promise<{ tenant: TenantInfo; driver: ClosureDriver }> {
    const tenant = sim.addTenant('small', { tenantId: crypto.randomUUID() });
    prepare(tenant);
    const driver = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' });
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.when('closure.acknowledgeBackup');
    await driver.when('closure.deleteUsers', { confirmation: tenant.initialDomain }, 30_000);
    await throughSubscriptions(sim, driver, tenant);
    for (let i = 0; i < 10; i++) {
      await driver.waitFor(
        (d) =>
          ['closure.continue', 'closure.deleteApplications', 'closure.deleteServicePrincipals', 'closure.complete'].some((v) => d.verbs().includes(v)) || (STEP5.test(d.text) && d.verbs().includes('closure.checkAgain')),
        'Step 5',
      );
      const removal = ['closure.continue', 'closure.deleteApplications', 'closure.deleteServicePrincipals'].find((v) => driver.verbs().includes(v));
      if (!removal) break;
      await driver.click(removal);
    }
    return { tenant, driver };
  }

  async function stored(tenant: TenantInfo) {
    const repository = new ClosureRepository(bot.store);
    const state = (await repository.load(tenant.tenantId))!.value;
    const audit = (await repository.audit(tenant.tenantId, state.closureId))!.entries as unknown as AuditEntry[];
    return { state, audit };
  }

  it('ARM consented, the admin has elevated access and no subscription: verified clear; the admin confirms only what no API shows; then "Ready to delete"', async () => {
    const { tenant, driver } = await atStep5((t) => sim.azure(t.tenantId).setElevatedAccess(t.adminId, true));
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
    expect(driver.text).toMatch(/Azure subscriptions, active or cancelled: verified clear/);
    expect(driver.text).not.toMatch(/Ready to delete/);
    expect(driver.toggles()).toEqual(expect.arrayContaining(['check.selfServiceProducts', 'check.mfaProviders', 'check.unpaidInvoices']));
    expect(driver.toggles()).not.toContain('check.azureSubscriptions');
    await driver.click('closure.complete', driver.finalInputs(tenant.initialDomain));
    await driver.waitFor((d) => d.verbs().length === 0 && /Ready to delete/.test(d.text), 'the summary');
    expect(driver.text).toMatch(/Outstanding invoices: confirmed by Acting Admin on .*by hand: not verified by me/);
    const { state, audit } = await stored(tenant);
    expect(state.steps.directory.evidence.confirmations?.azureSubscriptions).toBeUndefined();
    expect(state.steps.directory.evidence.confirmations?.unpaidInvoices).toEqual({ by: { aadObjectId: tenant.adminId, name: 'Acting Admin' }, at: expect.any(String) });
    const completion = audit.find((e) => e.action === 'closure.complete')!;
    expect(completion.actor?.aadObjectId).toBe(tenant.adminId);
    expect(String(completion.detail.confirmedChecks).split(',')).not.toContain('azureSubscriptions');
  });

  it('ARM consented, no elevated access, none visible: cannot see, with the Azure portal link; the admin confirms it, the server refuses a forged tick and another admin, then "Ready to delete"', async () => {
    const { tenant, driver } = await atStep5(() => undefined);
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
    expect(driver.text).toMatch(/Azure subscriptions, active or cancelled: Azure Resource Manager shows you none, but you only see subscriptions where you hold an Azure role/);
    expect(JSON.stringify(driver.card)).toContain(`](${AZURE_LINK})`);
    expect(driver.toggles()).toContain('check.azureSubscriptions');

    // Forged card data: a tick for a check the bot verified. Refused, nothing recorded.
    await driver.click('closure.complete', { ...driver.finalInputs(tenant.initialDomain), 'check.users': 'true' });
    expect(driver.text).toMatch(/not yours to confirm now/);
    // A check left unticked.
    const { 'check.azureSubscriptions': _left, ...partial } = driver.finalInputs(tenant.initialDomain);
    await driver.when('closure.complete', partial);
    expect(driver.text).toMatch(/Tick every check you made yourself/);
    // Another user of the tenant (not a Global Administrator) changes nothing.
    const stranger = sim.admin(tenant.tenantId).addUser({ displayName: 'Nora NoRole' });
    const other = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: stranger.id, name: 'Nora NoRole' });
    other.card = driver.card;
    await other.click('closure.complete', driver.finalInputs(tenant.initialDomain));
    let { state } = await stored(tenant);
    expect(state.status).toBe('active');
    expect(state.steps.directory.evidence.confirmations).toBeUndefined();

    await driver.when('closure.complete', driver.finalInputs(tenant.initialDomain));
    await driver.waitFor((d) => d.verbs().length === 0 && /Ready to delete/.test(d.text), 'the summary');
    ({ state } = await stored(tenant));
    expect(state.steps.directory.evidence.confirmations?.azureSubscriptions?.by.aadObjectId).toBe(tenant.adminId);
    expect(driver.text).toMatch(/Azure subscriptions, active or cancelled: confirmed by Acting Admin/);
  });

  it('Azure subscriptions present: blocked, with their count, names and the portal link; no final confirmation until they are gone', async () => {
    const { tenant, driver } = await atStep5((t) => {
      sim.azure(t.tenantId).addSubscription({ displayName: 'Production', roleHolders: [t.adminId] });
      sim.azure(t.tenantId).addSubscription({ displayName: 'Old trial', state: 'Disabled', roleHolders: [t.adminId] });
    });
    await driver.waitFor((d) => STEP5.test(d.text) && /Azure subscriptions, active or cancelled: 2, blocks the deletion/.test(d.text), 'the Azure blocker');
    expect(driver.text).toMatch(/"Production", "Old trial" · Enabled: 1, Disabled: 1/);
    expect(JSON.stringify(driver.card)).toContain(`](${AZURE_LINK})`);
    expect(driver.verbs()).not.toContain('closure.complete');
    expect(driver.toggles()).toEqual([]);

    // Moved away or deleted in the Azure portal, and the admin elevated: verified clear on "Check again".
    const portal = sim.azure(tenant.tenantId);
    for (const s of (await fetch(`${sim.url}/arm/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${sim.armTokenFor(tenant.tenantId, tenant.adminId)}` } }).then((r) => r.json()))
      .value as Array<{ subscriptionId: string }>)
      portal.removeSubscription(s.subscriptionId);
    portal.setElevatedAccess(tenant.adminId, true);
    await driver.click('closure.checkAgain');
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
    expect(driver.text).toMatch(/Azure subscriptions, active or cancelled: verified clear/);
  });

  it("no consent for Resource Manager: cannot see, says what consent is missing, links the portal; confirmed by hand as the admin's", async () => {
    const { tenant, driver } = await atStep5((t) => sim.azure(t.tenantId).setArmConsent(false));
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
    expect(driver.text).toMatch(
      /Azure subscriptions, active or cancelled: I can't see them: Azure Resource Manager takes no sign-in of yours from this app\. It needs your organization's consent to Azure Service Management \(user_impersonation\)/,
    );
    expect(JSON.stringify(driver.card)).toContain(`](${AZURE_LINK})`);
    await driver.click('closure.complete', driver.finalInputs(tenant.initialDomain));
    await driver.waitFor((d) => d.verbs().length === 0 && /Ready to delete/.test(d.text), 'the summary');
    const { state, audit } = await stored(tenant);
    expect(state.steps.directory.evidence.confirmations?.azureSubscriptions?.by.aadObjectId).toBe(tenant.adminId);
    expect(String(audit.find((e) => e.action === 'closure.complete')!.detail.confirmedChecks).split(',')).toContain('azureSubscriptions');
  });
});
