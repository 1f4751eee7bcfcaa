/**
 * `npm start`: the whole product on one machine, with no Microsoft 365 tenant. It starts the Graph
 * simulator with the demo tenant, the bot (as `npm run serve` would, configured only by its
 * environment, with file state) and the Microsoft 365 Agents Playground as the Teams client.
 * Every process runs under the loopback guard: nothing leaves the machine.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_TENANT, startGraphSimulator } from '../graph-sim';
import { playgroundConfigYaml } from './playground-config';

const ROOT = resolve(__dirname, '..', '..');
const GUARD = join(ROOT, 'scripts', 'loopback-guard.js');

async function main(): Promise<void> {
  const botPort = Number(process.env.PORT ?? 3978);
  const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
  const sim = await startGraphSimulator({ scenarios: ['demo'], port: Number(process.env.GRAPH_SIM_PORT ?? 0), latency: { fixedMs: 40, jitterMs: 40 } });
  console.log(`Graph simulator: ${sim.url} (tenant "${DEMO_TENANT.displayName}", ${DEMO_TENANT.initialDomain})`);

  const children: ChildProcess[] = [];
  const stopAll = async (code: number) => {
    for (const child of children) child.kill('SIGTERM');
    await sim.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const bot = spawn(process.execPath, ['--require', GUARD, join(ROOT, 'dist', 'src', 'index.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(botPort),
      GRAPH_ENDPOINT: sim.url,
      GRAPH_AUTH: 'static',
      GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
      STATE_STORE: process.env.STATE_STORE ?? 'file',
      STATE_DIR: process.env.STATE_DIR ?? join(ROOT, '.data'),
      BOT_ID: '',
    },
  });
  children.push(bot);
  bot.on('exit', (code) => {
    console.error(`The bot stopped (exit code ${code}).`);
    void stopAll(code ?? 1);
  });
  await waitForHealth(`http://127.0.0.1:${botPort}/healthz`);

  const playgroundDir = join(ROOT, 'devTools');
  mkdirSync(playgroundDir, { recursive: true });
  writeFileSync(join(playgroundDir, '.m365agentsplayground.yml'), playgroundConfigYaml());
  const playgroundBin = join(ROOT, 'node_modules', '.bin', 'agentsplayground');
  const playground = spawn(playgroundBin, ['--disable-telemetry', '-p', String(playgroundPort), '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams'], {
    cwd: playgroundDir,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: `--require ${GUARD}`, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none' },
  });
  children.push(playground);
  playground.stdout?.on('data', () => undefined);
  playground.on('exit', (code) => {
    console.error(`The Agents Playground stopped (exit code ${code}).`);
    void stopAll(code ?? 1);
  });
  await waitForHealth(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`);
  console.log('');
  console.log(`  Open http://127.0.0.1:${playgroundPort}/ and type "close account".`);
  console.log(`  You chat as ${DEMO_TENANT.adminName}, a Global Administrator of the demo tenant. Ctrl+C stops everything.`);
  console.log('');
}

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
