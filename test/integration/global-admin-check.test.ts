import { createServer, Server } from 'node:http';
import { DEMO_TENANT, GraphSimulator, SCENARIOS, ScenarioSpec, startGraphSimulator } from '../../graph-sim';
import { defaultAdminConsent } from '../../graph-sim/directory/consent';
import { authorizeGlobalAdmin } from '../../src/closure/authorize';
import { Turn } from '../../src/closure/turn';
import { createGraphClient } from '../../src/graph/graph-client.factory';
import { GraphDirectory } from '../../src/graph/graph-directory';
import { GraphFailure } from '../../src/ports/graph-failure';
import { t } from '../../src/steps/texts';
import { GLOBAL_ADMIN_ROLE_TEMPLATE_ID } from '../../src/ports/directory.port';

const GA_THROUGH_GROUP: ScenarioSpec = {
  ...SCENARIOS.small,
  name: 'ga-through-group',
  displayName: 'Northwind Groups',
  initialDomain: 'northwindgroups.onmicrosoft.com',
  users: [
    { displayName: 'Grace Group', upnLocal: 'grace', groups: ['Tenant Admins'] },
    { displayName: 'Eli Eligible', upnLocal: 'eli', eligibleRoles: ['globalAdministrator'] },
    { displayName: 'Nora Nobody', upnLocal: 'nora' },
  ],
  generatedUsers: undefined,
  groups: [{ displayName: 'Tenant Admins', isAssignableToRole: true, roles: ['globalAdministrator'] }],
};

/**
 * The bot's Global Administrator check (GraphDirectory.globalAdminStatus, authorizeGlobalAdmin)
 * against the simulator, granted exactly the scopes aad.manifest.json declares unless a case says
 * otherwise: the requests Microsoft documents, roles through groups, PIM, and failing closed.
 */
describe('Global Administrator check under least privilege', () => {
  let sim: GraphSimulator;
  let groups: { tenantId: string; ids: Record<string, string> };
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['demo', GA_THROUGH_GROUP, 'small'] });
    const info = sim.tenants().find((x) => x.scenario === 'ga-through-group')!;
    const users = sim.inspect(info.tenantId).users;
    const id = (upn: string) => users.find((u) => u.userPrincipalName.startsWith(`${upn}@`))!.id;
    groups = { tenantId: info.tenantId, ids: { admin: info.adminId, grace: id('grace'), eli: id('eli'), nora: id('nora') } };
  });
  afterAll(() => sim.close());

  // The token of the signed-in admin: a JWT whose scp is what the tenant consented to.
  const directory = (tenantId: string, userId: string) => new GraphDirectory(createGraphClient({ endpoint: sim.url, token: async () => sim.issueToken(tenantId, userId), maxRetries: 0 }));
  const turn = (tenantId: string, userId: string, locale: Turn['locale'] = 'en'): Turn => ({ tenantId, actor: { aadObjectId: userId, name: 'Someone' }, locale, conversation: {} });

  it('counts a role assigned directly', async () => {
    expect(await directory(DEMO_TENANT.tenantId, DEMO_TENANT.adminId).globalAdminStatus(DEMO_TENANT.adminId)).toBe('active');
  });

  it("reads the tenant's Global Administrator role once per process, when a cache is shared: one Graph read fewer per check", async () => {
    const { tenantId, ids } = groups;
    const shared = { tenantId, ids: new Map<string, string>() };
    const cached = () => new GraphDirectory(createGraphClient({ endpoint: sim.url, token: async () => sim.issueToken(tenantId, ids.admin), maxRetries: 0 }), shared);
    const requests = () => sim.inspect(tenantId).counters.requests;
    let before = requests();
    expect(await cached().globalAdminStatus(ids.grace)).toBe('active');
    const first = requests() - before;
    before = requests();
    expect(await cached().globalAdminStatus(ids.grace)).toBe('active');
    expect(requests() - before).toBe(first - 1);
    expect(await cached().globalAdminStatus(ids.nora)).toBe('none');
    expect(shared.ids.size).toBe(1);
  });

  it('counts a role held through a role-assignable group', async () => {
    const { tenantId, ids } = groups;
    expect(await directory(tenantId, ids.grace).globalAdminStatus(ids.grace)).toBe('active');
    expect((await authorizeGlobalAdmin(turn(tenantId, ids.grace), directory(tenantId, ids.grace))).ok).toBe(true);
  });

  it('tells a role only eligible in PIM from one held, and asks to activate it, in en, it and fr', async () => {
    const { tenantId, ids } = groups;
    expect(await directory(tenantId, ids.eli).globalAdminStatus(ids.eli)).toBe('eligibleOnly');
    const refused = await authorizeGlobalAdmin(turn(tenantId, ids.eli), directory(tenantId, ids.eli));
    expect(refused).toEqual({ ok: false, reply: expect.objectContaining({ textKey: 'refusal.activateGlobalAdmin' }) });
    const texts = (['en', 'it', 'fr'] as const).map((locale) => t(locale, 'refusal.activateGlobalAdmin'));
    for (const text of texts) expect(text).toMatch(/Privileged Identity Management/);
    expect(new Set(texts).size).toBe(3);
    // Once activated, the role is held.
    sim.admin(tenantId).activateRole(ids.eli, 'globalAdministrator');
    expect(await directory(tenantId, ids.eli).globalAdminStatus(ids.eli)).toBe('active');
  });

  it('refuses a non-admin, with PIM (an empty eligibility list) and without (AadPremiumLicenseRequired)', async () => {
    const { tenantId, ids } = groups;
    expect(await directory(tenantId, ids.nora).globalAdminStatus(ids.nora)).toBe('none');
    expect(await directory(DEMO_TENANT.tenantId, DEMO_TENANT.nonAdminId).globalAdminStatus(DEMO_TENANT.nonAdminId)).toBe('none');
    const refused = await authorizeGlobalAdmin(turn(DEMO_TENANT.tenantId, DEMO_TENANT.nonAdminId), directory(DEMO_TENANT.tenantId, DEMO_TENANT.nonAdminId));
    expect(refused).toEqual({ ok: false, reply: expect.objectContaining({ textKey: 'refusal.notGlobalAdmin' }) });
  });

  it('fails closed when the roles cannot be read: the 403 propagates with the refused request, nothing is decided', async () => {
    const small = sim.tenants().find((x) => x.scenario === 'small')!;
    sim.admin(small.tenantId).setAdminConsent(defaultAdminConsent().filter((s) => s !== 'RoleManagement.Read.Directory'));
    const failure = await authorizeGlobalAdmin(turn(small.tenantId, small.adminId), directory(small.tenantId, small.adminId)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GraphFailure);
    expect(failure).toMatchObject({ status: 403, code: 'Authorization_RequestDenied', request: { method: 'GET', path: `/directoryRoles(roleTemplateId='${GLOBAL_ADMIN_ROLE_TEMPLATE_ID}')` } });
    // The scp the bot's token carries is what the simulator granted: the permission is missing from it.
    const token = sim.issueToken(small.tenantId, small.adminId);
    const scp = String(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).scp).split(' ');
    expect(scp).not.toContain('RoleManagement.Read.Directory');
    expect(scp).toContain('User.Read');
  });
});

