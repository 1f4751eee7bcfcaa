import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { ClosureRepository } from '../../src/runner';
import { loadConfig } from '../../src/config';
import { createGraphAccess } from '../../src/graph';
import { BotAuthOverrides } from '../../src/hosting';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { StateStore } from '../../src/ports';
import { FileStateStore } from '../../src/storage';
import { LocalBotFrameworkIdentity, OUTBOUND_TOKEN } from '../support/local-bot-auth';
import { FakeConnector } from '../support/fake-connector';
import { cardText, firstCard } from '../support/teams-activity';
import { LocalEntra } from '../support/local-entra';
import { LocalTokenService } from './support/local-token-service';
import { RecordingProxy } from '../support/recording-proxy';
import { oauthCardOf, SsoAdmin } from './support/sso-admin';

const CONNECTION = 'graph-sso';

interface LogLine {
  level: number;
  msg: string;
  instance: string;
  [key: string]: unknown;
}

/**
 * Teams SSO (GRAPH_AUTH=sso) and background work, offline. The admin signs in, starts a closure and
 * approves the user deletion; the bot stops in the middle of it and a new instance (fresh Graph
 * access, nothing in memory, same file state) recovers the job. With SSO its Graph calls need the
 * admin's delegated token: the new instance reads it from the Bot Framework token service (local,
 * OAuthUrl) with the bot's own credentials and the Teams id stored at the admin's last turn,
 * exchanges it on-behalf-of at the local Entra ID, and finishes without a message from the admin.
 * When the token service has nothing, the job stops with the sign-in message and resumes after the
 * admin's next turn signs them in.
 */
