import { AppConfig, ConfigError, loadConfig } from './config/config';
import { BackupDownloads } from './backup/backup-downloads';
import { exportBackup } from './backup/backup-export';
import { BackupRetention, BackupRetentionPolicy } from './runner/backup-retention';
import { ClosureCensus } from './closure/closure-census';
import { ClosureNotifications } from './closure/closure-notifications';
import { ClosureRepository } from './runner/closure-repository';
import { ClosureService } from './closure/closure-service';
import { adminConsentUrl, createGraphAccess, GraphAccess } from './graph/graph-access';
import { declaredScopes } from './ports/permission-finding';
import { GraphDirectory } from './graph/graph-directory';
import { GraphTenantOperations } from './steps/tenant.operations';
import { ArmSubscriptions } from './azure/arm-subscriptions';
import { BotAuthOverrides, createBotAdapter } from './hosting/bot-adapter';
import { createHttpServer } from './hosting/http-server';
import { createTeamsApp } from './hosting/teams-app';
import { TeamsNotifier } from './hosting/teams-notifier';
import { TokenServiceSignIn } from './hosting/token-service-sign-in';
import { ApplicationWriteBudget } from './graph/bulk/application-write-budget';
import { applicationWriteBudgetOptions } from './graph/bulk/application-write-budget.options';
import { Clock, systemClock } from './time/clock';
import { ApprovedUserSets } from './runner/approved-user-set';
import { GraphUserDeletionJob } from './graph/user-deletion/graph-user-deletion.job';
import { createLogger, Logger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { startTelemetry } from './observability/telemetry';
import { StateStore } from './ports/state-store.port';
import { UserDeletionJob } from './ports/user-deletion.port';
import { ClosureRunner } from './runner/closure-runner';
import { InstanceClaim } from './runner/instance-claim';
import { JobSupervisor } from './runner/job-supervisor';
import { createStateStore } from './storage';

export interface BotOverrides {
  log?: Logger;
  botAuth?: BotAuthOverrides;
  graphAccess?: GraphAccess;
  store?: StateStore;
  /** Multiplies re-check delays (tests shorten hours to milliseconds). */
  recheckScale?: number;
  deletionJob?: (tenantId: string, actingUserId: string) => UserDeletionJob;
  /** The time everything reads and waits on (default: the machine's). */
  clock?: Clock;
  /** Names this instance in job leases (default: the configuration's `INSTANCE_ID`). */
  instanceId?: string;
  /** How long a job lease lasts unrenewed (default 30 s; Azure Blob grants 15 to 60 s). */
  jobLeaseMs?: number;
  /** How often to look for jobs a dead instance left behind (default 10 s). */
  recoverySweepMs?: number;
  /** How long backups are kept (default: from the configuration's days). */
  backupRetention?: BackupRetentionPolicy;
  /** The least time between two sweeps for expired backups (default 10 minutes). */
  backupSweepMs?: number;
}

export interface RunningBot {
  url: string;
  port: number;
  log: Logger;
  store: StateStore;
  runner: ClosureRunner;
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that builds adapters and wires them together. Tests call
 * it with the same configuration contract production uses.
 */
export async function startBot(config: AppConfig, overrides: BotOverrides = {}): Promise<RunningBot> {
  const log = overrides.log ?? createLogger(config.logLevel);
  if (config.bot.unauthenticated) {
    log.warn('BOT_ID is empty: inbound requests are NOT authenticated. Use this only with a local client such as the Agents Playground.');
  }
  if (config.forceLocale) log.warn({ locale: config.forceLocale }, 'DEV_FORCE_LOCALE is set: every activity is treated as this locale');
  const clock = overrides.clock ?? systemClock;

  const store = overrides.store ?? createStateStore(config.state);
  await store.ready();
  const repository = new ClosureRepository(store);
  const metrics = new Metrics();
  const graphResponses = metrics.counter('closure_bot_graph_responses_total', 'Answers from Microsoft Graph by HTTP status (429 = throttled), retries included');
  const graphAccess = overrides.graphAccess ?? createGraphAccess(config, (status, method) => graphResponses({ status: String(status), method }));
  const globalAdminRoleIds = new Map<string, string>();
  const directoryFor = (tenantId: string, userId: string) => new GraphDirectory(graphAccess.client({ tenantId, userId }), { tenantId, ids: globalAdminRoleIds });
  // Step 5's Azure subscriptions: Resource Manager with the admin's own delegated token, got like Graph's.
  const azureSubscriptions = new ArmSubscriptions({ endpoint: config.arm.endpoint, token: (tenantId, userId) => graphAccess.armToken({ tenantId, userId }) });
  const operationsFor = (tenantId: string, userId: string) => new GraphTenantOperations(graphAccess.client({ tenantId, userId }), graphAccess.client({ tenantId, userId }, 'beta'), tenantId);

  const adapter = createBotAdapter(config, overrides.botAuth, log);
  if (config.forceLocale) {
    const forced = config.forceLocale;
    adapter.use(async (context, next) => {
      context.activity.locale = forced;
      await next();
    });
  }
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity?.type }, 'Turn failed');
  };
  // GRAPH_AUTH=sso: background work with no sign-in in memory (a restart, another instance) reads the admin's token from the token service.
  if (config.graph.auth === 'sso' && config.graph.ssoConnectionName && config.bot.id) {
    graphAccess.useSilentSignIn(new TokenServiceSignIn({ adapter, botAppId: config.bot.id, connectionName: config.graph.ssoConnectionName, contactOf: (tenantId, userId) => repository.contact(tenantId, userId), log }));
  }

  const links = config.cloudProfile.links;
  const notifier = new TeamsNotifier(adapter, config.bot.id, log);
  // Links need the port actually bound when PORT=0; they are made only after listening.
  let backups: BackupDownloads | undefined;
  const backupLinks = (tenantId: string, exportId: string) => backups?.linksFor(tenantId, exportId);
  const notifications = new ClosureNotifications({ repository, notifier, links, backupLinks, adminConsentUrl: (tenantId) => adminConsentUrl(config, tenantId), now: () => clock.now(), directoryFor, log });
  // One application-wide write budget (35,000 writes / 5 min over all tenants) shared by every
  // tenant's deletion job in this process. Per process only: each instance has its own, and takes
  // GRAPH_WRITE_SHARE of the quota (instances do not coordinate).
  const approvedUsers = new ApprovedUserSets(store);
  const writeBudget = new ApplicationWriteBudget(applicationWriteBudgetOptions({ share: config.graph.writeShare }), clock);
  // The instance id outlives the process: a restarted process holds it again and takes its own job
  // leases back at once; while another live process holds it, this one runs as an owner of its own.
  const leaseMs = overrides.jobLeaseMs ?? 30_000;
  const instance = await InstanceClaim.take(store, overrides.instanceId ?? config.instanceId, log, { heartbeatMs: Math.max(250, Math.floor(leaseMs / 3)), staleMs: leaseMs });
  const jobs = new JobSupervisor(
    overrides.deletionJob ?? ((tenantId, userId) => new GraphUserDeletionJob(graphAccess.client({ tenantId, userId }, 'v1.0'), clock, { writeBudget })),
    log,
    { leases: store.leases, owner: () => instance.owner, leaseMs },
    (tenantId, ref) => approvedUsers.load(tenantId, ref),
    clock,
  );
  instance.onLost((owner) => jobs.stopOwnedBy(owner));
  const DAY_MS = 24 * 60 * 60_000;
  const backupRetention = new BackupRetention({
    store,
    repository,
    policy: overrides.backupRetention ?? { afterEndMs: config.backups.retentionDays * DAY_MS, maxOpenMs: config.backups.maxAgeDays * DAY_MS },
    now: () => clock.now(),
    log,
    minIntervalMs: overrides.backupSweepMs,
  });
  const runner = new ClosureRunner({
    repository,
    graphFor: (tenantId, userId) => {
      const ops = operationsFor(tenantId, userId);
      return {
        tenantId,
        ops,
        directory: directoryFor(tenantId, userId),
        azure: { reader: azureSubscriptions, userId },
        exportBackup: async (exportId) => ({ rows: (await exportBackup(ops, store, tenantId, exportId, new Date(clock.now()).toISOString())).users }),
        recordUsers: (setId) => approvedUsers.writer(tenantId, setId),
      };
    },
    jobs,
    onNotify: async (state, kind, params) => {
      // A closure that ended needs no approved list of users: the object ids it names are not kept.
      if (kind === 'closureCancelled' || kind === 'closureCompleted')
        await approvedUsers.removeAll(state.tenantId).catch((error) => log.warn({ err: error, tenantId: state.tenantId }, 'Could not remove the approved users of an ended closure'));
      await notifications.notify(state, kind, params);
    },
    onStateChanged: (state, cause) => notifications.stateChanged(state, cause),
    clock,
    log,
    recheckScale: overrides.recheckScale,
    onSweep: () => backupRetention.sweepIfDue(),
  });

  const closures = new ClosureService({
    directoryFor: (turn) => {
      if (turn.userAssertion) graphAccess.rememberSignIn({ tenantId: turn.tenantId, userId: turn.actor.aadObjectId }, turn.userAssertion);
      return directoryFor(turn.tenantId, turn.actor.aadObjectId);
    },
    repository,
    runner,
    links,
    backupLinks,
    adminConsentUrl: (tenantId) => adminConsentUrl(config, tenantId),
    declaredScopes: declaredScopes(),
    grantedScopes: (turn) => graphAccess.grantedScopes({ tenantId: turn.tenantId, userId: turn.actor.aadObjectId }),
    approvers: config.closureApprovers,
    log,
  });
  metrics.gauge('closure_bot_jobs_running', 'User deletion jobs running in this instance', async () => [{ labels: {}, value: jobs.runningCount() }]);
  metrics.gauge('closure_bot_write_budget', 'Application-wide write budget of this instance: writes per second it allows now and aims at, jobs waiting, writes granted, Application-scope 429s', async () => {
    const budget = writeBudget.snapshot();
    return [
      { labels: { measure: 'rate_per_second' }, value: Math.round(budget.ratePerSecond * 100) / 100 },
      { labels: { measure: 'target_per_second' }, value: Math.round(budget.targetPerSecond * 100) / 100 },
      { labels: { measure: 'waiting' }, value: budget.waiting },
      { labels: { measure: 'writes_granted' }, value: budget.granted },
      { labels: { measure: 'application_429s' }, value: budget.throttles },
    ];
  });
  const census = new ClosureCensus(repository);
  metrics.gauge('closure_bot_closures', 'Closures in the state store by status and current step (recounted at most every 30 s)', () => census.entries());
  const app = createTeamsApp({ adapter, botAppId: config.bot.id, closures, log, store, ssoConnectionName: config.graph.auth === 'sso' ? config.graph.ssoConnectionName || undefined : undefined });
  const http = createHttpServer({ adapter, app, log, ready: () => store.ready(), backups: () => backups, metrics: () => metrics.render() });

  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, () => resolve());
  });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  backups = await BackupDownloads.create(store, config.publicUrl ?? url);
  log.info({ url: `${url}/api/messages`, graph: config.graph.endpoint, state: config.state.kind }, 'Bot listening');
  await runner.recover(overrides.recoverySweepMs ?? 10_000);

  return {
    url,
    port,
    log,
    store,
    runner,
    async stop() {
      await http.drain(10_000);
      await runner.stop();
      await instance.release().catch((error) => log.warn({ err: error }, 'Could not free the instance id'));
      await store.close();
    },
  };
}

/**
 * What `npm run serve` runs: telemetry first (when configured), then the bot; `stop()` drains the
 * bot, then flushes what telemetry still holds.
 */
export async function startBotWithTelemetry(config: AppConfig, overrides: BotOverrides = {}): Promise<RunningBot> {
  const stopTelemetry = await startTelemetry(config.appInsightsConnectionString, overrides.log ?? createLogger(config.logLevel));
  const bot = await startBot(config, overrides);
  return { ...bot, stop: () => bot.stop().then(stopTelemetry) };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
  const bot = await startBotWithTelemetry(config);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.log.info({ signal }, 'Shutting down: finishing in-flight turns');
    bot.stop().then(
      () => process.exit(0),
      (error) => {
        bot.log.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`Fatal: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
