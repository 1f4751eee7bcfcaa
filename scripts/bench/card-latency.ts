import { setMaxListeners } from 'node:events';
import { loadConfig } from '../../src/config/config';
import { ApplicationWriteBudget } from '../../src/graph/bulk/application-write-budget';
import { applicationWriteBudgetOptions } from '../../src/graph/bulk/application-write-budget.options';
import { systemClock } from '../../src/time/clock';
import { createGraphClient } from '../../src/graph/graph-client.factory';
import { startBot } from '../../src/index';
import { GraphUserDeletionJob } from '../../src/graph/user-deletion/graph-user-deletion.job';
import { ApprovedUsers, UserDeletionResult } from '../../src/ports/user-deletion.port';
import { BenchConnector } from './bench-connector';
import { APP_QUOTA, APP_QUOTA_RATE, APP_WINDOW_S, benchSimulator, benchTenant } from './bench-settings';
import { round } from './deletion-run';
import { percentile } from '../shared/percentile';
import { cardInvoke, ProbeUser, roundTrip, statusMessage } from './teams-probe';
import { countingThrottleScopes, noThrottles, ThrottleScopeCounts } from './throttle-scopes';

/** The bench measures the job's speed, not its approval: it approves whoever the directory lists. */
const EVERYONE_LISTED: ApprovedUsers = { size: Number.MAX_SAFE_INTEGER, has: () => true };

export interface LatencyFigures {
  tenants: number;
  usersPerTenant: number;
  phase: 'idle' | 'jobs running';
  samples: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface MultiTenantFigures {
  latency: LatencyFigures[];
  jobs: {
    /** Whether the jobs shared one ApplicationWriteBudget (`--app-budget on`, as the bot does). */
    appBudget: 'on' | 'off';
    completed: number;
    deleted: number;
    failures: number;
    elapsedSeconds: number;
    deletionsPerSecond: number;
    /** Deletions per second over the application-wide write quota's sustained rate (~117/s). */
    ratioToAppQuotaRate: number;
    http429: number;
    /** Batch items answered 429, by `x-ms-throttle-scope`, counted on the wire. */
    http429ByScope: ThrottleScopeCounts;
    deletedTwice: number;
    adminsDeleted: number;
  };
}

/**
 * Card-action latency of the real bot (startBot, the production composition root) while deletion
 * jobs for `tenants` tenants run in the same process against the same simulator. Probes alternate a
 * typed "status" (a message turn: Graph reads and a reply through the connector) and an
 * Action.Execute invoke, from `probers` admins at a time, first idle, then while the jobs run.
 */
export async function measureCardLatency(options: { tenants: number; usersPerTenant: number; idleSeconds: number; capSeconds: number; probers: number; appBudget: 'on' | 'off' }): Promise<MultiTenantFigures> {
  const sim = await benchSimulator();
  const connector = await new BenchConnector().start();
  const infos = Array.from({ length: options.tenants }, (_, i) => sim.addTenant(benchTenant(`tenant${String(i + 1).padStart(2, '0')}`, options.usersPerTenant)));
  const config = loadConfig({ GRAPH_ENDPOINT: sim.url, GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', STATE_STORE: 'memory', PORT: '0', LOG_LEVEL: 'silent' });
  const bot = await startBot(config);
  const users: ProbeUser[] = infos.map((t) => ({ tenantId: t.tenantId, aadObjectId: t.adminId }));
  try {
    const probe = async (until: () => boolean): Promise<{ ms: number[]; errors: number }> => {
      const ms: number[] = [];
      let errors = 0;
      let n = 0;
      const prober = async (offset: number) => {
        while (!until()) {
          const user = users[(n + offset) % users.length];
          const activity = n++ % 2 === 0 ? statusMessage(connector.url, user) : cardInvoke(connector.url, user);
          const answer = await roundTrip(bot.url, activity).catch(() => ({ ms: NaN, status: 0 }));
          if (answer.status === 200) ms.push(answer.ms);
          else errors++;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await Promise.all(Array.from({ length: options.probers }, (_, i) => prober(i * 7)));
      return { ms, errors };
    };

    const idleUntil = Date.now() + options.idleSeconds * 1000;
    const idle = await probe(() => Date.now() >= idleUntil);

    const stop = new AbortController();
    // 20 jobs share this signal: each adds its own abort listeners (sleeps, requests in flight).
    setMaxListeners(200, stop.signal);
    const throttledBefore = sim.counters().throttled;
    const byScope = noThrottles();
    // One budget for all jobs, as the composition root makes one per process; told the scaled quota.
    const writeBudget = options.appBudget === 'on' ? new ApplicationWriteBudget(applicationWriteBudgetOptions({ quota: APP_QUOTA, windowMs: APP_WINDOW_S * 1000 }), systemClock) : undefined;
    const startedAt = Date.now();
    let finished = 0;
    const jobs = infos.map((t) => {
      const client = countingThrottleScopes(createGraphClient({ endpoint: sim.url, token: async () => sim.tokenFor(t.tenantId, t.adminId), maxRetries: 2 }), byScope);
      return new GraphUserDeletionJob(client, systemClock, { writeBudget })
        .run({ tenantId: t.tenantId, keepUserId: t.adminId, approved: EVERYONE_LISTED, signal: stop.signal, onCheckpoint: async () => 'continue' })
        .finally(() => finished++);
    });
    const cap = setTimeout(() => stop.abort(), options.capSeconds * 1000);
    const busy = await probe(() => finished === infos.length || stop.signal.aborted);
    const results: UserDeletionResult[] = await Promise.all(jobs);
    clearTimeout(cap);
    const elapsedSeconds = (Date.now() - startedAt) / 1000;

    const inspections = infos.map((t) => sim.inspect(t.tenantId));
    const deleted = inspections.reduce((sum, i) => sum + Object.keys(i.deleteCalls).length, 0);
    const summarize = (phase: LatencyFigures['phase'], run: { ms: number[]; errors: number }): LatencyFigures => {
      const sorted = [...run.ms].sort((a, b) => a - b);
      return {
        tenants: options.tenants,
        usersPerTenant: options.usersPerTenant,
        phase,
        samples: sorted.length,
        errors: run.errors,
        p50Ms: round(percentile(sorted, 50), 1),
        p95Ms: round(percentile(sorted, 95), 1),
        p99Ms: round(percentile(sorted, 99), 1),
        maxMs: round(sorted.at(-1) ?? NaN, 1),
      };
    };
    return {
      latency: [summarize('idle', idle), summarize('jobs running', busy)],
      jobs: {
        appBudget: options.appBudget,
        completed: results.filter((r) => r.outcome === 'completed').length,
        deleted,
        failures: results.reduce((sum, r) => sum + r.progress.failed, 0),
        elapsedSeconds: round(elapsedSeconds, 1),
        deletionsPerSecond: round(deleted / elapsedSeconds, 2),
        ratioToAppQuotaRate: round(deleted / elapsedSeconds / APP_QUOTA_RATE, 3),
        http429: sim.counters().throttled - throttledBefore,
        http429ByScope: byScope,
        deletedTwice: inspections.reduce((sum, i) => sum + Object.values(i.deleteCalls).filter((n) => n > 1).length, 0),
        adminsDeleted: infos.filter((t, i) => inspections[i].deleteCalls[t.adminId] !== undefined).length,
      },
    };
  } finally {
    await bot.stop();
    await connector.stop();
    await sim.close();
  }
}