describe('Teams SSO: background work after a restart, without the admin', () => {
  let sim: GraphSimulator;
  let graph: RecordingProxy;
  let connector: FakeConnector;
  let identity: LocalBotFrameworkIdentity;
  let entra: LocalEntra;
  let tokens: LocalTokenService;
  const stateDirs: string[] = [];
  const bots: RunningBot[] = [];
  const logs: LogLine[] = [];

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: 40, jitterMs: 10 } });
    graph = await new RecordingProxy(sim.url).start();
    connector = await new FakeConnector().start();
    identity = await new LocalBotFrameworkIdentity().start();
    entra = await new LocalEntra({ clientId: identity.appId, clientSecret: identity.password }).start();
    tokens = await new LocalTokenService(entra, CONNECTION, OUTBOUND_TOKEN).start();
  });

  afterAll(async () => {
    for (const bot of bots) await bot.stop().catch(() => undefined);
    await tokens?.stop();
    await entra?.stop();
    await identity?.stop();
    await connector?.stop();
    await graph?.stop();
    await sim?.close();
    for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    // Failures reach the admin as messages: no error log, no crashed job.
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  /** A bot instance on the given state: the production Graph access (nothing in memory), local Entra ID and token service. */
  async function startInstance(stateDir: string, instance: string, store?: StateStore): Promise<RunningBot> {
    const config = loadConfig({
      PORT: '0',
      GRAPH_AUTH: 'sso',
      SSO_CONNECTION_NAME: CONNECTION,
      GRAPH_ENDPOINT: graph.url,
      STATE_STORE: 'file',
      STATE_DIR: stateDir,
      LOG_LEVEL: 'info',
      ...identity.env(),
    });
    const graphAccess = createGraphAccess(config, undefined, { authorityHost: entra.origin, tlsOptions: { ca: entra.certificate!.cert }, disableInstanceDiscovery: true });
    const log = createLogger('info', { write: (line: string) => void logs.push({ ...(JSON.parse(line) as LogLine), instance }) });
    const bot = await startBot(config, {
      log,
      graphAccess,
      botAuth: { ...identity.botAuth(), OAuthUrl: tokens.url } as BotAuthOverrides,
      instanceId: instance,
      jobLeaseMs: 3_000,
      recoverySweepMs: 100,
      store,
    });
    bots.push(bot);
    return bot;
  }

  async function stopInstance(bot: RunningBot): Promise<void> {
    await bot.stop();
    bots.splice(bots.indexOf(bot), 1);
  }

  function adminOf(tenant: TenantInfo, botUrl: string): SsoAdmin {
    const user = { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' };
    return new SsoAdmin(botUrl, user, {
      connector,
      connectionName: CONNECTION,
      signed: () => ({ authorization: `Bearer ${identity.sign(connector.url)}` }),
      ssoToken: () => entra.userToken({ tenantId: tenant.tenantId, objectId: tenant.adminId, name: user.name }),
    });
  }

  async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The value once it has not changed for `quietMs` (requests a stopped instance left in flight land first). */
  async function settled(value: () => number, quietMs = 400): Promise<number> {
    let last = value();
    for (let since = Date.now(); Date.now() - since < quietMs;) {
      await new Promise((r) => setTimeout(r, 50));
      if (value() !== last) [last, since] = [value(), Date.now()];
    }
    return last;
  }

  /** Signs in, starts the closure, approves the user deletion and waits until it is under way. */
  async function approveDeletion(admin: SsoAdmin, tenant: TenantInfo): Promise<void> {
    expect(await admin.say('close account')).toEqual({ signedIn: true });
    expect(admin.text).toContain('Before you begin');
    await admin.click('closure.start');
    await admin.waitFor((a) => a.verbs().includes('closure.acknowledgeBackup'), 'the backup');
    await admin.click('closure.acknowledgeBackup');
    await admin.waitFor((a) => a.verbs().includes('closure.deleteUsers'), 'the deletion approval');
    await admin.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
  }

  /**
   * A fresh state directory and tenant (`users` generated users); on a first instance the admin signs
   * in and approves the user deletion; once it is under way (40 deleted) that instance stops.
   */
  async function deletionStoppedMidway(name: string, users: number) {
    const stateDir = mkdtempSync(join(tmpdir(), 'sso-background-'));
    stateDirs.push(stateDir);
    const tenant = sim.addTenant({ ...SCENARIOS.small, name, generatedUsers: { count: users } }, { tenantId: randomUUID() });
    const first = await startInstance(stateDir, `first-${name}`);
    const admin = adminOf(tenant, first.url);
    await approveDeletion(admin, tenant);
    const deleted = deletedIn(tenant);
    await until(() => deleted() >= 40, 'the deletion to be under way');
    await stopInstance(first);
    return { stateDir, tenant, admin, deleted };
  }

  const deletedIn = (tenant: TenantInfo) => () => Object.keys(sim.inspect(tenant.tenantId).deleteCalls).length;
  const getTokenCallsFor = (admin: SsoAdmin, since: number) => tokens.calls.slice(since).filter((c) => c.path === '/api/usertoken/GetToken' && c.query.userId === admin.teamsId);
  const graphCallsFor = (tenant: TenantInfo, since: number) => graph.requests.slice(since).filter((r) => r.authorization?.includes(tenant.tenantId));
  const messageTitled = (admin: SsoAdmin, since: number, title: string) =>
    admin
      .sentSince(since)
      .filter((a) => a.type !== 'typing' && !oauthCardOf(a))
      .map((a) => cardText(firstCard(a)))
      .find((text) => text.includes(title));

  /** Every file of the state store, as text: what is stored. */
  function storedText(dir: string): string {
    const out: string[] = [];
    const walk = (path: string) => {
      for (const name of readdirSync(path)) {
        const full = join(path, name);
        if (statSync(full).isDirectory()) walk(full);
        else out.push(readFileSync(full, 'utf8'));
      }
    };
    walk(dir);
    return out.join('\n');
  }

  it('a new instance takes the deletion over and finishes it with the token the token service holds, without a message from the admin', async () => {
    const { stateDir, tenant, admin, deleted } = await deletionStoppedMidway('sso-restart', 400);
    const atStop = deleted();
    expect(atStop).toBeLessThan(400);
    const signedIn = tokens.tokenOf(admin.teamsId);
    expect(signedIn).toBeDefined();

    const marks = { tokens: tokens.calls.length, obo: entra.oboRequests().length, graph: graph.requests.length, connector: connector.calls.length };
    const second = await startInstance(stateDir, 'second');
    // No activity reaches the new instance from here on: the admin says nothing.
    await until(() => sim.inspect(tenant.tenantId).users.length === 1, 'every user but the admin to be deleted');
    await until(() => messageTitled(admin, marks.connector, 'User deletion finished') !== undefined, 'the "finished" message');

    const inspection = sim.inspect(tenant.tenantId);
    expect(inspection.users.map((u) => u.id)).toEqual([tenant.adminId]);
    expect(Object.keys(inspection.deleteCalls)).toHaveLength(400);
    expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
    expect(Object.keys(inspection.deleteCalls).length).toBeGreaterThan(atStop);

    // The new instance asked the token service once, as the bot (its own credentials), for this
    // admin's Teams account on the Teams channel and the bot's OAuth connection.
    const lookups = tokens.calls.slice(marks.tokens);
    expect(lookups.map((c) => c.path)).toEqual(['/api/usertoken/GetToken']);
    expect(lookups[0].query).toEqual(expect.objectContaining({ userId: admin.teamsId, connectionName: CONNECTION, channelId: 'msteams' }));
    expect(lookups[0].authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    // It exchanged exactly that token on-behalf-of, at the admin's tenant, as the bot's app.
    const obo = entra.oboRequests().slice(marks.obo);
    expect(obo.length).toBeGreaterThan(0);
    for (const request of obo) expect(request).toEqual(expect.objectContaining({ assertion: signedIn, client_id: identity.appId, requested_token_use: 'on_behalf_of' }));
    // Every Graph call of the new instance carried the admin's delegated token from that exchange.
    const calls = graph.requests.slice(marks.graph);
    expect(calls.length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.authorization))).toEqual(new Set([`Bearer sim.${tenant.tenantId}.${tenant.adminId}`]));
    expect(sim.counters().unauthorized).toBe(0);
    expect(logs.filter((l) => l.instance === 'second' && l.msg === "Found the admin's sign-in at the token service")).toHaveLength(1);

    // The closure went on to its next step with the same sign-in, still without the admin.
    await until(() => messageTitled(admin, marks.connector, 'Done: Step 1: Delete users') !== undefined, 'the "step done" message');
    const state = (await new ClosureRepository(new FileStateStore({ dir: stateDir })).load(tenant.tenantId))!.value;
    expect(state.job?.status).toBe('completed');
    expect(state.steps.users.status).toBe('done');

    // The token was used, never kept: not in the state store, not in any log line.
    expect(storedText(stateDir)).not.toContain(signedIn);
    expect(logs.some((l) => JSON.stringify(l).includes(signedIn!))).toBe(false);
    await stopInstance(second);
  }, 120_000);

  it('Entra ID unreachable when a new instance takes the deletion over: it retries and finishes on the same sign-in once Entra answers, without asking the admin to sign in', async () => {
    const { stateDir, tenant, admin } = await deletionStoppedMidway('sso-entra-outage', 200);
    const signedIn = tokens.tokenOf(admin.teamsId);
    expect(signedIn).toBeDefined();

    const marks = { obo: entra.oboRequests().length, connector: connector.calls.length };
    // The new instance's first on-behalf-of meets dropped connections (MSAL retries a few times itself).
    entra.failNext(5, 'drop');
    const second = await startInstance(stateDir, 'second-outage');
    await until(() => sim.inspect(tenant.tenantId).users.length === 1, 'every user but the admin to be deleted');
    await until(() => messageTitled(admin, marks.connector, 'User deletion finished') !== undefined, 'the "finished" message');

    expect(entra.oboRequests().length - marks.obo).toBeGreaterThan(5); // the outage was met, then passed
    expect(Object.values(sim.inspect(tenant.tenantId).deleteCalls).filter((n) => n !== 1)).toEqual([]);
    expect(messageTitled(admin, marks.connector, 'User deletion stopped')).toBeUndefined();
    expect(admin.sentSince(marks.connector).filter((a) => oauthCardOf(a))).toEqual([]);
    // Still signed in: the outage did not sign the admin out of the token service.
    expect(tokens.tokenOf(admin.teamsId)).toBe(signedIn);
    await stopInstance(second);
  }, 120_000);

  it("with no token at the token service (signed out), the job stops with the sign-in message, the token service is not hammered, and the admin's next turn resumes it", async () => {
    const { stateDir, tenant, admin, deleted } = await deletionStoppedMidway('sso-signed-out', 300);
    tokens.forget(admin.teamsId);

    const atStop = await settled(deleted);
    const marks = { tokens: tokens.calls.length, graph: graph.requests.length, connector: connector.calls.length, obo: entra.oboRequests().length };
    const second = await startInstance(stateDir, 'second-2');
    await until(() => messageTitled(admin, marks.connector, 'User deletion stopped') !== undefined, 'the "stopped" message');
    expect(messageTitled(admin, marks.connector, 'User deletion stopped')).toContain('SignInRequired');
    // Over several recovery sweeps (every 100 ms) nothing asks again: one lookup, no Graph call, no deletion.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(getTokenCallsFor(admin, marks.tokens)).toHaveLength(1);
    expect(tokens.calls.slice(marks.tokens)).toHaveLength(1);
    expect(graphCallsFor(tenant, marks.graph)).toEqual([]);
    expect(entra.oboRequests().slice(marks.obo)).toEqual([]);
    expect(deleted()).toBe(atStop);
    const repository = new ClosureRepository(new FileStateStore({ dir: stateDir }));
    const stopped = (await repository.load(tenant.tenantId))!.value;
    expect(stopped.job?.status).toBe('failed');
    expect(stopped.steps.users.phase).toBe('jobFailed');

    // The admin asks for the status: Teams signs them in (token exchange), the step offers to resume.
    admin.retarget(second.url);
    expect(await admin.say('status')).toEqual({ signedIn: true });
    expect(admin.verbs()).toContain('closure.resumeJob');
    await admin.click('closure.resumeJob');
    await until(() => sim.inspect(tenant.tenantId).users.length === 1, 'every user but the admin to be deleted');
    await until(() => messageTitled(admin, marks.connector, 'User deletion finished') !== undefined, 'the "finished" message');
    const inspection = sim.inspect(tenant.tenantId);
    expect(Object.keys(inspection.deleteCalls)).toHaveLength(300);
    expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
    // The job ran on the sign-in of the admin's turn: the token service's new token, on-behalf-of.
    const signedIn = tokens.tokenOf(admin.teamsId);
    expect(
      entra
        .oboRequests()
        .slice(marks.obo)
        .every((r) => r.assertion === signedIn),
    ).toBe(true);
    expect(new Set(graphCallsFor(tenant, marks.graph).map((c) => c.authorization))).toEqual(new Set([`Bearer sim.${tenant.tenantId}.${tenant.adminId}`]));
    await stopInstance(second);
  }, 120_000);

  it('another instance takes over the job of one that went silent (its lease expired), with the token the token service holds', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sso-background-'));
    stateDirs.push(stateDir);
    const tenant = sim.addTenant({ ...SCENARIOS.small, name: 'sso-takeover', generatedUsers: { count: 500 } }, { tenantId: randomUUID() });
    // Instance A's leases can be cut off, as when it hangs or loses the store: it cannot renew its job
    // lease (and stops at its next checkpoint), nor release it; the lease expires and B takes over.
    const storeOfA = new FileStateStore({ dir: stateDir });
    let cutOff = false;
    const leases = storeOfA.leases;
    const partitioned = Object.assign(Object.create(storeOfA) as StateStore, {
      leases: {
        acquire: (name: string, owner: string, ttlMs: number) => (cutOff ? Promise.resolve(undefined) : leases.acquire(name, owner, ttlMs)),
        renew: (name: string, owner: string, ttlMs: number) => (cutOff ? Promise.resolve(undefined) : leases.renew(name, owner, ttlMs)),
        release: (name: string, owner: string) => (cutOff ? Promise.resolve() : leases.release(name, owner)),
      },
    });
    const a = await startInstance(stateDir, 'a', partitioned);
    const admin = adminOf(tenant, a.url);
    await approveDeletion(admin, tenant);
    const deleted = deletedIn(tenant);
    await until(() => deleted() >= 40, 'the deletion to be under way');
    // Slower Graph from here, so the deletion outlasts A's next lease renewal.
    sim.setLatency({ fixedMs: 250, jitterMs: 10 });
    // B starts now: the admin never talks to it, it holds no sign-in. A holds the lease, so B waits.
    const b = await startInstance(stateDir, 'b');
    const marks = { tokens: tokens.calls.length, obo: entra.oboRequests().length, graph: graph.requests.length };
    cutOff = true;

    await until(() => logs.some((l) => l.instance === 'a' && l.msg === 'Lost the deletion job lease: stopping here, another instance goes on'), 'A to lose the lease');
    // A stopped there; the rest is B's.
    expect(await settled(deleted)).toBeLessThan(500);
    sim.setLatency({ fixedMs: 40, jitterMs: 10 });
    await until(() => sim.inspect(tenant.tenantId).users.length === 1, 'every user but the admin to be deleted', 90_000);
    const inspection = sim.inspect(tenant.tenantId);
    expect(Object.keys(inspection.deleteCalls)).toHaveLength(500);
    expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
    // B looked the admin's token up once and ran on it, on-behalf-of.
    const signedIn = tokens.tokenOf(admin.teamsId);
    expect(getTokenCallsFor(admin, marks.tokens)).toHaveLength(1);
    expect(logs.filter((l) => l.instance === 'b' && l.msg === "Found the admin's sign-in at the token service")).toHaveLength(1);
    const obo = entra.oboRequests().slice(marks.obo);
    expect(obo.length).toBeGreaterThan(0);
    expect(obo.every((r) => r.assertion === signedIn)).toBe(true);
    expect(new Set(graphCallsFor(tenant, marks.graph).map((c) => c.authorization))).toEqual(new Set([`Bearer sim.${tenant.tenantId}.${tenant.adminId}`]));
    await stopInstance(b);
    await stopInstance(a);
  }, 120_000);
});
