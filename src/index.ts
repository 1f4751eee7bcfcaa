import { AppConfig, ConfigError, loadConfig } from './config/config';
import { ClosureService } from './closure/closure-service';
import { createGraphAccess, GraphAccess } from './graph/graph-access';
import { GraphDirectory } from './graph/graph-directory';
import { BotAuthOverrides, createBotAdapter } from './hosting/bot-adapter';
import { createHttpServer } from './hosting/http-server';
import { createTeamsApp } from './hosting/teams-app';
import { createLogger, Logger } from './observability/logger';

export interface BotOverrides {
  log?: Logger;
  botAuth?: BotAuthOverrides;
  graphAccess?: GraphAccess;
}

export interface RunningBot {
  url: string;
  port: number;
  log: Logger;
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

  const graphAccess = overrides.graphAccess ?? createGraphAccess(config);
  const closures = new ClosureService({
    directoryFor: (turn) => new GraphDirectory(graphAccess.client({ tenantId: turn.tenantId, userId: turn.actor.aadObjectId })),
    log,
  });
  const adapter = createBotAdapter(config, overrides.botAuth);
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
  const app = createTeamsApp({ adapter, botAppId: config.bot.id, closures, log });
  const http = createHttpServer({ adapter, app, log, ready: async () => undefined });

  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, () => resolve());
  });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.info({ url: `${url}/api/messages`, graph: config.graph.endpoint, state: config.state.kind }, 'Bot listening');

  return {
    url,
    port,
    log,
    async stop() {
      await http.drain(10_000);
    },
  };
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
  const bot = await startBot(config);
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