/**
 * Limited information: when membership lists return a role as a bare `id` and `@odata.type`, the
 * role is still recognised by the Global Administrator directoryRole's object id. A scripted Graph
 * on loopback answers as a real tenant would for an app that may read the role object but gets the
 * membership entry trimmed.
 */
describe('Global Administrator check with a bare-id membership entry', () => {
  const ROLE_OBJECT_ID = '9d1c8b7a-0000-4000-8000-00000000ga01';
  let server: Server;
  let url = '';
  const seen: Array<{ path: string; consistency?: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? '');
      seen.push({ path, consistency: req.headers['consistencylevel'] as string | undefined });
      res.setHeader('content-type', 'application/json');
      if (path.startsWith(`/v1.0/directoryRoles(roleTemplateId='${GLOBAL_ADMIN_ROLE_TEMPLATE_ID}')`)) {
        return res.end(JSON.stringify({ id: ROLE_OBJECT_ID, roleTemplateId: GLOBAL_ADMIN_ROLE_TEMPLATE_ID }));
      }
      if (path.includes('/transitiveMemberOf/microsoft.graph.directoryRole')) {
        return res.end(JSON.stringify({ '@odata.count': 1, value: [{ '@odata.type': '#microsoft.graph.directoryRole', id: ROLE_OBJECT_ID, roleTemplateId: null }] }));
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: 'not scripted' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('recognises the role by its object id, and asks for the membership as an advanced query', async () => {
    const directory = new GraphDirectory(createGraphClient({ endpoint: url, token: async () => 'token', maxRetries: 0 }));
    expect(await directory.globalAdminStatus('3f2c0d1e-0000-4000-8000-000000000001')).toBe('active');
    const membership = seen.find((s) => s.path.includes('transitiveMemberOf'))!;
    expect(membership.path).toMatch(/\$count=true/);
    expect(membership.consistency).toBe('eventual');
  });
});
