import { randomUUID } from 'node:crypto';
import { TenantInfo } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { ClosureState, VERBS } from '../../src/core';
import { TeamsUser } from '../support/teams-activity';
import { ClosureDriver } from '../support/closure-driver';
import { adminOf, clickAs, closureAtDeletionApproval, SecurityRig, sayAs, startRig, tenantDocuments } from './support/security-bot';

/**
 * Who may do what to a running closure. The owner (Global Admin who started it) approves; another
 * Global Admin of the tenant may look; nobody else changes anything, whatever the card data claims.
 * "Nothing changes" is checked on every stored document of the tenant and on Graph writes.
 */
const COMMANDS = ['close account', 'status', 'cancel'] as const;
const CARD_VERBS = ['closure.start', ...VERBS] as const;

const TEXT = {
  notGlobalAdmin: /Only a Global Administrator of this organization/,
  notOwner: /Only Acting Admin, who started this closure, can approve/,
  alreadyRunning: /A closure is already in progress, started by Acting Admin/,
  noClosure: /No closure is in progress|no longer the current one|isn't available/,
  unavailable: /isn't available/,
  domainMismatch: /doesn't match the organization's initial domain/,
  stale: /out of date/,
  wrongStep: /for another step/,
  foreignClosure: /no longer the current one/,
  deniedOrNotAdmin: /Only a Global Administrator|Microsoft Graph refused GET \/organization \(InvalidAuthenticationToken\)|different organization/,
  // A second approval (four eyes) clicked where no request is open: refused as a request that is no longer open.
  noOpenRequest: /second approval is no longer open|isn't available/,
};

/** The refusal a verb gets when it is not the acting admin's to click: second approvals are refused for having no open request. */
const isSecondApproval = (verb: string) => verb === 'closure.secondApprove' || verb === 'closure.secondReject';

