import { randomUUID } from 'node:crypto';
import { GraphSimulator, TenantInfo } from '../../graph-sim';
import { verifyChain } from '../../src/audit';
import { ClosureRepository } from '../../src/runner';
import { RunningBot } from '../../src/index';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { connectorCardProblems } from '../support/adaptive-card-check';
import { articleDisagreements } from '../support/article-steps';
import { publishedProductName } from '../support/product-table';
import { SKUS } from '../../graph-sim/scenarios/skus';
import { startSimulatedBot, stopSimulatedBot } from '../support/simulated-bot';

/**
 * A whole closure over /api/messages, on the Graph simulator, as Teams would drive it: cards
 * clicked, the admin-center parts done through the simulator, and the tenant checked at the end.
 */
describe('a whole closure in chat', () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => ({ sim, connector, bot } = await startSimulatedBot({ simulator: { scenarios: [], syncDisableDelayMs: 60_000 } })));
  afterAll(() => stopSimulatedBot({ sim, connector, bot }));

  function adminOf(tenant: TenantInfo) {
    return { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' };
  }

  /** Steps 0 and 1 up to the approval card, then the deletion, for any scenario. */
  async function throughUsers(driver: ClosureDriver, tenant: TenantInfo, texts: { deleteUsers: RegExp }) {
    await driver.say('status');
    await driver.when('closure.acknowledgeBackup');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    expect(driver.text).toMatch(texts.deleteUsers);

    const wrong = await driver.click('closure.deleteUsers', { confirmation: 'contoso.onmicrosoft.com' });
    expect(wrong.status).toBe(200);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
    await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain.toUpperCase() });
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /ubscription|ottoscrizion|bonnement/.test(d.text), 'the subscriptions step', 30_000);
    const remaining = sim.inspect(tenant.tenantId).users.map((u) => u.id);
    expect(remaining).toEqual([tenant.adminId]);
  }

  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  async function throughSubscriptionsAndEnd(driver: ClosureDriver, tenant: TenantInfo) {
    const admin = sim.admin(tenant.tenantId);
    // Each subscription by the product name Microsoft's table gives its SKU, the part number beside it.
    for (const s of sim.inspect(tenant.tenantId).subscriptions) {
      const sku = Object.values(SKUS).find((k) => k.skuPartNumber === s.skuPartNumber);
      expect(driver.text).toMatch(new RegExp(`${escape(publishedProductName(sku!.skuId)!)} \\(${s.skuPartNumber}\\)\\s?: `));
    }
    for (const s of sim.inspect(tenant.tenantId).subscriptions) if (s.status === 'Enabled' || s.status === 'Warning') admin.cancelSubscription(s.id);
    // The periodic re-check notices by itself and tells the admin.
    const stepDone = /(Done: Step 2: Cancel all active subscriptions|Completato: Passaggio 2: Annullare tutte le sottoscrizioni attive|Terminée : Étape 2 : Annuler tous les abonnements actifs)/;
    await connector.waitFor((c) => c.method === 'POST' && c.conversationId === `a:personal-${driver.user.aadObjectId}` && stepDone.test(JSON.stringify(c.body)));
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') && /Delete all disabled|Eliminare tutte le sottoscrizioni disabilitate|Supprimer tous les abonnements/.test(d.text), 'step 3');
    for (const s of sim.inspect(tenant.tenantId).subscriptions) if (s.status !== 'Deleted') admin.deleteSubscription(s.id);
    admin.advanceHours(73);
    await driver.click('closure.checkAgain');
    // Step 4 continues by itself when no other account has MFA left; step 5 may offer removals first.
    for (const verb of ['closure.continue', 'closure.deleteApplications', 'closure.deleteServicePrincipals']) {
      await driver.waitFor((d) => d.verbs().some((v) => ['closure.continue', 'closure.complete', verb].includes(v)), `"${verb}" or the final confirmation`);
      if (driver.verbs().includes(verb)) await driver.click(verb);
    }
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');
    await driver.click('closure.complete', driver.finalInputs(tenant.initialDomain));
    await driver.waitFor((d) => d.verbs().length === 0 && /Ready for the final deletion|Pronta per l'eliminazione finale|Prête pour la suppression finale/.test(d.text), 'the summary');
    expect(driver.text).toMatch(/Audit chain verified\s+Yes|Catena di controllo verificata\s+Sì|Chaîne d'audit vérifiée\s+Oui/);
  }

  async function expectCleanEnd(tenant: TenantInfo) {
    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(Object.values(inspection.deleteCalls).every((n) => n === 1)).toBe(true);
    expect(inspection.violations).toEqual([]);
    const repository = new ClosureRepository(bot.store);
    const state = (await repository.load(tenant.tenantId))!.value;
    expect(state.status).toBe('completed');
    expect(Object.values(state.steps).map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    const audit = (await repository.audit(tenant.tenantId, state.closureId))!;
    expect(verifyChain(audit.entries)).toEqual(expect.objectContaining({ valid: true }));
    const actions = audit.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['start', 'closure.acknowledgeBackup', 'closure.deleteUsers', 'closure.complete']));
  }

  it.each([
    ['en-US', /Every user account will be deleted/],
    ['it-IT', /Verranno eliminati tutti gli account utente/],
    ['fr-FR', /supprim/i],
  ])('closes a small tenant end to end (%s)', async (locale, deleteText) => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, adminOf(tenant), locale);
    await driver.say(locale === 'it-IT' ? 'chiudi account' : locale === 'fr-FR' ? 'fermer le compte' : 'close account');
    expect(driver.verbs()).toEqual(['closure.start']);
    await driver.click('closure.start');
    await throughUsers(driver, tenant, { deleteUsers: deleteText });
    await throughSubscriptionsAndEnd(driver, tenant);
    await expectCleanEnd(tenant);
  });

  it('closes a synced tenant: sync off first, then the deletion', async () => {
    const tenant = sim.addTenant('synced', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, adminOf(tenant));
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.when('closure.acknowledgeBackup');
    await driver.when('closure.disableSync');
    expect(driver.text).toMatch(/72 hours/);
    expect(sim.inspect(tenant.tenantId).deleteCalls).toEqual({});
    sim.admin(tenant.tenantId).completeSyncDisable();
    // Either the periodic re-check notices first, or the admin asks.
    await driver.waitFor((d) => d.verbs().includes('closure.checkAgain') || d.verbs().includes('closure.deleteUsers'), 'sync to be off');
    if (driver.verbs().includes('closure.checkAgain')) await driver.click('closure.checkAgain');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    await driver.waitFor((d) => /ubscription/.test(d.text) && d.verbs().includes('closure.checkAgain'), 'the subscriptions step', 30_000);
    await throughSubscriptionsAndEnd(driver, tenant);
    await expectCleanEnd(tenant);
  }, 90_000);

  it('lets the owner hand the closure over to another Global Administrator, who is then the one kept', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const second = sim.admin(tenant.tenantId).addUser({ displayName: 'Second Admin', upnLocal: 'second', roles: ['globalAdministrator'] });
    const owner = new ClosureDriver(bot.url, connector, adminOf(tenant));
    const delegate = new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: second.id, name: 'Second Admin' });
    await owner.say('close account');
    await owner.click('closure.start');
    await delegate.say('status');
    expect(delegate.verbs()).toEqual([]);
    expect(delegate.text).toContain('You can follow the progress here');
    await owner.say(`hand over to second@${tenant.initialDomain}`);
    await delegate.when('closure.acknowledgeBackup');
    await delegate.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    expect(delegate.text).toContain('Second Admin');
    await delegate.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    await delegate.waitFor((d) => /Cancel all active subscriptions/.test(d.text), 'the subscriptions step', 30_000);
    expect(sim.inspect(tenant.tenantId).users.map((u) => u.id)).toEqual([second.id]);
  });

  it('goes back to step 1 when users appear before the organization is deleted', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, adminOf(tenant));
    await driver.say('close account');
    await driver.click('closure.start');
    await throughUsers(driver, tenant, { deleteUsers: /Every user account/ });
    const admin = sim.admin(tenant.tenantId);
    for (const s of sim.inspect(tenant.tenantId).subscriptions) admin.cancelSubscription(s.id);
    // The card says "Delete all disabled" while step 3's first check is still running, before it offers "Check again".
    await driver.waitFor((d) => /Delete all disabled/.test(d.text) && d.verbs().includes('closure.checkAgain'), 'step 3');
    for (const s of sim.inspect(tenant.tenantId).subscriptions) admin.deleteSubscription(s.id);
    admin.advanceHours(73);
    await driver.when('closure.checkAgain');
    await driver.waitFor((d) => d.verbs().includes('closure.continue') || d.verbs().includes('closure.complete'), 'step 4 or 5');
    if (driver.verbs().includes('closure.continue')) await driver.click('closure.continue');
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation');

    const late = admin.addUser({ displayName: 'Late Hire', upnLocal: 'late.hire' });
    await driver.click('closure.checkAgain');
    await driver.when('closure.backToUsers');
    await driver.waitFor((d) => d.verbs().includes('closure.deleteUsers'), 'a new deletion approval');
    expect(driver.text).toContain('Late Hire');
    await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
    await driver.waitFor((d) => d.verbs().includes('closure.complete') || d.verbs().includes('closure.continue'), 'the way back to Step 5', 30_000);
    if (driver.verbs().includes('closure.continue')) await driver.click('closure.continue');
    await driver.waitFor((d) => d.verbs().includes('closure.complete'), 'the final confirmation again');
    await driver.click('closure.complete', driver.finalInputs(tenant.initialDomain));
    await driver.waitFor((d) => d.verbs().length === 0 && /Ready for the final deletion/.test(d.text), 'the summary');
    expect(sim.inspect(tenant.tenantId).users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(sim.inspect(tenant.tenantId).deleteCalls[late.id]).toBe(1);
  }, 60_000);

  it('offers the backup behind a signed link that only works as issued', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = new ClosureDriver(bot.url, connector, adminOf(tenant));
    await driver.say('close account');
    await driver.click('closure.start');
    await driver.waitFor((d) => d.verbs().includes('closure.acknowledgeBackup'), 'the backup');
    const csv = driver.link(/CSV/)!;
    const json = driver.link(/JSON/)!;
    const download = await fetch(json);
    expect(download.status).toBe(200);
    const backup = (await download.json()) as { users: Array<{ id: string; roles: string[] }> };
    expect(backup.users).toHaveLength(25);
    expect(backup.users.find((u) => u.id === tenant.adminId)?.roles).toContain('Global Administrator');
    expect((await (await fetch(csv)).text()).split('\r\n')[0]).toBe('id,displayName,userPrincipalName,accountEnabled,licences,roles');
    const tampered = json.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) + 3600}`);
    expect((await fetch(tampered)).status).toBe(403);
    const otherTenant = json.replace(tenant.tenantId, sim.addTenant('small', { tenantId: randomUUID() }).tenantId);
    expect((await fetch(otherTenant)).status).toBe(403);
  });

  it('sent and updated only cards that Teams shows as built, numbered as the article', () => {
    const agrees = (card: Record<string, unknown>) => ['en', 'it', 'fr'].some((locale) => articleDisagreements(card, locale).length === 0);
    expect(connector.cards().length).toBeGreaterThan(0);
    expect(connectorCardProblems(connector.cards(), agrees)).toEqual([]);
  });
});
