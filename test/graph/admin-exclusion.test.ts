import { BulkWriteExecutor } from '../../src/graph/bulk/bulk-write.executor';
import { GraphSimulator } from '../../graph-sim';
import { UserDeletion, UserDeletionTargets } from '../../src/graph/user-deletion/user-deletion-target';
import { bulkTenant, deletionSim, expectCleanDirectory, jobFor, runJob } from '../support/deletion-fixture';

/** The acting admin is excluded by construction: no code path can build a request to delete them. */
describe('acting admin excluded by construction', () => {
  const ADMIN = '6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0';

  it('refuses to build a delete request for the kept account, whatever its spelling', () => {
    const targets = new UserDeletionTargets(ADMIN);
    expect(targets.of({ id: ADMIN })).toBeUndefined();
    expect(targets.of({ id: ADMIN.toUpperCase() })).toBeUndefined();
    expect(targets.of({ id: ` ${ADMIN} ` })).toBeUndefined();
    expect(targets.of({ id: '' })).toBeUndefined();
    const other = targets.of({ id: '4562bcc8-c436-4f95-b7c0-4f8ce89dca5e', userPrincipalName: 'a@b.example' });
    expect(other).toMatchObject({ method: 'DELETE', url: '/users/4562bcc8-c436-4f95-b7c0-4f8ce89dca5e', userPrincipalName: 'a@b.example' });
    expect(Object.isFrozen(other)).toBe(true);
    expect(() => new UserDeletionTargets('  ')).toThrow();
  });

  it('cannot be forged: the executor of the job takes only UserDeletion values', () => {
    // @ts-expect-error the constructor is private (and checks the unexported token at run time)
    expect(() => new UserDeletion(Symbol('forged'), { id: ADMIN })).toThrow(/UserDeletionTargets only/);
    // @ts-expect-error the guard token is not exported
    expect(() => UserDeletion.create(Symbol('forged'), { id: ADMIN })).toThrow(/UserDeletionTargets only/);
    type Source = Parameters<BulkWriteExecutor<UserDeletion>['run']>[0]['source'];
    // @ts-expect-error a plain object that looks like a delete request is not a UserDeletion
    const forged: Source = [{ key: ADMIN, method: 'DELETE', url: `/users/${ADMIN}` }];
    expect(forged).toBeDefined();
  });

  describe('against the simulator', () => {
    let sim: GraphSimulator;
    afterEach(() => sim.close());

    it('a buggy listing that hands the admin to the job again and again still never sends it', async () => {
      sim = await deletionSim();
      const tenant = sim.addTenant(bulkTenant('admin', 60));
      // Every listing contains the admin (the job applies no filter of its own), and every page
      // is listed more than once: only UserDeletionTargets stands between the admin and a DELETE.
      const { result } = await runJob(jobFor(sim, tenant), tenant);
      expect(result.outcome).toBe('completed');
      expect(result.progress).toMatchObject({ total: 60, done: 60, failed: 0 });
      expectCleanDirectory(sim, tenant);
      expect(sim.inspect(tenant.tenantId).violations.filter((v) => v.targetId === tenant.adminId)).toEqual([]);
    });
  });
});