describe('authorization matrix', () => {
  let rig: SecurityRig;
  let tenant: TenantInfo;
  let owner: ClosureDriver;
  let otherTenant: TenantInfo;
  let state: ClosureState;
  const users: Record<string, TeamsUser> = {};

  beforeAll(async () => {
    rig = await startRig();
    ({ tenant, owner } = await closureAtDeletionApproval(rig));
    const secondAdmin = rig.sim.admin(tenant.tenantId).addUser({ displayName: 'Second Admin', roles: ['globalAdministrator'] });
    const staff = rig.sim.inspect(tenant.tenantId).users.find((u) => u.roles.length === 0)!;
    otherTenant = rig.sim.addTenant('small', { tenantId: randomUUID() });
    users.otherGlobalAdmin = { tenantId: tenant.tenantId, aadObjectId: secondAdmin.id, name: 'Second Admin' };
    users.nonAdmin = { tenantId: tenant.tenantId, aadObjectId: staff.id, name: staff.displayName };
    users.foreignAdmin = adminOf(otherTenant, 'Foreign Admin');
    // The other tenant's admin claiming to chat from this tenant: only Graph can tell.
    users.foreignAdminClaimingTenant = { ...adminOf(otherTenant, 'Foreign Admin'), tenantId: tenant.tenantId };
    state = (await new ClosureRepository(rig.bot.store).load(tenant.tenantId))!.value;
  });

  afterAll(() => rig?.stop());

  /** The real claim of the owner's current card: the strongest thing another actor could replay. */
  const claim = () => ({ closureId: state.closureId, stepId: state.currentStep, version: state.version });

  /**
   * Every document of the tenant but one: where the bot reaches the other Global Administrator, which
   * any message of theirs keeps (four eyes asks them proactively). Nobody else's is ever written.
   */
  async function documentsOf(tenantId: string): Promise<Record<string, unknown>> {
    const documents = await tenantDocuments(rig.bot, tenantId);
    delete documents[`tenants/${tenantId}/contacts/${users.otherGlobalAdmin.aadObjectId}`];
    return documents;
  }

  async function unchanged<T>(act: () => Promise<T>): Promise<T> {
    const documents = await documentsOf(tenant.tenantId);
    expect(Object.keys(documents)).toEqual(expect.arrayContaining([`tenants/${tenant.tenantId}/closure`]));
    const writes = rig.sim.inspect(tenant.tenantId).counters.writes;
    const result = await act();
    await rig.bot.runner.settle(tenant.tenantId, 1000);
    expect(await documentsOf(tenant.tenantId)).toEqual(documents);
    expect(rig.sim.inspect(tenant.tenantId).counters.writes).toBe(writes);
    return result;
  }

  /** What each actor must read (nothing changes for any of them). */
  const expected: Record<string, { command: Record<(typeof COMMANDS)[number], RegExp>; verb: RegExp; start: RegExp }> = {
    otherGlobalAdmin: {
      command: { 'close account': TEXT.alreadyRunning, status: /Delete users/, cancel: TEXT.notOwner },
      verb: TEXT.notOwner,
      start: TEXT.alreadyRunning,
    },
    nonAdmin: { command: { 'close account': TEXT.notGlobalAdmin, status: TEXT.notGlobalAdmin, cancel: TEXT.notGlobalAdmin }, verb: TEXT.notGlobalAdmin, start: TEXT.notGlobalAdmin },
    // Acting in their own tenant: this tenant's closure is out of their reach (their tenant has none).
    foreignAdmin: { command: { 'close account': /Fabrikam Studio/, status: /No closure is in progress/, cancel: /No closure is in progress/ }, verb: /No closure is in progress/, start: /.^/ },
    foreignAdminClaimingTenant: {
      command: { 'close account': TEXT.deniedOrNotAdmin, status: TEXT.deniedOrNotAdmin, cancel: TEXT.deniedOrNotAdmin },
      verb: TEXT.deniedOrNotAdmin,
      start: TEXT.deniedOrNotAdmin,
    },
  };
  const actors = Object.keys(expected);

  describe.each(actors)('%s', (actorName) => {
    it.each(COMMANDS)('"%s" changes nothing and answers clearly', async (command) => {
      const reply = await unchanged(() => sayAs(rig, users[actorName], command));
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(expected[actorName].command[command]);
    });

    it.each(VERBS)("%s with the owner's current card data changes nothing", async (verb) => {
      const reply = await unchanged(() => clickAs(rig, users[actorName], verb, { ...claim(), confirmation: tenant.initialDomain }));
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(isSecondApproval(verb) && actorName === 'otherGlobalAdmin' ? TEXT.noOpenRequest : expected[actorName].verb);
    });
  });

  it.each([
    ['otherGlobalAdmin', TEXT.notOwner],
    ['nonAdmin', TEXT.notGlobalAdmin],
    ['foreignAdmin', /./],
    ['foreignAdminClaimingTenant', TEXT.deniedOrNotAdmin],
  ])('"hand over to <another Global Admin>" by %s changes nothing', async (actorName, text) => {
    const upn = rig.sim.inspect(tenant.tenantId).users.find((u) => u.id === users.otherGlobalAdmin.aadObjectId)!.userPrincipalName;
    const target = actorName === 'otherGlobalAdmin' ? owner.user.aadObjectId : upn;
    const targetUpn = actorName === 'otherGlobalAdmin' ? rig.sim.inspect(tenant.tenantId).users.find((u) => u.id === target)!.userPrincipalName : upn;
    const reply = await unchanged(() => sayAs(rig, users[actorName], `hand over to ${targetUpn}`));
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(text);
  });

  it('the owner cannot hand over to a user who is not a Global Administrator', async () => {
    const staff = rig.sim.inspect(tenant.tenantId).users.find((u) => u.id === users.nonAdmin.aadObjectId)!;
    const reply = await unchanged(() => sayAs(rig, owner.user, `hand over to ${staff.userPrincipalName}`));
    expect(reply.text).toMatch(/only be handed over to another Global Administrator|Global Administrator/);
  });

  it.each(actors.filter((a) => a !== 'foreignAdmin'))('closure.start by %s changes nothing', async (actorName) => {
    const reply = await unchanged(() => clickAs(rig, users[actorName], 'closure.start', { tenantId: tenant.tenantId }));
    expect(reply.text).toMatch(expected[actorName].start);
  });

  it("closure.start by another tenant's admin only ever starts a closure in their own tenant", async () => {
    const reply = await unchanged(() => clickAs(rig, users.foreignAdmin, 'closure.start', { tenantId: tenant.tenantId }));
    expect(reply.status).toBe(200);
    const theirs = (await new ClosureRepository(rig.bot.store).load(otherTenant.tenantId))?.value;
    expect(theirs?.tenantId).toBe(otherTenant.tenantId);
    expect(theirs?.closureId).not.toBe(state.closureId);
  });

  it("refuses in the actor's language", async () => {
    const it_ = await unchanged(() => clickAs(rig, users.otherGlobalAdmin, 'closure.deleteUsers', { ...claim(), confirmation: tenant.initialDomain }, 'it-IT'));
    const fr = await unchanged(() => sayAs(rig, users.nonAdmin, 'status', 'fr-FR'));
    expect(it_.text).toMatch(/Solo Acting Admin/);
    expect(fr.text).toMatch(/administrateur général/i);
  });

  describe('forged card data, even from the owner', () => {
    const forgeries: Array<[string, () => Record<string, unknown>, RegExp]> = [
      ['another closure id', () => ({ ...claim(), closureId: randomUUID() }), TEXT.foreignClosure],
      ['another tenant in the data', () => ({ ...claim(), tenantId: otherTenant.tenantId, closureId: randomUUID() }), TEXT.foreignClosure],
      ['version + 1', () => ({ ...claim(), version: state.version + 1 }), TEXT.stale],
      ['version - 1 (a replayed card)', () => ({ ...claim(), version: state.version - 1 }), TEXT.stale],
      ['version as a string', () => ({ ...claim(), version: String(state.version) }), TEXT.unavailable],
      ['a huge version', () => ({ ...claim(), version: 1e308 }), TEXT.unavailable],
      ['an unsafe integer version', () => ({ ...claim(), version: Number.MAX_SAFE_INTEGER + 2 }), TEXT.unavailable],
      ['a negative version', () => ({ ...claim(), version: -1 }), TEXT.unavailable],
      ['another step', () => ({ ...claim(), stepId: 'directory' }), TEXT.wrongStep],
      ['an unknown step', () => ({ ...claim(), stepId: 'nonexistent' }), TEXT.wrongStep],
      ['a template expression as closure id', () => ({ ...claim(), closureId: '${closureId}' }), TEXT.unavailable],
      ['a template expression as step', () => ({ ...claim(), stepId: '${$root.currentStep}' }), TEXT.unavailable],
      ['a template expression as confirmation', () => ({ ...claim(), confirmation: '${tenant.initialDomain}' }), TEXT.domainMismatch],
      ['no confirmation', () => claim(), TEXT.domainMismatch],
      ['a huge confirmation', () => ({ ...claim(), confirmation: `${tenant.initialDomain}${' '.repeat(100_000)}` }), TEXT.domainMismatch],
      ['a confirmation that is an object', () => ({ ...claim(), confirmation: { toString: tenant.initialDomain } }), TEXT.domainMismatch],
      ['data that is an array', () => [claim()] as unknown as Record<string, unknown>, TEXT.unavailable],
      ['a prototype-polluting key', () => JSON.parse(`{"__proto__":{"version":${state.version}},"closureId":"${state.closureId}","stepId":"users"}`), TEXT.unavailable],
    ];

    it.each(forgeries)('closure.deleteUsers with %s changes nothing', async (_name, data, text) => {
      const reply = await unchanged(() => clickAs(rig, owner.user, 'closure.deleteUsers', data()));
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(text);
    });

    it.each(VERBS.filter((v) => v !== 'closure.deleteUsers' && v !== 'closure.cancel'))('%s, not offered at this point, changes nothing', async (verb) => {
      const reply = await unchanged(() => clickAs(rig, owner.user, verb, { ...claim(), confirmation: tenant.initialDomain }));
      expect(reply.text).toMatch(isSecondApproval(verb) ? TEXT.noOpenRequest : TEXT.unavailable);
    });

    it('an unknown verb changes nothing', async () => {
      const reply = await unchanged(() => clickAs(rig, owner.user, 'closure.deleteEverything', { ...claim(), confirmation: tenant.initialDomain }));
      expect(reply.text).toMatch(TEXT.unavailable);
    });
  });

  describe('the owner', () => {
    it('approves the deletion with the typed domain: state moves, users are deleted', async () => {
      const { tenant: own, owner: driver } = await closureAtDeletionApproval(rig);
      const before = (await new ClosureRepository(rig.bot.store).load(own.tenantId))!.value;
      await driver.click('closure.deleteUsers', { confirmation: own.initialDomain });
      const after = (await new ClosureRepository(rig.bot.store).load(own.tenantId))!.value;
      expect(after.version).toBeGreaterThan(before.version);
      await driver.waitFor(() => rig.sim.inspect(own.tenantId).users.length === 1, 'the deletion', 30_000);
    });

    it('cancels from the chat', async () => {
      const { tenant: own, owner: driver } = await closureAtDeletionApproval(rig);
      await driver.say('cancel');
      expect((await new ClosureRepository(rig.bot.store).load(own.tenantId))!.value.status).toBe('cancelled');
    });

    it('demoted mid-closure can no longer do anything, not even look', async () => {
      const { tenant: own, owner: driver } = await closureAtDeletionApproval(rig);
      const current = (await new ClosureRepository(rig.bot.store).load(own.tenantId))!.value;
      rig.sim.admin(own.tenantId).demote(own.adminId);
      const documents = await tenantDocuments(rig.bot, own.tenantId);
      const writes = rig.sim.inspect(own.tenantId).counters.writes;
      for (const command of COMMANDS) expect((await sayAs(rig, driver.user, command)).text).toMatch(TEXT.notGlobalAdmin);
      for (const verb of CARD_VERBS) {
        const reply = await clickAs(rig, driver.user, verb, { closureId: current.closureId, stepId: current.currentStep, version: current.version, confirmation: own.initialDomain });
        expect(reply.text).toMatch(TEXT.notGlobalAdmin);
      }
      await rig.bot.runner.settle(own.tenantId, 1000);
      expect(await tenantDocuments(rig.bot, own.tenantId)).toEqual(documents);
      expect(rig.sim.inspect(own.tenantId).counters.writes).toBe(writes);
    });
  });
});
