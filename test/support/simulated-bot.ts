import { GraphSimulator, startGraphSimulator } from '../../graph-sim';
import type { SimulatorOptions } from '../../graph-sim/types';
import { loadConfig } from '../../src/config';
import { BotOverrides, RunningBot, startBot } from '../../src/index';
import { createLogger } from '../../src/observability';
import { FakeConnector } from './fake-connector';

/** The end-to-end suites' rig: the Graph simulator, a stand-in Teams connector, and the bot on them. */
export interface SimulatedBot {
  sim: GraphSimulator;
  connector: FakeConnector;
  bot: RunningBot;
}

export interface SimulatedBotOptions {
  /** The simulator's options; it starts with no tenant, each test adds its own. */
  simulator?: SimulatorOptions;
  /** Settings over the rig's own (static simulator tokens, memory state, silent logs), given the simulator's URL. */
  settings?: (simUrl: string) => Record<string, string>;
  /** Over the rig's own: silent logs, and re-check delays shortened from hours to milliseconds. */
  overrides?: BotOverrides;
}

/** Starts the rig in this process: the bot is reached over HTTP on loopback, as Teams would reach it. */
export async function startSimulatedBot(options: SimulatedBotOptions = {}): Promise<SimulatedBot> {
  const sim = await startGraphSimulator({ scenarios: [], ...options.simulator });
  const connector = await new FakeConnector().start();
  const settings = { PORT: '0', GRAPH_AUTH: 'static', GRAPH_TOKEN: 'sim.{tenantId}.{userId}', GRAPH_ENDPOINT: sim.url, STATE_STORE: 'memory', LOG_LEVEL: 'silent', ...options.settings?.(sim.url) };
  const bot = await startBot(loadConfig(settings), { log: createLogger('silent'), recheckScale: 0.0005, ...options.overrides });
  return { sim, connector, bot };
}

/** Stops what started, in the reverse order (a part that never started is skipped). */
export async function stopSimulatedBot(rig: Partial<SimulatedBot>): Promise<void> {
  await rig.bot?.stop();
  await rig.connector?.stop();
  await rig.sim?.close();
}
