import { fakeDateOnly } from '../support/fake-date';
import { BearerRecorder } from '../support/bearer-recorder';
import { loadConfig } from '../../src/config';
import { createGraphAccess, GraphAccess, SignInLookupOptions } from '../../src/graph/graph-access';
import { MAX_ADMINS_KEPT } from '../../src/graph/sso-sign-ins';
import { SilentSignIn } from '../../src/ports';
import { failureOf } from '../support/failure-of';
import { LocalEntra } from '../support/local-entra';

const bot = { BOT_ID: 'b0b0b0b0-0000-0000-0000-000000000000', BOT_PASSWORD: 'bot-secret' };
const principal = { tenantId: '11111111-2222-3333-4444-555555555555', userId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
const simToken = `Bearer sim.${principal.tenantId}.${principal.userId}`;

/** A silent sign-in that answers what the test says and records each question. */
class ScriptedSignIn implements SilentSignIn {
  readonly asked: Array<{ tenantId: string; userId: string }> = [];
  answer: () => Promise<string | undefined> = async () => undefined;
  async storedSignIn(admin: { tenantId: string; userId: string }): Promise<string | undefined> {
    this.asked.push(admin);
    return this.answer();
  }
}

/**
 * GRAPH_AUTH=sso without a turn: Graph access looks for the admin's sign-in in memory first, then
 * asks the silent sign-in (the token service) once, and only then fails with SignInRequired. A miss
 * is remembered for a while, so background work cannot hammer the token service.
 */
describe('Graph access (sso): remembered sign-in, then the token service, then SignInRequired', () => {
  let entra: LocalEntra;
  const graph = new BearerRecorder();
  let clock = 1_000_000;

  beforeAll(async () => {
    entra = await new LocalEntra({ clientId: bot.BOT_ID, clientSecret: bot.BOT_PASSWORD }).start();
    await graph.start();
  });

  afterAll(async () => {
    await entra.stop();
    await graph.stop();
  });

  beforeEach(() => {
    graph.bearers.length = 0;
    entra.requests.length = 0;
    entra.consentMissing.clear();
    clock = 1_000_000;
  });

  function access(silent?: SilentSignIn, options: SignInLookupOptions = {}, auth: 'sso' | 'static' | 'app' = 'sso'): GraphAccess {
    const env = { ...bot, BOT_TENANT_ID: principal.tenantId, GRAPH_ENDPOINT: graph.url };
    const config =
      auth === 'sso'
        ? loadConfig({ ...env, GRAPH_AUTH: 'sso', SSO_CONNECTION_NAME: 'graph' })
        : auth === 'app'
          ? loadConfig({ ...env, GRAPH_AUTH: 'app', GRAPH_CLIENT_ID: bot.BOT_ID, GRAPH_CLIENT_SECRET: bot.BOT_PASSWORD })
          : loadConfig({ ...env, GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}' });
    const created = createGraphAccess(config, undefined, { authorityHost: entra.origin, tlsOptions: { ca: entra.certificate!.cert }, disableInstanceDiscovery: true }, { now: () => clock, ...options });
    if (silent) created.useSilentSignIn(silent);
    return created;
  }

  const fresh = () => entra.userToken({ tenantId: principal.tenantId, objectId: principal.userId });
  const expired = () => entra.userToken({ tenantId: principal.tenantId, objectId: principal.userId }, { exp: Math.floor(Date.now() / 1000) - 600 });
  const me = (a: GraphAccess) => a.client(principal).api('/me').get();

  it('a remembered sign-in that works: the token service is never asked', async () => {
    const silent = new ScriptedSignIn();
    const a = access(silent);
    a.rememberSignIn(principal, fresh());
    await me(a);
    await me(a);
    expect(graph.bearers).toEqual([simToken, simToken]);
    expect(silent.asked).toEqual([]);
  });

  it('nothing remembered (a restart, another instance): asks the token service once, exchanges its token on-behalf-of, and keeps it', async () => {
    const silent = new ScriptedSignIn();
    const token = fresh();
    silent.answer = async () => token;
    const a = access(silent);
    await me(a);
    await me(a);
    await a.client(principal, 'beta').api('/organization').get();
    expect(graph.bearers).toEqual([simToken, simToken, simToken]);
    expect(silent.asked).toEqual([principal]);
    expect(entra.oboRequests().map((r) => r.assertion)).toEqual([token]);
  });

  it('concurrent calls with nothing remembered share one question to the token service', async () => {
    const silent = new ScriptedSignIn();
    const token = fresh();
    silent.answer = () => new Promise((r) => setTimeout(() => r(token), 50));
    const a = access(silent);
    await Promise.all(Array.from({ length: 10 }, () => me(a)));
    expect(graph.bearers).toHaveLength(10);
    expect(silent.asked).toHaveLength(1);
  });

  it("a remembered assertion Entra refuses (expired): the token service's newer token takes over", async () => {
    const silent = new ScriptedSignIn();
    const newer = fresh();
    silent.answer = async () => newer;
    const a = access(silent);
    const old = expired();
    a.rememberSignIn(principal, old);
    await me(a);
    expect(graph.bearers).toEqual([simToken]);
    expect(silent.asked).toHaveLength(1);
    expect(entra.oboRequests().map((r) => r.assertion)).toEqual([old, newer]);
    // The newer one is remembered: no further question, no further on-behalf-of (MSAL's cache).
    await me(a);
    expect(silent.asked).toHaveLength(1);
    expect(entra.oboRequests()).toHaveLength(2);
  });

  /** A remembered sign-in, then one call while Entra ID fails every token request as `kind` says. */
  async function callDuringEntraOutage(kind: 'drop' | 'unavailable') {
    const silent = new ScriptedSignIn();
    silent.answer = async () => fresh();
    const a = access(silent);
    const assertion = fresh();
    a.rememberSignIn(principal, assertion);
    entra.failNext(100, kind);
    const outage = await failureOf(me(a));
    entra.failNext(0, kind);
    expect(outage).toMatchObject({ code: 'IdentityUnavailable', status: 503 });
    expect(outage.transient).toBe(true);
    expect(graph.bearers).toEqual([]);
    return { a, silent, assertion, outage };
  }

  it('Entra ID drops the connection on-behalf-of: IdentityUnavailable (transient), the sign-in is kept and works once Entra answers, the token service never asked', async () => {
    const { a, silent, assertion } = await callDuringEntraOutage('drop');
    await me(a);
    expect(graph.bearers).toEqual([simToken]);
    expect(silent.asked).toEqual([]);
    expect(new Set(entra.oboRequests().map((r) => r.assertion))).toEqual(new Set([assertion]));
  });

  it('Entra ID answers 503 (AADSTS90033): IdentityUnavailable, also while MSAL holds the request back (60 s), then the same sign-in works; the token service never asked', async () => {
    const { a, silent, assertion, outage } = await callDuringEntraOutage('unavailable');
    expect(outage.message).toContain('AADSTS90033');
    // MSAL answers from its throttling cache for a while, without asking Entra: still an outage, not a refusal.
    const asked = entra.oboRequests().length;
    expect(await failureOf(me(a))).toMatchObject({ code: 'IdentityUnavailable' });
    expect(entra.oboRequests()).toHaveLength(asked);
    fakeDateOnly();
    try {
      jest.setSystemTime(Date.now() + 61_000);
      await me(a);
    } finally {
      jest.useRealTimers();
    }
    expect(graph.bearers).toEqual([simToken]);
    expect(silent.asked).toEqual([]);
    expect(new Set(entra.oboRequests().map((r) => r.assertion))).toEqual(new Set([assertion]));
  });

  it('the token service cannot be asked: IdentityUnavailable (transient), not a miss, so the next call asks again and goes on', async () => {
    const silent = new ScriptedSignIn();
    silent.answer = async () => {
      throw new Error('Token service unavailable (ECONNREFUSED)');
    };
    const a = access(silent);
    const outage = await failureOf(me(a));
    expect(outage).toMatchObject({ code: 'IdentityUnavailable', status: 503 });
    expect(outage.message).toContain('ECONNREFUSED');
    const token = fresh();
    silent.answer = async () => token;
    await me(a);
    expect(silent.asked).toHaveLength(2);
    expect(graph.bearers).toEqual([simToken]);
  });

  it('no token at the token service: SignInRequired; the miss holds for missTtlMs, then it is asked again', async () => {
    const silent = new ScriptedSignIn();
    const a = access(silent, { missTtlMs: 30_000 });
    const first = await failureOf(me(a));
    expect(first.code).toBe('SignInRequired');
    expect(first.message).toMatch(/No Teams sign-in/);
    for (let i = 0; i < 20; i++) expect((await failureOf(me(a))).code).toBe('SignInRequired');
    expect(silent.asked).toHaveLength(1);
    clock += 29_999;
    await failureOf(me(a));
    expect(silent.asked).toHaveLength(1);
    clock += 2;
    const token = fresh();
    silent.answer = async () => token;
    await me(a);
    expect(silent.asked).toHaveLength(2);
    expect(graph.bearers).toEqual([simToken]);
    expect(entra.oboRequests()).toHaveLength(1);
  });

  it('the default miss lasts a minute', async () => {
    const silent = new ScriptedSignIn();
    const a = access(silent);
    await failureOf(me(a));
    clock += 59_000;
    await failureOf(me(a));
    expect(silent.asked).toHaveLength(1);
    clock += 2_000;
    await failureOf(me(a));
    expect(silent.asked).toHaveLength(2);
  });

  it("a turn's sign-in ends a miss at once", async () => {
    const silent = new ScriptedSignIn();
    const a = access(silent);
    await failureOf(me(a));
    a.rememberSignIn(principal, fresh());
    await me(a);
    expect(graph.bearers).toEqual([simToken]);
    expect(silent.asked).toHaveLength(1);
  });

  it("the token service returns the assertion Entra just refused: SignInRequired with Entra's reason, and a miss", async () => {
    const silent = new ScriptedSignIn();
    const old = expired();
    silent.answer = async () => old;
    const a = access(silent);
    a.rememberSignIn(principal, old);
    const failure = await failureOf(me(a));
    expect(failure.code).toBe('SignInRequired');
    expect(failure.message).toMatch(/On-behalf-of failed: .*AADSTS500133/);
    expect(silent.asked).toHaveLength(1);
    // Entra was asked once: the same assertion is not tried twice in a row.
    expect(entra.oboRequests()).toHaveLength(1);
    await failureOf(me(a));
    expect(silent.asked).toHaveLength(1);
    expect(entra.oboRequests()).toHaveLength(1);
  });

  it("the token service's token is refused by Entra too: SignInRequired and a miss (Entra is not asked again either)", async () => {
    const silent = new ScriptedSignIn();
    silent.answer = async () => expired();
    const a = access(silent);
    const failure = await failureOf(me(a));
    expect(failure.code).toBe('SignInRequired');
    expect(failure.message).toMatch(/AADSTS500133/);
    for (let i = 0; i < 5; i++) await failureOf(me(a));
    expect(silent.asked).toHaveLength(1);
    expect(entra.oboRequests()).toHaveLength(1);
    expect(graph.bearers).toEqual([]);
  });

  it("missing consent on the token service's token is ConsentRequired (signing in again cannot help)", async () => {
    const silent = new ScriptedSignIn();
    silent.answer = async () => fresh();
    entra.consentMissing.add(principal.tenantId);
    const a = access(silent);
    expect((await failureOf(me(a))).code).toBe('ConsentRequired');
    entra.consentMissing.clear();
    await me(a);
    expect(graph.bearers).toEqual([simToken]);
    // The token stayed remembered through the consent refusal.
    expect(silent.asked).toHaveLength(1);
  });

  it('admins are looked up one by one: a miss for one is not a miss for another', async () => {
    const silent = new ScriptedSignIn();
    const a = access(silent);
    await failureOf(me(a));
    const other = { tenantId: principal.tenantId, userId: 'cccccccc-bbbb-cccc-dddd-eeeeeeeeeeee' };
    const token = entra.userToken({ tenantId: other.tenantId, objectId: other.userId });
    silent.answer = async () => token;
    await a.client(other).api('/me').get();
    expect(graph.bearers).toEqual([`Bearer sim.${other.tenantId}.${other.userId}`]);
    expect(silent.asked).toEqual([principal, other]);
  });

  it(`keeps at most ${MAX_ADMINS_KEPT} admins' sign-ins in memory: the oldest goes, and is read from the token service again when needed`, async () => {
    const silent = new ScriptedSignIn();
    const a = access(silent);
    const admins = Array.from({ length: MAX_ADMINS_KEPT + 1 }, (_, i) => ({ tenantId: principal.tenantId, userId: `${String(i).padStart(8, '0')}-bbbb-cccc-dddd-eeeeeeeeeeee` }));
    for (const admin of admins) a.rememberSignIn(admin, entra.userToken({ tenantId: admin.tenantId, objectId: admin.userId }));
    const newest = admins[admins.length - 1];
    await a.client(newest).api('/me').get();
    expect(silent.asked).toEqual([]);
    const oldest = admins[0];
    const fromService = entra.userToken({ tenantId: oldest.tenantId, objectId: oldest.userId });
    silent.answer = async () => fromService;
    await a.client(oldest).api('/me').get();
    expect(silent.asked).toEqual([oldest]);
    expect(graph.bearers).toEqual([`Bearer sim.${newest.tenantId}.${newest.userId}`, `Bearer sim.${oldest.tenantId}.${oldest.userId}`]);
  });

  it.each(['static', 'app'] as const)('%s: the silent sign-in is never asked', async (auth) => {
    const silent = new ScriptedSignIn();
    const a = access(silent, {}, auth);
    await me(a);
    expect(graph.bearers).toHaveLength(1);
    expect(silent.asked).toEqual([]);
  });
});
