import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../project-root';
import { LoadConnector } from '../../load/load-connector';
import { parseIntegerFlags } from '../../shared/integer-flags';
import { LargeChild } from './large-child';
import { LargeDriver } from './large-driver';
import { largeQuotas } from './large-settings';
import { processMemory, sampleRss } from './proc-memory';

const LIMITS = {
  users: [100_000, 1_000, 200_000],
  /** Every write quota sustains this many times its production rate (×10: 200 writes/s per tenant). */
  rateMultiplier: [10, 1, 50],
  latencyMs: [50, 0, 500],
  /** The whole run stops (and fails) after this, whatever it is doing. */
  capMinutes: [40, 5, 120],
} as const;

interface ClosureDocument {
  value: { status: string; job?: { status: string; done: number; failed: number; total: number }; steps: { prepare: { evidence: { backupExportId?: string } } } };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `npm run bench:large`: one closure of a 100,000-user tenant, the bot and the Graph simulator each in
 * its own process (loopback only), the simulator's quotas raised. Drives the closure as Teams would up
 * to the deletion, downloads the backup while sampling the bot's memory, approves the deletion and
 * waits for the job to complete; prints the rate against the raised quota, failures and 429s, each
 * process's peak RSS, the state document's and the backup's sizes. Bounded by --cap-minutes.
 */
async function main(): Promise<void> {
  const args = parseIntegerFlags(process.argv.slice(2), LIMITS as unknown as Record<keyof typeof LIMITS, readonly [number, number, number]>);
  const root = projectRoot(__dirname);
  const quotas = largeQuotas(args.rateMultiplier);
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-large-'));
  const artifacts = join(root, 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  const deadline = Date.now() + args.capMinutes * 60_000;
  const children: LargeChild[] = [];
  const cap = setTimeout(() => {
    process.stderr.write(`bench:large stopped at its ${args.capMinutes}-minute cap\n`);
    for (const c of children) c.child.kill('SIGKILL');
    process.exit(3);
  }, args.capMinutes * 60_000);
  cap.unref();

  log(
    `Simulator: ${args.users.toLocaleString('en-US')} users, windows ×${quotas.timeScale}, quotas ×${quotas.quotaScale}: ${quotas.tenantQuota} writes / ${quotas.tenantWindowMs / 1000} s per app + tenant = ${quotas.tenantRatePerSecond} writes/s (${args.rateMultiplier}× production's 20/s), latency ${args.latencyMs} ms.`,
  );
  const started = Date.now();
  const { child: sim, ready: simReady } = await LargeChild.start(
    'large-sim.js',
    { users: args.users, timeScale: quotas.timeScale, quotaScale: quotas.quotaScale, latencyMs: args.latencyMs },
    { root, env: { PATH: process.env.PATH ?? '' }, logFile: join(artifacts, 'bench-large-sim.log'), timeoutMs: 300_000 },
  );
  children.push(sim);
  const tenant = simReady.tenant as { tenantId: string; adminId: string; initialDomain: string };
  log(`simulator ready in ${round((Date.now() - started) / 1000, 1)} s (pid ${sim.pid})`);
  const connector = await new LoadConnector().start();
  const botEnv = {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    LOG_LEVEL: 'warn',
    GRAPH_AUTH: 'static',
    GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
    GRAPH_ENDPOINT: String(simReady.url),
    STATE_STORE: 'file',
    STATE_DIR: stateDir,
  };
  const { child: bot, ready: botReady } = await LargeChild.start('large-bot.js', quotas, { root, env: botEnv, logFile: join(artifacts, 'bench-large-bot.log'), timeoutMs: 60_000 });
  children.push(bot);
  const botRss = sampleRss(bot.pid, 250);
  const simRss = sampleRss(sim.pid, 1_000);
  log(`bot ready (pid ${bot.pid}), RSS ${processMemory(bot.pid).rssMb} MB`);

  const driver = new LargeDriver(String(botReady.url), connector, { tenantId: tenant.tenantId, aadObjectId: tenant.adminId, name: 'Bench Admin' });
  const closureFile = join(stateDir, 'docs', 'tenants', tenant.tenantId, 'closure~.json');
  const readClosure = (): { bytes: number; document: ClosureDocument } | undefined => {
    try {
      const text = readFileSync(closureFile, 'utf8');
      return { bytes: Buffer.byteLength(text), document: JSON.parse(text) as ClosureDocument };
    } catch {
      return undefined;
    }
  };

  // Step 0: the inventory and the backup export of every user.
  await driver.say('close account');
  const exportStarted = Date.now();
  await driver.click('closure.start');
  await driver.waitFor('closure.acknowledgeBackup', deadline);
  const exportSeconds = (Date.now() - exportStarted) / 1000;
  const links = driver.links();
  if (!links.json || !links.csv) throw new Error('the card offers no backup links');
  log(`backup exported in about ${round(exportSeconds, 1)} s; downloading it ...`);
  const download = { json: await downloadMeasured(links.json, bot.pid), csv: await downloadMeasured(links.csv, bot.pid) };
  const backupId = readClosure()?.document.value.steps.prepare.evidence.backupExportId ?? '';
  const backupRecordBytes = fileSize(join(stateDir, 'docs', 'tenants', tenant.tenantId, 'backups', `${backupId}~.json`));
  log(
    `backup: JSON ${mb(download.json.bytes)} MB, CSV ${mb(download.csv.bytes)} MB; bot RSS ${download.json.rssBeforeMb} MB before, at most ${Math.max(download.json.rssMaxMb ?? 0, download.csv.rssMaxMb ?? 0)} MB while downloading`,
  );

  // Step 1: the deletion, approved with the typed domain; then the job runs to the end.
  await driver.click('closure.acknowledgeBackup');
  await driver.waitFor('closure.deleteUsers', deadline);
  const approvedAt = Date.now();
  await driver.click('closure.deleteUsers', { confirmation: tenant.initialDomain });
  let largestStateBytes = 0;
  let lastReport = 0;
  let job: ClosureDocument['value']['job'];
  for (;;) {
    const closure = readClosure();
    if (closure) largestStateBytes = Math.max(largestStateBytes, closure.bytes);
    job = closure?.document.value.job;
    if (job && (job.status === 'completed' || job.status === 'failed')) break;
    if (Date.now() > deadline) throw new Error('the deletion did not end before the time cap');
    if (Date.now() - lastReport > 30_000 && job) {
      lastReport = Date.now();
      log(`  ${job.done.toLocaleString('en-US')} / ${job.total.toLocaleString('en-US')} deleted after ${round((Date.now() - approvedAt) / 1000, 0)} s; bot RSS ${processMemory(bot.pid).rssMb} MB`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const completedAt = Date.now();
  const sawSim = await sim.request('inspect', 'inspection', 120_000);
  const counters = sawSim.counters as { throttled: number; requests: number; writes: number; errors5xx: number };
  // A last look at the document once the step has moved on (verification, the next step's reads).
  await new Promise((r) => setTimeout(r, 3_000));
  largestStateBytes = Math.max(largestStateBytes, readClosure()?.bytes ?? 0);
  const botHeap = (await bot.request('memory', 'memory', 10_000)).atLargestRss as Record<string, number>;
  const botMemory = { ...botRss.stop(), peakRssMb: processMemory(bot.pid).peakRssMb, atLargestRss: botHeap };
  const simMemory = { ...simRss.stop(), peakRssMb: processMemory(sim.pid).peakRssMb };

  const elapsed = (completedAt - approvedAt) / 1000;
  const deleted = Number(sawSim.deleted);
  const writeSpan = (Number(sawSim.lastWriteAt) - Number(sawSim.firstWriteAt)) / 1000;
  const figures = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, platform: process.platform },
    settings: { ...args, ...quotas },
    deletion: {
      users: args.users,
      deleted,
      jobStatus: job?.status,
      failures: job?.failed ?? NaN,
      deletedTwice: sawSim.deletedTwice,
      adminDeleted: sawSim.adminDeleted,
      remainingUsers: sawSim.remaining,
      violations: sawSim.violations,
      http429: counters.throttled,
      http5xx: counters.errors5xx,
      requests: counters.requests,
      elapsedSeconds: round(elapsed, 1),
      deletionsPerSecond: round(deleted / elapsed),
      ratioToQuotaRate: round(deleted / elapsed / quotas.tenantRatePerSecond, 3),
      firstToLastDeletionSeconds: round(writeSpan, 1),
      ratioFirstToLastDeletion: round(deleted / writeSpan / quotas.tenantRatePerSecond, 3),
    },
    memory: { bot: botMemory, simulator: simMemory },
    sizes: { closureDocumentBytes: largestStateBytes, backupRecordBytes, backupJsonBytes: download.json.bytes, backupCsvBytes: download.csv.bytes },
    backup: { exportSeconds: round(exportSeconds, 1), download },
  };

  log('');
  log(`| measure | value | goal |`);
  log(`| --- | --- | --- |`);
  log(`| deleted | ${deleted.toLocaleString('en-US')} of ${args.users.toLocaleString('en-US')} (job ${String(job?.status)}, admin kept: ${!sawSim.adminDeleted}, deleted twice: ${String(sawSim.deletedTwice)}) | all |`);
  log(`| deletions/s, approval to job completed | ${figures.deletion.deletionsPerSecond} over ${figures.deletion.elapsedSeconds} s | |`);
  log(
    `| × raised quota rate (${quotas.tenantRatePerSecond}/s) | **${figures.deletion.ratioToQuotaRate}** (first to last deletion: ${figures.deletion.ratioFirstToLastDeletion} over ${figures.deletion.firstToLastDeletionSeconds} s) | ≥ 0.98 |`,
  );
  log(`| failures | ${figures.deletion.failures} | 0 |`);
  log(`| 429s (simulator's count) | ${counters.throttled} | |`);
  log(`| bot peak RSS (VmHWM) | ${botMemory.peakRssMb} MB (sampled max ${botMemory.maxMb} MB; then V8 heap ${botHeap.heapUsedMb} MB used of ${botHeap.heapTotalMb} MB, ${botHeap.externalMb} MB outside it) | < 300 MB |`);
  log(`| simulator peak RSS (VmHWM) | ${simMemory.peakRssMb} MB | |`);
  log(`| closure state document (largest seen, on disk) | ${largestStateBytes.toLocaleString('en-US')} bytes | < 32 KB |`);
  log(`| backup: JSON / CSV / record | ${mb(download.json.bytes)} MB / ${mb(download.csv.bytes)} MB / ${backupRecordBytes} bytes | |`);
  log(
    `| bot RSS while the backup downloads | ${download.json.rssBeforeMb} MB before, max ${download.json.rssMaxMb} MB (JSON, ${download.json.seconds} s), max ${download.csv.rssMaxMb} MB (CSV, ${download.csv.seconds} s) | |`,
  );
  writeFileSync(join(artifacts, 'bench-large.json'), `${JSON.stringify(figures, null, 2)}\n`);
  log(`\nWritten to artifacts/bench-large.json (child logs: artifacts/bench-large-*.log)`);

  await bot.stop();
  await sim.stop();
  await connector.stop();
  rmSync(stateDir, { recursive: true, force: true });
}

/** Downloads one backup file, counting bytes as they come (never holding it), while sampling the bot's RSS every 20 ms. */
async function downloadMeasured(url: string, botPid: number): Promise<{ bytes: number; lines: number; seconds: number; rssBeforeMb?: number; rssMaxMb?: number }> {
  const rssBeforeMb = processMemory(botPid).rssMb;
  const sampler = sampleRss(botPid, 20);
  const started = Date.now();
  const response = await fetch(url);
  if (response.status !== 200 || !response.body) throw new Error(`download answered ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const seconds = round((Date.now() - started) / 1000, 2);
  const rss = sampler.stop();
  if (Number(response.headers.get('content-length')) !== bytes) throw new Error(`download cut short: ${bytes} of ${response.headers.get('content-length')} bytes`);
  return { bytes, lines, seconds, rssBeforeMb, rssMaxMb: rss.maxMb };
}

function fileSize(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench:large failed: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
