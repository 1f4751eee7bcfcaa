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
}

const LIMITS: Record<Exclude<keyof BenchArgs, 'only'>, [number, number, number]> = {
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
  const args = Object.fromEntries(Object.entries(LIMITS).map(([k, [d]]) => [k, d])) as unknown as BenchArgs;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (name === 'only') {
      const value = argv[++i];
      if (value !== 'engine' && value !== 'baselines' && value !== 'latency') throw new Error('--only engine|baselines|latency');
      args.only = value;
      continue;
    }
    const limits = LIMITS[name as keyof typeof LIMITS];
    if (!limits) throw new Error(`Unknown option ${argv[i]}. Options: ${Object.keys(LIMITS).map((k) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())).join(' ')} --only`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < limits[1] || value > limits[2]) throw new Error(`${argv[i - 1]} must be an integer in ${limits[1]}..${limits[2]}`);
    (args as unknown as Record<string, number>)[name] = value;
  }
  return args;
}
