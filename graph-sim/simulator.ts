import { adminCenterFor, AdminCenter } from './directory/admin-center';
import { inspectTenant, Inspection } from './directory/inspection';
import type { Tenant } from './directory/tenant';
import { randomBytes } from 'node:crypto';
import { GRAPH_AUDIENCE, SIM_APP_ID, TokenAuthority, tokenFor } from './http/auth';
import { ConditionalAccessLimit } from './throttling/conditional-access-limit';
import { warmUpPermissions } from './http/scope-check';
import { Router } from './http/router';
import { startServer } from './http/server';
import { SimContext } from './http/sim-context';
import { ALL_ROUTES } from './routes';
import { buildTenant } from './scenarios/build-tenant';
import { resolveScenario } from './scenarios';
import { ScenarioSpec } from './scenarios/scenario-spec';
import { seededRandom } from './support/rng';
import { sizeClassOf } from './throttling/limits';
import { Throttler } from './throttling/throttler';
import { azureOf } from './http/arm/azure-of';
import { ARM_AUDIENCES, ARM_SCOPE, armTokenFor } from './http/arm/arm-auth';
import { azurePortalFor, AzurePortal } from './directory/azure-tenant';
import { Counters, FaultRates, GraphSimulator, Latency, ScenarioName, SimulatorOptions, TenantInfo } from './types';

/** Starts a Graph simulator on 127.0.0.1 with the given tenants (default: the demo tenant). */
export async function startGraphSimulator(options: SimulatorOptions = {}): Promise<GraphSimulator> {
  const timeScale = positive(options.timeScale ?? 1, 'timeScale');
  const quotaScale = positive(options.quotaScale ?? timeScale, 'quotaScale');
  const syncDisableDelayMs = options.syncDisableDelayMs ?? 2000;
  const counters: Counters = { requests: 0, batchItems: 0, writes: 0, throttled: 0, errors5xx: 0, dropped: 0, unauthorized: 0, peakConcurrency: 0 };
  const sim: SimContext = {
    tenants: new Map<string, Tenant>(),
    azure: new Map(),
    router: new Router(ALL_ROUTES),
    throttler: new Throttler(timeScale, quotaScale, options.throttling ?? true),
    conditionalAccessLimit: new ConditionalAccessLimit(1000 * timeScale, options.throttling ?? true),
    tokens: new TokenAuthority(randomBytes(32)),
    random: seededRandom(options.seed ?? 1),
    faults: { ...options.faults },
    latency: { fixedMs: 0, jitterMs: 0, ...options.latency },
    timeScale,
    baseUrl: '',
    counters,
    inFlight: 0,
  };

  const tenant = (tenantId: string): Tenant => {
    const found = sim.tenants.get(tenantId.toLowerCase());
    if (!found) throw new Error(`No tenant ${tenantId} in the simulator`);
    return found;
  };
  const info = (t: Tenant): TenantInfo => {
    const initial = t.state.org.verifiedDomains.find((d) => d.isInitial)?.name ?? '';
    return {
      tenantId: t.id,
      scenario: t.state.scenario,
      displayName: t.state.org.displayName,
      initialDomain: initial,
      adminId: t.state.adminId,
      adminUpn: t.state.adminUpn,
      userCount: t.state.userCount,
      sizeClass: sizeClassOf(t.state.userCount),
      appToken: tokenFor(t.id),
      adminToken: tokenFor(t.id, t.state.adminId),
    };
  };
  const addTenant = (scenario: ScenarioName | ScenarioSpec, overrides: { tenantId?: string } = {}): TenantInfo => {
    const built = buildTenant(resolveScenario(scenario), { tenantId: overrides.tenantId, syncDisableDelayMs });
    if (sim.tenants.has(built.id)) throw new Error(`Tenant ${built.id} already exists in the simulator`);
    sim.tenants.set(built.id, built);
    return info(built);
  };

  // Microsoft's permission data is read and indexed once, here, not inside the first request.
  warmUpPermissions();
  for (const scenario of options.scenarios ?? ['demo']) addTenant(scenario);
  const server = await startServer(sim, options.port ?? 0);
  sim.baseUrl = server.url;

  return {
    url: server.url,
    tenants: () => [...sim.tenants.values()].map(info),
    addTenant,
    tokenFor: (tenantId, userId) => tokenFor(tenantId.toLowerCase(), userId?.toLowerCase()),
    issueToken: (tenantId, userId, lifetimeSeconds = 3600) => {
      const t = tenant(tenantId);
      const now = Math.floor(Date.now() / 1000);
      const base = { aud: GRAPH_AUDIENCE, iss: `https://sts.windows.net/${t.id}/`, tid: t.id, appid: SIM_APP_ID, iat: now, nbf: now, exp: now + lifetimeSeconds };
      if (!userId) return sim.tokens.issue({ ...base, idtyp: 'app', roles: [] });
      if (t.state.adminConsent === null) {
        // What Entra answers when nobody consented to the app in the tenant.
        throw new Error(`AADSTS65001: The user or administrator has not consented to use the application with ID '${SIM_APP_ID}'. Send an interactive authorization request for this user and resource.`);
      }
      return sim.tokens.issue({ ...base, idtyp: 'user', oid: userId.toLowerCase(), scp: [...t.state.adminConsent].join(' ') });
    },
    armTokenFor: (tenantId, userId) => armTokenFor(tenantId.toLowerCase(), userId.toLowerCase()),
    issueArmToken: (tenantId, userId, lifetimeSeconds = 3600) => {
      const t = tenant(tenantId);
      if (!azureOf(sim, t.id)?.consent) {
        throw new Error(
          `AADSTS65001: The user or administrator has not consented to use the application with ID '${SIM_APP_ID}' named 'closure bot'. Send an interactive authorization request for this user and resource.`,
        );
      }
      const now = Math.floor(Date.now() / 1000);
      return sim.tokens.issue({
        aud: ARM_AUDIENCES[0],
        iss: `https://sts.windows.net/${t.id}/`,
        tid: t.id,
        appid: SIM_APP_ID,
        iat: now,
        nbf: now,
        exp: now + lifetimeSeconds,
        idtyp: 'user',
        oid: userId.toLowerCase(),
        scp: ARM_SCOPE,
      });
    },
    azure: (tenantId): AzurePortal => azurePortalFor(azureOf(sim, tenant(tenantId).id)!),
    admin: (tenantId): AdminCenter => adminCenterFor(tenant(tenantId)),
    inspect: (tenantId): Inspection => inspectTenant(tenant(tenantId)),
    counters: () => ({ ...counters }),
    setLatency: (latency: Latency) => {
      sim.latency = { ...latency };
    },
    setFaults: (faults: FaultRates) => {
      sim.faults = { ...faults };
    },
    close: () => server.close(),
  };
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number, got ${value}`);
  return value;
}
