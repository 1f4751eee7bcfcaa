import { IntegerLimits, parseIntegerFlags } from '../shared/integer-flags';
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

const LIMITS: Record<keyof LoadArgs, IntegerLimits> = {
  seconds: [60, 5, 600],
  conversations: [200, 4, 1_000],
  tenants: [50, 1, 200],
  thinkMs: [250, 0, 5_000],
  graphLatencyMs: [20, 0, 500],
  timeoutMs: [15_000, 1_000, 60_000],
};

export function parseLoadArgs(argv: string[]): LoadArgs {
  const args = parseIntegerFlags(argv, LIMITS);
  if (args.conversations < args.tenants) throw new Error('--conversations must be at least --tenants (one Global Administrator per tenant drives the closure)');
  return args;
}
