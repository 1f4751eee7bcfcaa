import type { Tenant } from '../directory/tenant';
import type { Random } from '../support/rng';
import type { ConditionalAccessLimit } from '../throttling/conditional-access-limit';
import type { Throttler } from '../throttling/throttler';
import type { TokenAuthority } from './auth';
import type { Counters, FaultRates, Latency } from '../types';
import type { Router } from './router';
import type { AzureTenant } from '../directory/azure-tenant';

/** What every request handler shares: the tenants, the throttler and the realism knobs. */
export interface SimContext {
  tenants: Map<string, Tenant>;
  /** The simulated Resource Manager's view of each tenant (graph-sim/http/arm), by tenant id. */
  azure: Map<string, AzureTenant>;
  router: Router;
  throttler: Throttler;
  conditionalAccessLimit: ConditionalAccessLimit;
  /** Signs and checks the JWTs `issueToken` hands out. */
  tokens: TokenAuthority;
  random: Random;
  faults: FaultRates;
  latency: Latency;
  timeScale: number;
  baseUrl: string;
  counters: Counters;
  inFlight: number;
}
