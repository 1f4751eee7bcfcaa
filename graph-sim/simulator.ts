import { adminCenterFor, AdminCenter } from './directory/admin-center';
import { inspectTenant, Inspection } from './directory/inspection';
import type { Tenant } from './directory/tenant';
import { tokenFor } from './http/auth';
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
import { Counters, FaultRates, GraphSimulator, Latency, ScenarioName, SimulatorOptions, TenantInfo } from './types';

/** Starts a Graph simulator on 127.0.0.1 with the given tenants (default: the demo tenant). */
export async function startGraphSimulator(options: SimulatorOptions = {}): Promise<GraphSimulator> {
  const timeScale = positive(options.timeScale ?? 1, 'timeScale');
  const quotaScale = positive(options.quotaScale ?? timeScale, 'quotaScale');
  const syncDisableDelayMs = options.syncDisableDelayMs ?? 2000;
  const counters: Counters = { requests: 0, batchItems: 0, writes: 0, throttled: 0, errors5xx: 0, dropped: 0, unauthorized: 0, peakConcurrency: 0 };
  const sim: SimContext = {
    tenants: new Map<string, Tenant>(),
    router: new Router(ALL_ROUTES),
    throttler: new Throttler(timeScale, quotaScale, options.throttling ?? true),
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

  for (const scenario of options.scenarios ?? ['demo']) addTenant(scenario);
  const server = await startServer(sim, options.port ?? 0);
  sim.baseUrl = server.url;

  return {
    url: server.url,
    tenants: () => [...sim.tenants.values()].map(info),
    addTenant,
    tokenFor: (tenantId, userId) => tokenFor(tenantId.toLowerCase(), userId?.toLowerCase()),
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
