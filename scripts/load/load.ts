import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startGraphSimulator } from '../../graph-sim';
import { freePort, ROOT, startBotProcess } from '../demo';
import { LoadConversation, LoadUser } from './conversation';
import { formatTable, LoadStats, summarise } from './latency-stats';
import { LoadConnector } from './load-connector';
import { parseLoadArgs } from './load-args';

/**
 * `npm run load -- --seconds 60 --conversations 200 --tenants 50`: one bot instance (the built bot
 * in its own process, file state, as `npm run serve` runs it) against the Graph simulator holding
 * `--tenants` small tenants, with `--conversations` personal chats at once (per tenant: the Global
 * Administrator who drives closures, a second Global Administrator, non-admins). Prints
 * throughput, p50/p95/p99 latency and errors per activity type; writes artifacts/load.json.
 * Everything listens and connects on 127.0.0.1 only.
 */
async function main(): Promise<void> {
  const args = parseLoadArgs(process.argv.slice(2));
  const perTenant = Math.ceil(args.conversations / args.tenants);
  const sim = await startGraphSimulator({ scenarios: [], latency: { fixedMs: args.graphLatencyMs, jitterMs: args.graphLatencyMs }, seed: 7 });
  const connector = await new LoadConnector().start();
  const stateDir = mkdtempSync(join(tmpdir(), 'closure-load-'));
  const bot = await startBotProcess({
    graphUrl: sim.url,
    port: await freePort(),
    output: join(stateDir, 'bot.log'),
    env: { STATE_STORE: 'file', STATE_DIR: join(stateDir, 'state'), LOG_LEVEL: 'warn' },
  });

  try {
    const users = buildUsers(sim, args.tenants, perTenant).slice(0, args.conversations);
    const stats = new LoadStats();
    const random = seeded(11);
    console.log(`Load: ${users.length} conversations across ${args.tenants} tenants for ${args.seconds} s (think time 0..${args.thinkMs} ms, Graph latency ${args.graphLatencyMs}+0..${args.graphLatencyMs} ms)`);
    const started = Date.now();
    const deadline = started + args.seconds * 1000;
    const conversations = users.map((user) => new LoadConversation(bot.url, connector, user, stats, { thinkMs: args.thinkMs, timeoutMs: args.timeoutMs, random }));
    // Staggered over the first second, as chats would not all open in the same millisecond.
    await Promise.all(conversations.map((c, i) => new Promise((r) => setTimeout(r, (i * 1000) / conversations.length)).then(() => c.run(deadline))));
    const seconds = (Date.now() - started) / 1000;

    const rows = summarise(stats, seconds);
    const total = rows[rows.length - 1];
    const graph = sim.counters();
    console.log('');
    console.log(formatTable(rows));
    console.log('');
    console.log(
      `${total.count} activities in ${seconds.toFixed(1)} s = ${total.perSecond}/s; errors: ${total.errors}. Bot replies ${connector.replies}, proactive ${connector.proactive}, card updates ${connector.updates}.`,
    );
    const report = {
      at: new Date().toISOString(),
      settings: { ...args, conversationsRun: users.length, perTenant, stateStore: 'file', botProcess: 'dist/src/index.js' },
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
      seconds,
      rows,
      connector: { replies: connector.replies, proactive: connector.proactive, updates: connector.updates },
      graph,
    };
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'artifacts', 'load.json'), JSON.stringify(report, null, 2));
    console.log('Written: artifacts/load.json');
    process.exitCode = total.errors === 0 ? 0 : 1;
  } finally {
    await bot.stop();
    await connector.stop();
    await sim.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Per tenant: its Global Administrator (owner of the closures), a second one, then non-admins. */
function buildUsers(sim: Awaited<ReturnType<typeof startGraphSimulator>>, tenants: number, perTenant: number): LoadUser[] {
  const users: LoadUser[] = [];
  for (let t = 0; t < tenants; t++) {
    const tenant = sim.addTenant('small', { tenantId: randomUUID() });
    const base = { tenantId: tenant.tenantId, initialDomain: tenant.initialDomain };
    users.push({ ...base, aadObjectId: tenant.adminId, name: 'Load Owner', role: 'owner' });
    if (perTenant > 1) {
      const second = sim.admin(tenant.tenantId).addUser({ displayName: 'Second Admin', upnLocal: 'second', roles: ['globalAdministrator'] });
      users.push({ ...base, aadObjectId: second.id, name: 'Second Admin', role: 'admin' });
    }
    const members = sim.inspect(tenant.tenantId).users.filter((u) => u.roles.length === 0);
    for (let m = 0; m < perTenant - 2; m++) users.push({ ...base, aadObjectId: members[m].id, name: members[m].displayName, role: 'member' });
  }
  return users;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
