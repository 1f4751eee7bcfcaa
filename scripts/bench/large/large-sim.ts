import { startGraphSimulator } from '../../../graph-sim';
import { benchTenant } from '../bench-settings';

/**
 * The Graph simulator of `npm run bench:large`, in a process of its own so the bot's memory is
 * measured without it. Driven over IPC by large-run.ts: it answers `inspect` with what the simulator
 * saw and exits on `stop` or when its parent goes away.
 */
async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as { users: number; timeScale: number; quotaScale: number; latencyMs: number };
  const sim = await startGraphSimulator({ scenarios: [], timeScale: settings.timeScale, quotaScale: settings.quotaScale, latency: { fixedMs: settings.latencyMs, jitterMs: 0 }, seed: 7 });
  const tenant = sim.addTenant(benchTenant('large', settings.users));
  // When the writes (the deletions: nothing else writes in this run) began and last moved, to 100 ms.
  let writes = 0;
  let firstWriteAt: number | undefined;
  let lastWriteAt: number | undefined;
  setInterval(() => {
    const now = sim.counters().writes;
    if (now !== writes) {
      firstWriteAt ??= Date.now();
      lastWriteAt = Date.now();
      writes = now;
    }
  }, 100).unref();

  const send = (message: unknown) => process.send?.(message);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'inspect') {
      const inspection = sim.inspect(tenant.tenantId);
      const calls = Object.values(inspection.deleteCalls);
      send({
        type: 'inspection',
        deleted: calls.length,
        deletedTwice: calls.filter((n) => n > 1).length,
        adminDeleted: inspection.deleteCalls[tenant.adminId] !== undefined,
        remaining: inspection.users.length,
        violations: inspection.violations.length,
        counters: sim.counters(),
        firstWriteAt,
        lastWriteAt,
      });
    } else if (message.type === 'stop') {
      void sim.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: sim.url, tenant });
}

main().catch((error) => {
  process.stderr.write(`large-sim failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
