import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ARM_API_VERSIONS, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { rootRoleAssignmentsPath, ROLE_ASSIGNMENTS_API_VERSION, subscriptionsPath, SUBSCRIPTIONS_API_VERSION, USER_ACCESS_ADMINISTRATOR_ROLE_ID } from '../../src/azure';
import { ArmSubscriptions } from '../../src/azure';

/** Microsoft's REST specifications, as vendored (vendor/microsoft/azure-rest-api-specs). */
const SPECS = join(__dirname, '..', '..', 'vendor', 'microsoft', 'azure-rest-api-specs');
type Spec = { info: { version: string }; paths: Record<string, { get?: { parameters: Array<{ $ref: string }> } }>; parameters: Record<string, { name: string; required: boolean }> };
const subscriptionsSpec = JSON.parse(readFileSync(join(SPECS, 'Microsoft.Resources-2022-12-01-subscriptions.json'), 'utf8')) as Spec;
const roleAssignmentsSpec = JSON.parse(readFileSync(join(SPECS, 'Microsoft.Authorization-2022-04-01-roleAssignments.json'), 'utf8')) as Spec;

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(subscriptionsSpec, 'subscriptions');
ajv.addSchema(roleAssignmentsSpec, 'roleAssignments');
const validSubscriptionList = ajv.compile({ $ref: 'subscriptions#/definitions/SubscriptionListResult' });
const validRoleAssignmentList = ajv.compile({ $ref: 'roleAssignments#/definitions/RoleAssignmentListResult' });

