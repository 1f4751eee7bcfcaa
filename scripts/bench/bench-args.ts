import { IntegerLimits, parseIntegerFlags } from '../shared/integer-flags';
/** Command-line options of `npm run bench -- --users 5000 ...`, every one bounded. */
export interface BenchArgs {
  users: number;
  /** Time cap of the two baselines (the engine always deletes every user). */
  baselineSeconds: number;
  parallelConcurrency: number;
  tenants: number;
  usersPerTenant: number;
  idleSeconds: number;
  latencyCapSeconds: number;
  probers: number;
  only?: 'engine' | 'baselines' | 'latency';
  /** The multi-tenant run with the shared application write budget (default) or without (as before it existed). */
  appBudget: 'on' | 'off';
}

const LIMITS: Record<Exclude<keyof BenchArgs, 'only' | 'appBudget'>, IntegerLimits> = {
  users: [5_000, 20, 20_000],
  baselineSeconds: [60, 5, 300],
  parallelConcurrency: [50, 2, 200],
  tenants: [20, 1, 50],
  usersPerTenant: [300, 10, 2_000],
  idleSeconds: [10, 2, 60],
  latencyCapSeconds: [120, 10, 300],
  probers: [2, 1, 8],
};

export function parseBenchArgs(argv: string[]): BenchArgs {
  let only: BenchArgs['only'];
  let appBudget: BenchArgs['appBudget'] = 'on';
  const numbers = parseIntegerFlags(
    argv,
    LIMITS,
    (name, next) => {
      if (name === 'appBudget') {
        const value = next();
        if (value !== 'on' && value !== 'off') throw new Error('--app-budget on|off');
        appBudget = value;
        return true;
      }
      if (name !== 'only') return false;
      const value = next();
      if (value !== 'engine' && value !== 'baselines' && value !== 'latency') throw new Error('--only engine|baselines|latency');
      only = value;
      return true;
    },
    ['--only', '--app-budget'],
  );
  return { ...numbers, only, appBudget };
}
