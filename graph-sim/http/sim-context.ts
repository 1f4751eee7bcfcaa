import type { Tenant } from '../directory/tenant';
import type { Random } from '../support/rng';
import type { Throttler } from '../throttling/throttler';
import type { Counters, FaultRates, Latency } from '../types';
import type { Router } from './router';

/** What every request handler shares: the tenants, the throttler and the realism knobs. */
export interface SimContext {
  tenants: Map<string, Tenant>;
  router: Router;
  throttler: Throttler;
  random: Random;
  faults: FaultRates;
  latency: Latency;
  timeScale: number;
  baseUrl: string;
  counters: Counters;
  inFlight: number;
}
