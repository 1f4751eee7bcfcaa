import { percentile } from '../shared/percentile';

/** Latencies and outcomes of one activity type over the run. */
export interface ActivityStats {
  count: number;
  errors: number;
  non2xx: number;
  server5xx: number;
  timeouts: number;
  transport: number;
  /** 200 answers whose card told the admin something went wrong (unexpected error, Graph unavailable). */
  errorCards: number;
  latenciesMs: number[];
}

export type Outcome = { kind: 'ok' } | { kind: 'status'; status: number } | { kind: 'timeout' } | { kind: 'transport' } | { kind: 'errorCard' };

export class LoadStats {
  readonly byType = new Map<string, ActivityStats>();

  record(type: string, ms: number, outcome: Outcome): void {
    let stats = this.byType.get(type);
    if (!stats) {
      stats = { count: 0, errors: 0, non2xx: 0, server5xx: 0, timeouts: 0, transport: 0, errorCards: 0, latenciesMs: [] };
      this.byType.set(type, stats);
    }
    stats.count++;
    stats.latenciesMs.push(ms);
    if (outcome.kind === 'ok') return;
    stats.errors++;
    if (outcome.kind === 'status') {
      stats.non2xx++;
      if (outcome.status >= 500) stats.server5xx++;
    } else if (outcome.kind === 'timeout') stats.timeouts++;
    else if (outcome.kind === 'transport') stats.transport++;
    else stats.errorCards++;
  }
}

export interface SummaryRow {
  activity: string;
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  server5xx: number;
  timeouts: number;
  transport: number;
  errorCards: number;
}

export function summarise(stats: LoadStats, seconds: number): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const all: ActivityStats = { count: 0, errors: 0, non2xx: 0, server5xx: 0, timeouts: 0, transport: 0, errorCards: 0, latenciesMs: [] };
  const row = (activity: string, s: ActivityStats): SummaryRow => {
    const sorted = [...s.latenciesMs].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      activity,
      count: s.count,
      perSecond: round(s.count / seconds),
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? 0),
      errors: s.errors,
      non2xx: s.non2xx,
      server5xx: s.server5xx,
      timeouts: s.timeouts,
      transport: s.transport,
      errorCards: s.errorCards,
    };
  };
  for (const [type, s] of [...stats.byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(row(type, s));
    for (const key of ['count', 'errors', 'non2xx', 'server5xx', 'timeouts', 'transport', 'errorCards'] as const) all[key] += s[key];
    all.latenciesMs.push(...s.latenciesMs);
  }
  rows.push(row('all', all));
  return rows;
}

export function formatTable(rows: SummaryRow[]): string {
  const header = ['activity', 'count', '/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', '5xx', 'timeouts', 'transport', 'error cards'];
  const lines = rows.map((r) => [r.activity, r.count, r.perSecond, r.p50, r.p95, r.p99, r.max, r.errors, r.non2xx, r.server5xx, r.timeouts, r.transport, r.errorCards].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}