/** The path template a request matches, with `{scope}` empty for the root scope "/". */
function specPathOf(spec: Spec, request: string): string | undefined {
  const path = new URL(request, 'https://management.azure.com').pathname;
  return Object.keys(spec.paths).find((template) => new RegExp(`^${template.replace('/{scope}', '(/.*)?').replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i').test(path));
}

async function get(url: string, token?: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe("the bot's Resource Manager requests follow the vendored specifications", () => {
  it('GET /subscriptions is Subscriptions_List at api-version 2022-12-01', () => {
    expect(specPathOf(subscriptionsSpec, subscriptionsPath())).toBe('/subscriptions');
    expect(SUBSCRIPTIONS_API_VERSION).toBe(subscriptionsSpec.info.version);
    expect(new URL(subscriptionsPath(), 'https://x').searchParams.get('api-version')).toBe(subscriptionsSpec.info.version);
    expect(subscriptionsSpec.parameters.ApiVersionParameter).toMatchObject({ name: 'api-version', required: true });
  });

  it('the root-scope role assignments are RoleAssignments_ListForScope at api-version 2022-04-01, with a documented $filter', () => {
    const request = rootRoleAssignmentsPath('11111111-2222-3333-4444-555555555555');
    expect(specPathOf(roleAssignmentsSpec, request)).toBe('/{scope}/providers/Microsoft.Authorization/roleAssignments');
    expect(ROLE_ASSIGNMENTS_API_VERSION).toBe(roleAssignmentsSpec.info.version);
    const query = new URL(request, 'https://x').searchParams;
    expect(query.get('api-version')).toBe(roleAssignmentsSpec.info.version);
    expect(roleAssignmentsSpec.parameters.RoleAssignmentFilterParameter.name).toBe('$filter');
    expect(query.get('$filter')).toBe("atScope() and assignedTo('11111111-2222-3333-4444-555555555555')");
  });

  it("the simulator serves exactly the specifications' api-versions", () => {
    expect(ARM_API_VERSIONS).toEqual({ subscriptions: subscriptionsSpec.info.version, roleAssignments: roleAssignmentsSpec.info.version });
  });
});

describe('graph-sim: the simulated Resource Manager answers as the specifications say, and as strictly as ARM', () => {
  let sim: GraphSimulator;
  let arm: string;
  let tenantId: string;
  let adminId: string;
  let otherId: string;
  beforeEach(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo'] });
    arm = `${sim.url}/arm`;
    ({ tenantId, adminId } = sim.tenants()[0]);
    otherId = sim.inspect(tenantId).users.find((u) => u.id !== adminId)!.id;
  });
  afterEach(() => sim.close());

  it('lists subscriptions of every state with the properties and enums of Subscription, and requires nextLink', async () => {
    // The validator is the specification's: it refuses what the specification refuses.
    expect(validSubscriptionList({ value: [] })).toBe(false);
    expect(validSubscriptionList({ value: [{ state: 'Cancelled' }], nextLink: '' })).toBe(false);
    expect(validRoleAssignmentList({ value: [{ properties: { scope: '/' } }] })).toBe(false);
    const portal = sim.azure(tenantId);
    for (const state of ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'] as const) portal.addSubscription({ displayName: `Sub ${state}`, state, roleHolders: [adminId] });
    for (const token of [sim.armTokenFor(tenantId, adminId), sim.issueArmToken(tenantId, adminId)]) {
      const { status, body, headers } = await get(`${arm}${subscriptionsPath()}`, token);
      expect(status).toBe(200);
      expect(validSubscriptionList(body)).toBe(true);
      expect(validSubscriptionList.errors ?? []).toEqual([]);
      expect((body.value as Array<{ state: string; tenantId: string }>).map((s) => s.state)).toEqual(['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted']);
      expect(headers.get('x-ms-request-id')).toBeTruthy();
    }
  });

  it('shows a user only the subscriptions where they hold a role, and every one with elevated access', async () => {
    const portal = sim.azure(tenantId);
    portal.addSubscription({ displayName: 'Theirs', roleHolders: [otherId] });
    const list = async () => ((await get(`${arm}${subscriptionsPath()}`, sim.armTokenFor(tenantId, adminId))).body.value as unknown[]).length;
    expect(await list()).toBe(0);
    portal.setElevatedAccess(adminId, true);
    expect(await list()).toBe(1);
  });

  it('pages by nextLink, and the last page carries an empty one', async () => {
    const portal = sim.azure(tenantId);
    portal.setElevatedAccess(adminId, true);
    for (let i = 0; i < 150; i++) portal.addSubscription({ displayName: `S${i}` });
    const first = await get(`${arm}${subscriptionsPath()}`, sim.armTokenFor(tenantId, adminId));
    expect((first.body.value as unknown[]).length).toBe(100);
    expect(first.body.nextLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/arm\/subscriptions\?api-version=2022-12-01&/);
    const second = await get(first.body.nextLink as string, sim.armTokenFor(tenantId, adminId));
    expect(validSubscriptionList(second.body)).toBe(true);
    expect((second.body.value as unknown[]).length).toBe(50);
    expect(second.body.nextLink).toBe('');
  });

  it('root-scope role assignments: User Access Administrator at "/" for an elevated admin (RoleAssignment, required properties), 403 AuthorizationFailed otherwise', async () => {
    const url = `${arm}${rootRoleAssignmentsPath(adminId)}`;
    const refused = await get(url, sim.armTokenFor(tenantId, adminId));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'AuthorizationFailed', message: expect.stringContaining("over scope '/'") } });
    sim.azure(tenantId).setElevatedAccess(adminId, true);
    const { status, body } = await get(url, sim.armTokenFor(tenantId, adminId));
    expect(status).toBe(200);
    expect(validRoleAssignmentList(body)).toBe(true);
    expect(validRoleAssignmentList.errors ?? []).toEqual([]);
    expect(body.value).toEqual([
      expect.objectContaining({ properties: expect.objectContaining({ scope: '/', principalId: adminId, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${USER_ACCESS_ADMINISTRATOR_ROLE_ID}` }) }),
    ]);
  });

  it.each([
    ['no api-version', (u: string) => u.replace(/api-version=[^&]+&?/, ''), 400, 'MissingApiVersionParameter'],
    ['an api-version the specification does not define', (u: string) => u.replace('2022-12-01', '2016-06-01'), 400, 'InvalidApiVersionParameter'],
  ])('refuses %s', async (_label, change, status, code) => {
    const { status: got, body } = await get(change(`${arm}${subscriptionsPath()}`), sim.armTokenFor(tenantId, adminId));
    expect(got).toBe(status);
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('takes only a token for its own audience: none, a Graph token, a garbled one are 401 with a challenge', async () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'AuthenticationFailed'],
      [sim.tokenFor(tenantId, adminId), 'InvalidAuthenticationTokenAudience'],
      [sim.issueToken(tenantId, adminId), 'InvalidAuthenticationTokenAudience'],
      ['not-a-token', 'InvalidAuthenticationToken'],
    ];
    for (const [token, code] of cases) {
      const { status, body, headers } = await get(`${arm}${subscriptionsPath()}`, token);
      expect([status, (body.error as { code: string }).code]).toEqual([401, code]);
      expect(headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
    // And Graph refuses a Resource Manager token.
    const graph = await get(`${sim.url}/v1.0/organization`, sim.issueArmToken(tenantId, adminId));
    expect(graph.status).toBe(401);
  });

  it("without the tenant's consent, Entra issues no ARM token and a static one is refused", async () => {
    sim.azure(tenantId).setArmConsent(false);
    expect(() => sim.issueArmToken(tenantId, adminId)).toThrow(/AADSTS65001/);
    const { status } = await get(`${arm}${subscriptionsPath()}`, sim.armTokenFor(tenantId, adminId));
    expect(status).toBe(401);
  });
});

