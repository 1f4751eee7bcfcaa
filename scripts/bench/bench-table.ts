import { MultiTenantFigures } from './card-latency';
import { DeletionFigures } from './deletion-run';

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function formatDeletionTable(rows: DeletionFigures[]): string {
  return table(
    ['strategy', 'users', 'deleted', 'failures', 'elapsed s', 'del/s', 'x quota rate', '429s', 'requests', 'peak conc.', 'twice', 'admin deleted', 'note'],
    rows.map((r) => [
      r.strategy,
      r.users,
      r.deleted,
      r.failures,
      r.elapsedSeconds,
      r.deletionsPerSecond,
      r.ratioToQuotaRate,
      r.http429,
      r.requests,
      r.peakConcurrency,
      r.deletedTwice,
      r.adminDeleted ? 'YES' : 'no',
      [r.cappedAtSeconds !== undefined ? `capped at ${r.cappedAtSeconds} s, all ${r.users} in ~${r.projectedSecondsForAll ?? '∞'} s` : '', r.note ?? ''].filter(Boolean).join('; '),
    ]),
  );
}

export function formatLatencyTable(figures: MultiTenantFigures): string {
  const j = figures.jobs;
  return [
    table(
      ['phase', 'tenants', 'users/tenant', 'samples', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      figures.latency.map((l) => [l.phase, l.tenants, l.usersPerTenant, l.samples, l.errors, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs]),
    ),
    `Jobs (shared application write budget ${j.appBudget}): ${j.completed} completed, ${j.deleted} users deleted in ${j.elapsedSeconds} s (${j.deletionsPerSecond}/s over all tenants, ${j.ratioToAppQuotaRate} of the application-wide write quota rate), ${j.failures} failures, ${j.http429} × 429 (batch items by scope: Application ${j.http429ByScope.Application}, Tenant_Application ${j.http429ByScope.Tenant_Application}, Tenant ${j.http429ByScope.Tenant}, none ${j.http429ByScope.none}), deleted twice ${j.deletedTwice}, admins deleted ${j.adminsDeleted}.`,
  ].join('\n');
}
