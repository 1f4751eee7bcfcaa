import { randomUUID } from 'node:crypto';
import { GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { conformanceViolations, GraphRequestRecord, Violation, withBatchItems } from '../../graph-reference/conformance';
import { GraphCloud } from '../../graph-reference/csdl';
import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { loadConfig } from '../../src/config';
import { GraphDirectory } from '../../src/graph';
import { createGraphClient } from '../../src/graph';
import { GraphTenantOperations } from '../../src/steps/tenant.operations';
import { startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { ProxiedRequest, RecordingProxy } from '../support/recording-proxy';
import { FakeConnector } from '../support/fake-connector';
import { closeWholeTenant } from '../support/whole-closure';

/**
 * Every Graph request of a whole closure (the small tenant, and a synced tenant), recorded between
 * the bot and the simulator, every `$batch` sub-request as a request of its own, plus the adapters'
 * operations no such closure reaches (on the blocked tenant), checked against
 * what Microsoft publishes for the cloud the bot is configured for (graph-reference/conformance.ts):
 * the v1.0 metadata of that cloud, the beta type lists, the advanced-query rules, and the scopes
 * aad.manifest.json declares. The simulator's own leniency or strictness plays no part.
 */

const granted = new Set(declaredGraphScopes());

function toRecord(r: ProxiedRequest): GraphRequestRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') headers[k] = v;
  const json = /json/i.test(headers['content-type'] ?? '') && r.body ? safeJson(r.body) : undefined;
  return { method: r.method, url: r.path, headers, body: json ?? (r.body || undefined) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function report(violations: Violation[]): string {
  // One line per distinct violation: a request repeated by re-checks is reported once.
  return [...new Set(violations.map((v) => `[${v.rule}] ${v.request}\n    ${v.message}`))].join('\n');
}

describe("every Graph request of a whole closure follows Microsoft's published contract", () => {
  let sim: GraphSimulator;
  let connector: FakeConnector;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [], syncDisableDelayMs: 60_000 });
    connector = await new FakeConnector().start();
  });

  afterAll(async () => {
    await connector?.stop();
    await sim?.close();
  });

  /** One closure through a bot configured for `cloud`, with a recording proxy between it and Graph. */
  async function recordClosure(cloud: GraphCloud, scenario: 'small' | 'synced'): Promise<GraphRequestRecord[]> {
    const proxy = await new RecordingProxy(sim.url).start();
    const bot = await startBot(loadConfig({ PORT: '0', CLOUD: cloud, GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: proxy.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent' }), {
      log: createLogger('silent'),
      recheckScale: 0.0005,
    });
    try {
      const tenant = sim.addTenant(scenario, { tenantId: randomUUID() });
      await closeWholeTenant(sim, connector, bot.url, tenant);
    } finally {
      await bot.stop();
      await proxy.stop();
    }
    return withBatchItems(proxy.requests.map(toRecord));
  }

  function check(cloud: GraphCloud, requests: GraphRequestRecord[]): Violation[] {
    const violations = requests.flatMap((r) => conformanceViolations(r, { cloud, granted }));
    return violations;
  }

  it.each([
    ['public', 'small'],
    ['public', 'synced'],
  ] as const)(
    'in the %s cloud, a whole closure of the %s tenant',
    async (cloud, scenario) => {
      const requests = await recordClosure(cloud, scenario);
      expect(requests.filter((r) => r.inBatch).length).toBeGreaterThan(0);
      expect(report(check(cloud, requests))).toBe('');
    },
    90_000,
  );

  // US Government (GCC High; DoD reads the same metadata) and China (21Vianet): each cloud's own v1.0 metadata.
  it.each(['usgov', 'china'] as const)(
    "in the %s cloud, a whole closure of the synced tenant, against that cloud's metadata",
    async (cloud) => {
      const requests = await recordClosure(cloud, 'synced');
      expect(requests.length).toBeGreaterThan(20);
      expect(report(check(cloud, requests))).toBe('');
    },
    90_000,
  );

  // What a closure of the small or synced tenant never asks for: per-user MFA (beta), security defaults and
  // Conditional Access, the recycle bin, app registrations and service principals, finding a user by name.
  // The blocked tenant has all of them; the bot's Graph adapters are driven directly, without the bot.
  it.each(['public', 'china'] as const)('in the %s cloud, every other operation of the Graph adapters, on the blocked tenant', async (cloud) => {
    const proxy = await new RecordingProxy(sim.url).start();
    try {
      const tenant = sim.addTenant('blocked', { tenantId: randomUUID() });
      const token = async () => `sim.${tenant.tenantId}.${tenant.adminId}`;
      const v1 = createGraphClient({ endpoint: proxy.url, token });
      const operations = new GraphTenantOperations(v1, createGraphClient({ endpoint: proxy.url, version: 'beta', token }), tenant.tenantId);
      const directory = new GraphDirectory(v1);
      await directory.me();
      await directory.findUser(`rita.gallo@${tenant.initialDomain}`);
      await directory.inventoryCounts();
      // The Global Administrator check for someone who holds no role: it goes on to PIM's eligibilities.
      const nonAdmin = sim.inspect(tenant.tenantId).users.find((u) => u.roles.length === 0)!;
      expect(await directory.globalAdminStatus(nonAdmin.id)).toBe('none');
      const mfa = await operations.mfaReport(tenant.adminId);
      expect(mfa.usersWithMfa).toBeGreaterThan(0);
      await operations.disablePerUserMfa(tenant.adminId);
      await operations.disableSecurityDefaults();
      await operations.disableConditionalAccessPolicies(sim.inspect(tenant.tenantId).conditionalAccessPolicies.map((p) => p.id));
      await operations.restoreDeletedUsers();
      await operations.previewUsers(tenant.adminId, async () => undefined);
      await operations.blockers(tenant.adminId, tenant.tenantId);
      await operations.deleteApplications();
      await operations.deleteOwnedServicePrincipals(tenant.tenantId);
      await operations.purgeDeletedUsers();
    } finally {
      await proxy.stop();
    }
    const requests = withBatchItems(proxy.requests.map(toRecord));
    expect(requests.filter((r) => r.url.startsWith('/beta/') && r.inBatch).map((r) => r.method)).toEqual(expect.arrayContaining(['GET', 'PATCH']));
    expect(report(check(cloud, requests))).toBe('');
  });
});
