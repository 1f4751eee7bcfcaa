/** Command-line options of `npm run load -- --seconds 60 ...`, every one bounded (count and time). */
export interface LoadArgs {
  seconds: number;
  conversations: number;
  tenants: number;
  /** Upper bound of a conversation's pause between two activities (uniform 0..thinkMs). */
  thinkMs: number;
  /** Simulated Graph latency per request: fixed part and jitter (ms). */
  graphLatencyMs: number;
  /** A request that takes longer counts as a timeout error. */
  timeoutMs: number;
}

const LIMITS: Record<keyof LoadArgs, [number, number, number]> = {
  seconds: [60, 5, 600],
  conversations: [200, 4, 1_000],
  tenants: [50, 1, 200],
  thinkMs: [250, 0, 5_000],
  graphLatencyMs: [20, 0, 500],
  timeoutMs: [15_000, 1_000, 60_000],
};

const flag = (name: string) => '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export function parseLoadArgs(argv: string[]): LoadArgs {
  const args = Object.fromEntries(Object.entries(LIMITS).map(([k, [d]]) => [k, d])) as unknown as LoadArgs;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof LoadArgs;
    const limits = LIMITS[name];
    if (!limits) throw new Error(`Unknown option ${argv[i]}. Options: ${Object.keys(LIMITS).map(flag).join(' ')}`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < limits[1] || value > limits[2]) throw new Error(`${argv[i - 1]} must be an integer in ${limits[1]}..${limits[2]}`);
    args[name] = value;
  }
  if (args.conversations < args.tenants) throw new Error('--conversations must be at least --tenants (one Global Administrator per tenant drives the closure)');
  return args;
}
