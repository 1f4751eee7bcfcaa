import { GraphUserDeletionJob } from '../../src/graph/user-deletion/graph-user-deletion.job';
import { ApprovedUsers } from '../../src/ports/user-deletion.port';
import { DeletionContext } from './deletion-run';

/** The bench measures the job's speed, not its approval: it approves whoever the directory lists. */
const EVERYONE_LISTED: ApprovedUsers = { size: Number.MAX_SAFE_INTEGER, has: () => true };

type StrategyResult = { failures: number; cappedAtSeconds?: number; note?: string };

/** (a) This engine: the bot's deletion job with its production defaults, checkpoints included. */
export async function engineStrategy(ctx: DeletionContext, startClock: () => void): Promise<StrategyResult> {
  // The job's client is the one the bot builds (graph-access.ts: SDK RetryHandler with 2 retries).
  const job = new GraphUserDeletionJob(ctx.client(2));
  startClock();
  const result = await job.run({ tenantId: ctx.tenant.tenantId, keepUserId: ctx.tenant.adminId, approved: EVERYONE_LISTED, onCheckpoint: async () => 'continue' });
  if (result.outcome !== 'completed') return { failures: result.progress.failed, note: `outcome ${result.outcome}: ${result.error?.message ?? ''}` };
  return { failures: result.progress.failed };
}

/**
 * (b) What common admin scripts do: list, then `DELETE /users/{id}` one at a time, relying on the
 * SDK's default RetryHandler (3 retries on 429/503/504). Capped in time; the rest is projected.
 */
export function sequentialStrategy(capSeconds: number) {
  return async (ctx: DeletionContext, startClock: () => void): Promise<StrategyResult> => {
    const ids = await ctx.targets();
    const client = ctx.client(3);
    startClock();
    const deadline = Date.now() + capSeconds * 1000;
    let failures = 0;
    for (const id of ids) {
      if (Date.now() >= deadline) return { failures, cappedAtSeconds: capSeconds };
      try {
        await client.api(`/users/${id}`).delete();
      } catch {
        failures++;
      }
    }
    return { failures };
  };
}

/**
 * (c) An unpaced parallel client: `concurrency` DELETEs in flight at all times, each retried by the
 * SDK's default RetryHandler (3 retries, honouring Retry-After) and then given up. Capped in time:
 * no new request after the cap, and requests still retrying are abandoned `graceSeconds` later.
 */
export function parallelStrategy(concurrency: number, capSeconds: number, graceSeconds = 30) {
  return async (ctx: DeletionContext, startClock: () => void): Promise<StrategyResult> => {
    const ids = await ctx.targets();
    const client = ctx.client(3);
    startClock();
    const deadline = Date.now() + capSeconds * 1000;
    let next = 0;
    let failures = 0;
    let capped = false;
    const worker = async () => {
      while (next < ids.length) {
        if (Date.now() >= deadline) {
          capped = true;
          return;
        }
        const id = ids[next++];
        try {
          await client.api(`/users/${id}`).delete();
        } catch {
          failures++;
        }
      }
    };
    const all = Promise.all(Array.from({ length: concurrency }, worker));
    const grace = new Promise<'grace'>((resolve) => setTimeout(() => resolve('grace'), (capSeconds + graceSeconds) * 1000).unref());
    const ended = await Promise.race([all.then(() => 'done' as const), grace]);
    return { failures, ...(capped || ended === 'grace' ? { cappedAtSeconds: capSeconds } : {}), ...(ended === 'grace' ? { note: 'requests still retrying at the cap were abandoned' } : {}) };
  };
}
