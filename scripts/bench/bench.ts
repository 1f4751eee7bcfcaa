import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import { parseBenchArgs } from './bench-args';
import { APP_QUOTA_RATE, explainSettings, LATENCY, QUOTA, QUOTA_RATE, TIME_SCALE, WINDOW_S } from './bench-settings';
import { formatDeletionTable, formatLatencyTable } from './bench-table';
import { measureCardLatency, MultiTenantFigures } from './card-latency';
import { DeletionFigures, measureDeletion } from './deletion-run';
import { engineStrategy, parallelStrategy, sequentialStrategy } from './strategies';

/**
 * `npm run bench`: bulk deletion against the Graph simulator (loopback only, time-scaled write
 * quota, 100 ms latency) by (a) this engine, (b) one request at a time, (c) unpaced parallel
 * requests; then the bot's card-action latency while 20 tenants' deletion jobs run, sharing one
 * application write budget (`--app-budget off`: without it). Prints a table and writes the same
 * figures to artifacts/bench.json.
 */
async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(explainSettings());
  const deletion: DeletionFigures[] = [];
  if (!args.only || args.only === 'engine') {
    log(`\n(a) engine: deleting ${args.users} users ...`);
    deletion.push(await measureDeletion('engine', args.users, engineStrategy));
  }
  if (!args.only || args.only === 'baselines') {
    log(`(b) sequential DELETE, capped at ${args.baselineSeconds} s ...`);
    deletion.push(await measureDeletion('sequential', args.users, sequentialStrategy(args.baselineSeconds)));
    log(`(c) ${args.parallelConcurrency} parallel DELETEs, SDK retries, capped at ${args.baselineSeconds} s ...`);
    deletion.push(await measureDeletion(`parallel-${args.parallelConcurrency}`, args.users, parallelStrategy(args.parallelConcurrency, args.baselineSeconds)));
  }
  let multiTenant: MultiTenantFigures | undefined;
  if (!args.only || args.only === 'latency') {
    log(`card-action latency: ${args.tenants} tenants × ${args.usersPerTenant} users, shared application write budget ${args.appBudget} ...`);
    multiTenant = await measureCardLatency({
      tenants: args.tenants,
      usersPerTenant: args.usersPerTenant,
      idleSeconds: args.idleSeconds,
      capSeconds: args.latencyCapSeconds,
      probers: args.probers,
      appBudget: args.appBudget,
    });
  }

  if (deletion.length > 0) log(`\n${formatDeletionTable(deletion)}`);
  if (multiTenant) log(`\n${formatLatencyTable(multiTenant)}`);
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, platform: process.platform },
    settings: { timeScale: TIME_SCALE, latency: LATENCY, scaledWriteQuota: QUOTA, scaledWindowSeconds: WINDOW_S, quotaRatePerSecond: QUOTA_RATE, appQuotaRatePerSecond: APP_QUOTA_RATE, args },
    deletion,
    multiTenant,
  };
  const dir = join(projectRoot(__dirname), 'artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\nWritten to artifacts/bench.json`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
