import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator, TenantInfo } from '../../graph-sim';
import { loadConfig } from '../../src/config';
import { RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { ClosureDriver } from '../support/closure-driver';
import { FakeConnector } from '../support/fake-connector';
import { graphError } from '../support/scripted-graph';
import { RecordingProxy } from '../support/recording-proxy';

const FEW_MINUTES = /few minutes|qualche minuto|quelques minutes/;

/**
 * Permanent and transient failures told apart, as an admin meets them: the bot on the simulator,
 * behind a proxy that answers Graph's refusals the simulator does not produce.
 */
describe('permanent errors are explained; only transient ones say "try again in a few minutes"', () => {
  let sim: GraphSimulator;
  let proxy: RecordingProxy;
  let connector: FakeConnector;
  let bot: RunningBot;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
    proxy = await new RecordingProxy(sim.url).start();
    connector = await new FakeConnector().start();
    bot = await startBot(loadConfig({ PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: proxy.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent' }), { log: createLogger('silent') });
  });

  afterEach(() => (proxy.answer = undefined));

  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await proxy?.stop();
    await sim?.close();
  });

  const driverFor = (tenant: TenantInfo, locale = 'en-US') => new ClosureDriver(bot.url, connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Acting Admin' }, locale);
  const refuse = (method: string, path: RegExp, status: number, code: string, message: string) =>
    (proxy.answer = (r) => (r.method === method && path.test(r.path.split('?')[0]) ? { status, body: graphError(code, message) } : undefined));

  it('a 403 while the inventory is read names the request and the permissions that allow it; "Check again" after the fix goes on, not the same card', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = driverFor(tenant);
    await driver.say('close account');
    refuse('GET', /^\/v1\.0\/applications$/, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    await driver.click('closure.start');
    await driver.waitFor((d) => d.verbs().includes('closure.retry'), 'the inventory error');
    const text = driver.text;
    expect(text).toContain('Microsoft Graph refused GET /applications (Authorization_RequestDenied)');
    // Static tokens carry no scopes: the permissions Microsoft's data names, and which of them the app declares.
    expect(text).toMatch(/one of these permissions allows it: Application\.Read\.All, Application\.ReadWrite\.All.*This app declares Application\.ReadWrite\.All/);
    expect(text).not.toMatch(FEW_MINUTES);
    expect(text).not.toContain('Use "Try again"');
    // What could not be read is unknown, not 0.
    expect(text).toMatch(/App registrations\s+Unknown: could not be read/);
    expect(driver.actions.find((a) => a.verb === 'closure.retry')?.title).toBe('Check again');

    proxy.answer = undefined; // an administrator granted the permission
    await driver.click('closure.retry');
    await driver.waitFor((d) => d.verbs().includes('closure.acknowledgeBackup'), 'the backup step');
    expect(driver.text).not.toContain('refused');
  });

  it.each([
    [400, 'Request_UnsupportedQuery', 'Unsupported query.', /Microsoft Graph refused GET \/organization \(Request_UnsupportedQuery\)\. Its reason: Unsupported query\./],
    [404, 'Request_ResourceNotFound', "Resource 'organization' does not exist.", /GET \/organization does not exist \(Request_ResourceNotFound\).*this Microsoft cloud does not offer it/],
  ])('a %s at the start of a turn says what Graph refused and why, never "try again in a few minutes"', async (status, code, message, expected) => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = driverFor(tenant);
    refuse('GET', /^\/v1\.0\/organization$/, status, code, message);
    await driver.say('close account');
    expect(driver.text).toMatch(expected);
    expect(driver.text).not.toMatch(FEW_MINUTES);
  });

  it('a server error that stays after the retries is transient: "try again in a few minutes", in the admin’s language', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = driverFor(tenant, 'it-IT');
    refuse('GET', /^\/v1\.0\/organization$/, 500, 'InternalServerError', 'Oops.');
    await driver.say('chiudi account');
    expect(driver.text).toMatch(/Riprova tra qualche minuto/);
  });

  it('a 403 at the start of a turn is explained with the request and what allows it (static tokens: no scopes to compare)', async () => {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const driver = driverFor(tenant, 'fr-FR');
    refuse('GET', /^\/v1\.0\/directory\/subscriptions$/, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    await driver.say('fermer le compte');
    expect(driver.text).toMatch(
      /Microsoft Graph a refusé GET \/directory\/subscriptions \(Authorization_RequestDenied\)\. Selon Microsoft, l'une de ces autorisations la permet : Organization\.Read\.All, Directory\.Read\.All/,
    );
    expect(driver.text).not.toMatch(FEW_MINUTES);
  });
});
