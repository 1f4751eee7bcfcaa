import { Client } from '@microsoft/microsoft-graph-client';
import { GraphSimulator, TenantInfo } from '../../graph-sim';
import { createGraphClient } from '../../src/graph/graph-client.factory';
import { graphAll } from '../../src/graph/graph-request';
import { benchSimulator, benchTenant, QUOTA_RATE } from './bench-settings';

export interface DeletionFigures {
  strategy: string;
  users: number;
  deleted: number;
  failures: number;
  elapsedSeconds: number;
  deletionsPerSecond: number;
  ratioToQuotaRate: number;
  http429: number;
  requests: number;
  peakConcurrency: number;
  deletedTwice: number;
  adminDeleted: boolean;
  /** Set when the run hit its time cap before deleting everyone. */
  cappedAtSeconds?: number;
  projectedSecondsForAll?: number;
  note?: string;
}

export interface DeletionContext {
  sim: GraphSimulator;
  tenant: TenantInfo;
  /** The bot's own client (createGraphClient), with the SDK RetryHandler making `maxRetries`. */
  client(maxRetries: number): Client;
  /** Every user id but the acting admin's (listed before the clock starts, for the baselines). */
  targets(): Promise<string[]>;
}

/**
 * One strategy against a fresh simulator (fresh throttling buckets and counters), timed from its
 * first request; figures come from the simulator's own inspection, not from the client's claims.
 */
export async function measureDeletion(
  strategy: string,
  users: number,
  body: (ctx: DeletionContext, startClock: () => void) => Promise<{ failures: number; cappedAtSeconds?: number; note?: string }>,
): Promise<DeletionFigures> {
  const sim = await benchSimulator();
  try {
    const tenant = sim.addTenant(
      benchTenant(
        strategy
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/^-|-$/g, ''),
        users,
      ),
    );
    const client = (maxRetries: number) => createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(tenant.tenantId, tenant.adminId), maxRetries });
    const ctx: DeletionContext = {
      sim,
      tenant,
      client,
      targets: async () => (await graphAll<{ id: string }>(client(3), '/users', (r) => r.select('id').top(999))).map((u) => u.id).filter((id) => id !== tenant.adminId),
    };
    let startedAt = Date.now();
    const before = { ...sim.counters() };
    const outcome = await body(ctx, () => {
      startedAt = Date.now();
    });
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    const inspection = sim.inspect(tenant.tenantId);
    const counters = sim.counters();
    const deleted = Object.keys(inspection.deleteCalls).length;
    const rate = deleted / elapsedSeconds;
    return {
      strategy,
      users,
      deleted,
      failures: outcome.failures,
      elapsedSeconds: round(elapsedSeconds, 1),
      deletionsPerSecond: round(rate, 2),
      ratioToQuotaRate: round(rate / QUOTA_RATE, 3),
      http429: counters.throttled - before.throttled,
      requests: counters.requests - before.requests,
      peakConcurrency: counters.peakConcurrency,
      deletedTwice: Object.values(inspection.deleteCalls).filter((n) => n > 1).length,
      adminDeleted: inspection.deleteCalls[tenant.adminId] !== undefined,
      ...(outcome.cappedAtSeconds !== undefined && deleted < users ? { cappedAtSeconds: outcome.cappedAtSeconds, projectedSecondsForAll: rate > 0 ? Math.round(users / rate) : undefined } : {}),
      ...(outcome.note ? { note: outcome.note } : {}),
    };
  } finally {
    await sim.close();
  }
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
