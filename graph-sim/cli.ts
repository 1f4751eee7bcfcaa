import { SCENARIOS } from './scenarios';
import { startGraphSimulator } from './simulator';
import { FaultRates, ScenarioName, SimulatorOptions } from './types';

const USAGE = `Usage: npm run graph-sim -- [--scenario demo,large ...] [--port 5000] [--time-scale 0.1] [--quota-scale 1]
  [--latency-ms 50] [--jitter-ms 20] [--fault-503 0.01] [--fault-504 0.01] [--fault-drop 0.01] [--fault-429 0.01]
  [--sync-delay-ms 2000] [--no-throttling] [--seed 1]
Scenarios: ${Object.keys(SCENARIOS).join(', ')}`;

/** Parses the command line into simulator options; throws with the usage text on anything unknown. */
export function parseArgs(argv: readonly string[]): SimulatorOptions {
  const options: SimulatorOptions = {};
  const scenarios: ScenarioName[] = [];
  const faults: FaultRates = {};
  const latency = { fixedMs: 0, jitterMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const num = () => {
      const n = Number(value());
      if (!Number.isFinite(n)) throw new Error(`${flag} needs a number\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--scenario':
        for (const name of value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          if (!(name in SCENARIOS)) throw new Error(`Unknown scenario "${name}"\n${USAGE}`);
          scenarios.push(name as ScenarioName);
        }
        break;
      case '--port':
        options.port = num();
        break;
      case '--time-scale':
        options.timeScale = num();
        break;
      case '--quota-scale':
        options.quotaScale = num();
        break;
      case '--latency-ms':
        latency.fixedMs = num();
        break;
      case '--jitter-ms':
        latency.jitterMs = num();
        break;
      case '--fault-503':
        faults.rate503 = num();
        break;
      case '--fault-504':
        faults.rate504 = num();
        break;
      case '--fault-drop':
        faults.rateDrop = num();
        break;
      case '--fault-429':
        faults.rate429 = num();
        break;
      case '--sync-delay-ms':
        options.syncDisableDelayMs = num();
        break;
      case '--no-throttling':
        options.throttling = false;
        break;
      case '--seed':
        options.seed = num();
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown option "${flag}"\n${USAGE}`);
    }
  }
  if (scenarios.length > 0) options.scenarios = scenarios;
  options.latency = latency;
  options.faults = faults;
  return options;
}

async function main(): Promise<void> {
  let options: SimulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
    return;
  }
  const sim = await startGraphSimulator(options);
  console.log(`Graph simulator listening on ${sim.url} (clients call ${sim.url}/v1.0/... and ${sim.url}/beta/...)`);
  for (const t of sim.tenants()) {
    console.log(`\n  ${t.displayName} [${t.scenario}] ${t.initialDomain}, ${t.userCount} users`);
    console.log(`    tenantId   ${t.tenantId}`);
    console.log(`    admin      ${t.adminUpn} (${t.adminId})`);
    console.log(`    token      ${t.adminToken}   (delegated as the admin)`);
    console.log(`    app token  ${t.appToken}`);
  }
  console.log(`\nAny token "sim.<tenantId>.<userId>" or "sim.<tenantId>" works. Ctrl+C stops.`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) void main();
