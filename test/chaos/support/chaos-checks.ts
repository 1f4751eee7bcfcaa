import { GraphSimulator, TenantInfo } from '../../../graph-sim';
import { AuditEntry, verifyChain } from '../../../src/audit';
import { ClosureRepository } from '../../../src/runner';
import { StateStore } from '../../../src/ports';

/** The simulator's seeded generator: the same seed gives the same chaos, so a failure reproduces. */
export { seededRandom } from '../../../graph-sim/support/rng';

/**
 * Watches the simulated tenant while a closure runs and notes when Graph first saw each
 * destructive change, so the test can hold them against the approvals in the audit log.
 */
export class TenantWatch {
  firstDeleteAt?: number;
  syncOffRequestedAt?: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sim: GraphSimulator,
    private readonly tenantId: string,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.sample(), 5);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const inspection = this.sim.inspect(this.tenantId);
    if (this.firstDeleteAt === undefined && Object.keys(inspection.deleteCalls).length > 0) this.firstDeleteAt = Date.now();
    const syncTouched = inspection.organization.syncDisablePending || inspection.organization.syncEnabled === false;
    if (this.syncOffRequestedAt === undefined && syncTouched) this.syncOffRequestedAt = Date.now();
  }
}

/**
 * The end state every chaos run must reach: Graph says only the acting admin is left, nobody
 * deleted twice, no refused request; the closure completed with every step done; the audit chain
 * verifies and holds each approval exactly once, recorded before Graph saw its effect.
 */
export async function expectCorrectEnd(sim: GraphSimulator, tenant: TenantInfo, store: StateStore, watch: TenantWatch, options: { synced?: boolean } = {}): Promise<AuditEntry[]> {
  const inspection = sim.inspect(tenant.tenantId);
  expect(inspection.users.map((u) => u.id)).toEqual([tenant.adminId]);
  expect(Object.values(inspection.deleteCalls).filter((n) => n !== 1)).toEqual([]);
  expect(inspection.violations).toEqual([]);

  const repository = new ClosureRepository(store);
  const state = (await repository.load(tenant.tenantId))!.value;
  expect(state.status).toBe('completed');
  expect(Object.values(state.steps).map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);

  const entries = (await repository.audit(tenant.tenantId, state.closureId))!.entries;
  expect(verifyChain(entries)).toEqual(expect.objectContaining({ valid: true }));
  const approvals = (action: string) => entries.filter((e) => e.action === action);
  for (const action of ['start', 'closure.acknowledgeBackup', 'closure.deleteUsers', 'closure.complete']) expect([action, approvals(action).length]).toEqual([action, 1]);
  expect((approvals('closure.deleteUsers')[0].actor as { aadObjectId?: string } | undefined)?.aadObjectId).toBe(tenant.adminId);
  expect(Date.parse(approvals('closure.deleteUsers')[0].at)).toBeLessThanOrEqual(watch.firstDeleteAt!);
  if (options.synced) {
    expect(approvals('closure.disableSync')).toHaveLength(1);
    expect(Date.parse(approvals('closure.disableSync')[0].at)).toBeLessThanOrEqual(watch.syncOffRequestedAt!);
  }
  return entries;
}