describe('the Resource Manager adapter reads the four cases from the simulator', () => {
  let sim: GraphSimulator;
  let tenantId: string;
  let adminId: string;
  let reader: ArmSubscriptions;
  beforeEach(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo'] });
    ({ tenantId, adminId } = sim.tenants()[0]);
    reader = new ArmSubscriptions({ endpoint: `${sim.url}/arm`, token: async (t, u) => sim.armTokenFor(t, u) });
  });
  afterEach(() => sim.close());

  it('elevated access and no subscription: read, empty, elevated', async () => {
    sim.azure(tenantId).setElevatedAccess(adminId, true);
    expect(await reader.read(tenantId, adminId)).toEqual({ read: true, count: 0, names: [], states: {}, elevated: true });
  });

  it('no elevated access and none visible: read, empty, not elevated (proves nothing)', async () => {
    expect(await reader.read(tenantId, adminId)).toEqual({ read: true, count: 0, names: [], states: {}, elevated: false });
  });

  it('subscriptions present: their count, names and states', async () => {
    sim.azure(tenantId).addSubscription({ displayName: 'Production', roleHolders: [adminId] });
    sim.azure(tenantId).addSubscription({ displayName: 'Old trial', state: 'Disabled', roleHolders: [adminId] });
    expect(await reader.read(tenantId, adminId)).toMatchObject({ read: true, count: 2, names: ['Production', 'Old trial'], states: { Enabled: 1, Disabled: 1 } });
  });

  it('no consent: no token, a refused token, or Entra refusing to issue one', async () => {
    sim.azure(tenantId).setArmConsent(false);
    expect(await reader.read(tenantId, adminId)).toMatchObject({ read: false, reason: 'noConsent', status: 401 });
    const noToken = new ArmSubscriptions({ endpoint: `${sim.url}/arm`, token: async () => undefined });
    expect(await noToken.read(tenantId, adminId)).toEqual({ read: false, reason: 'noConsent' });
    const entraRefuses = new ArmSubscriptions({ endpoint: `${sim.url}/arm`, token: async (t, u) => sim.issueArmToken(t, u) });
    expect(await entraRefuses.read(tenantId, adminId)).toEqual({ read: false, reason: 'noConsent' });
  });
});
