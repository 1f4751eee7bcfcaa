import { loadConfig } from '../../../src/config/config';
import { ApplicationWriteBudget } from '../../../src/graph/bulk/application-write-budget';
import { applicationWriteBudgetOptions } from '../../../src/graph/bulk/application-write-budget.options';
import { systemClock } from '../../../src/time/clock';
import { createGraphClient } from '../../../src/graph/graph-client.factory';
import { startBot } from '../../../src/index';
import { GraphUserDeletionJob } from '../../../src/graph/user-deletion/graph-user-deletion.job';
import { LargeQuotas } from './large-settings';

/**
 * The bot of `npm run bench:large`: the production composition root (startBot), configured by the
 * environment like `npm run serve` (file state, the simulator's static tokens), in a process of its
 * own. One difference: its deletion job and application write budget are told the simulator's
 * raised quotas (the job is built as the composition root builds it, with those options).
 */
async function main(): Promise<void> {
  const quotas = JSON.parse(process.argv[2] ?? '{}') as LargeQuotas;
  const config = loadConfig(process.env);
  const writeBudget = new ApplicationWriteBudget(applicationWriteBudgetOptions({ quota: quotas.appQuota, windowMs: quotas.appWindowMs }), systemClock);
  const bot = await startBot(config, {
    deletionJob: (tenantId, userId) =>
      new GraphUserDeletionJob(createGraphClient({ endpoint: config.graph.endpoint, token: async () => config.graph.token.replace('{tenantId}', tenantId).replace('{userId}', userId), maxRetries: 2 }), systemClock, {
        bulk: { quota: quotas.tenantQuota, windowMs: quotas.tenantWindowMs },
        writeBudget,
      }),
  });
  // What the resident set holds at its largest: V8's heap (used and reserved) and memory outside it (Buffers).
  const mb = (bytes: number) => Math.round(bytes / 1024 / 104.8576) / 10;
  let largest = process.memoryUsage();
  setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > largest.rss) largest = now;
  }, 250).unref();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') void bot.stop().then(() => process.exit(0));
    if (message.type === 'memory') {
      process.send?.({
        type: 'memory',
        atLargestRss: { rssMb: mb(largest.rss), heapUsedMb: mb(largest.heapUsed), heapTotalMb: mb(largest.heapTotal), externalMb: mb(largest.external), arrayBuffersMb: mb(largest.arrayBuffers) },
      });
    }
  });
  process.on('disconnect', () => void bot.stop().then(() => process.exit(0)));
  process.send?.({ type: 'ready', url: bot.url });
}

main().catch((error) => {
  process.stderr.write(`large-bot failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
