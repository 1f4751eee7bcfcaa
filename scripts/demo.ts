/**
 * `npm start`: the whole product on one machine, with no Microsoft 365 tenant. It starts the Graph
 * simulator with the demo tenant, the bot (as `npm run serve` would, configured only by its
 * environment, with file state) and the Microsoft 365 Agents Playground as the Teams client.
 * Every process runs under the loopback guard: nothing leaves the machine.
 *
 * The launchers are exported for the browser end-to-end tests (test/browser/), which start the same
 * stack once per locale.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEMO_TENANT, startGraphSimulator } from '../graph-sim';
import { DEMO_IDENTITY, playgroundConfigYaml, PlaygroundIdentity } from './playground-config';
import { projectRoot } from './project-root';

export const ROOT = projectRoot(__dirname);
export const GUARD = join(ROOT, 'scripts', 'loopback-guard.js');

export interface ManagedProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface BotProcessOptions {
  graphUrl: string;
  port: number;
  /** Extra or overriding environment (STATE_STORE, STATE_DIR, DEV_FORCE_LOCALE, LOG_LEVEL...). */
  env?: Record<string, string | undefined>;
  /** `inherit` (the demo) or a file that receives stdout and stderr (tests). */
  output?: 'inherit' | string;
}

/** The built bot (dist/src/index.js) as a child process under the loopback guard, ready when /healthz answers. */
export async function startBotProcess(options: BotProcessOptions): Promise<ManagedProcess> {
  const child = spawn(process.execPath, ['--require', GUARD, join(ROOT, 'dist', 'src', 'index.js')], {
    cwd: ROOT,
    stdio: ['ignore', options.output === 'inherit' || !options.output ? 'inherit' : 'pipe', options.output === 'inherit' || !options.output ? 'inherit' : 'pipe'],
    env: {
      ...inheritedEnv(),
      PORT: String(options.port),
      GRAPH_ENDPOINT: options.graphUrl,
      GRAPH_AUTH: 'static',
      GRAPH_TOKEN: 'sim.{tenantId}.{userId}',
      // The simulator's Resource Manager: Step 5 reads Azure subscriptions there, as in production.
      ARM_ENDPOINT: `${options.graphUrl}/arm`,
      ARM_TOKEN: 'arm.{tenantId}.{userId}',
      STATE_STORE: 'file',
      STATE_DIR: join(ROOT, '.data'),
      BOT_ID: '',
      ...options.env,
    },
  });
  pipeTo(child, options.output);
  const url = `http://127.0.0.1:${options.port}`;
  const managed = managedProcess(child, url, options.port);
  await waitForHealth(`${url}/healthz`, 30_000, child).catch(async (error) => {
    await managed.stop();
    throw error;
  });
  return managed;
}

export interface PlaygroundOptions {
  botUrl: string;
  port: number;
  /** Folder the playground runs in: its `.m365agentsplayground.yml` is written there. */
  dir: string;
  identity?: PlaygroundIdentity;
  output?: 'inherit' | 'ignore' | string;
  env?: Record<string, string | undefined>;
}

/**
 * The Microsoft 365 Agents Playground (telemetry off, no statsbeat, no browser opened, under the
 * loopback guard) chatting as `identity`, ready when its config endpoint answers.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<ManagedProcess> {
  mkdirSync(options.dir, { recursive: true });
  const configPath = join(options.dir, '.m365agentsplayground.yml');
  writeFileSync(configPath, playgroundConfigYaml(options.identity ?? DEMO_IDENTITY));
  const bin = join(ROOT, 'node_modules', '.bin', 'agentsplayground');
  const child = spawn(bin, ['--disable-telemetry', '-p', String(options.port), '-e', `${options.botUrl}/api/messages`, '-c', 'msteams'], {
    cwd: options.dir,
    stdio: ['ignore', 'pipe', options.output === 'inherit' ? 'inherit' : 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${GUARD}`,
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(options.dir, 'm365agentsplayground.log'),
      ...options.env,
    },
  });
  if (options.output === 'inherit' || options.output === 'ignore' || !options.output) {
    child.stdout?.resume();
    child.stderr?.resume();
  } else pipeTo(child, options.output);
  const url = `http://127.0.0.1:${options.port}`;
  const managed = managedProcess(child, url, options.port);
  await waitForHealth(`${url}/_internal/v1/config`, 30_000, child).catch(async (error) => {
    await managed.stop();
    throw error;
  });
  return managed;
}

/**
 * This process's environment without variables named like the bot's settings (BOT_*, GRAPH_*,
 * STATE_*, CLOUD_*): the bot refuses unknown ones (e.g. CLOUD_SDK_VERSION from the Google Cloud
 * SDK), and the launcher sets the ones it needs explicitly.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(BOT|GRAPH|STATE|CLOUD)_/.test(key)));
}

/** A TCP port nobody listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(url: string, timeoutMs = 30_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited (code ${child.exitCode}) before answering`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function pipeTo(child: ChildProcess, output: string | undefined): void {
  if (!output || output === 'inherit' || output === 'ignore') return;
  const file = createWriteStream(output, { flags: 'a' });
  child.stdout?.pipe(file, { end: false });
  child.stderr?.pipe(file, { end: false });
  child.once('exit', () => setTimeout(() => file.end(), 50));
}

function managedProcess(child: ChildProcess, url: string, port: number): ManagedProcess {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    url,
    port,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

async function main(): Promise<void> {
  const botPort = Number(process.env.PORT ?? 3978);
  const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
  const sim = await startGraphSimulator({ scenarios: ['demo'], port: Number(process.env.GRAPH_SIM_PORT ?? 0), latency: { fixedMs: 40, jitterMs: 40 } });
  console.log(`Graph simulator: ${sim.url} (tenant "${DEMO_TENANT.displayName}", ${DEMO_TENANT.initialDomain})`);

  const children: ManagedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((c) => c.stop()));
    await sim.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // The simulator's tenant is new on every run, so the demo's closure state starts new too
  // (a closure remembered from an earlier run would describe a tenant that no longer exists).
  const stateDir = process.env.STATE_DIR ?? join(ROOT, '.data', 'demo');
  if (!process.env.STATE_DIR) rmSync(stateDir, { recursive: true, force: true });
  const bot = await startBotProcess({
    graphUrl: sim.url,
    port: botPort,
    output: 'inherit',
    env: { STATE_STORE: process.env.STATE_STORE ?? 'file', STATE_DIR: stateDir },
  });
  children.push(bot);
  bot.child.on('exit', (code) => {
    if (stopping) return;
    console.error(`The bot stopped (exit code ${code}).`);
    void stopAll(code ?? 1);
  });

  const playground = await startPlayground({ botUrl: bot.url, port: playgroundPort, dir: join(ROOT, 'devTools'), identity: DEMO_IDENTITY, output: 'inherit' });
  children.push(playground);
  playground.child.on('exit', (code) => {
    if (stopping) return;
    console.error(`The Agents Playground stopped (exit code ${code}).`);
    void stopAll(code ?? 1);
  });
  console.log('');
  console.log(`  Open http://127.0.0.1:${playgroundPort}/ and type "close account".`);
  console.log(`  You chat as ${DEMO_TENANT.adminName}, a Global Administrator of the demo tenant. Ctrl+C stops everything.`);
  console.log('');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
