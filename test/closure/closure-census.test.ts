import { ClosureCensus } from '../../src/closure/closure-census';

type Closure = { status: string; currentStep: string };

function repositoryOf(closures: Record<string, Closure>) {
  const reads: string[] = [];
  return {
    reads,
    tenantsWithClosures: async () => Object.keys(closures),
    load: async (tenantId: string) => {
      reads.push(tenantId);
      await new Promise((r) => setImmediate(r));
      const value = closures[tenantId];
      return value ? ({ value, etag: '1' } as never) : undefined;
    },
  };
}

describe('ClosureCensus (the /metrics closures gauge)', () => {
  const closures: Record<string, Closure> = {
    a: { status: 'active', currentStep: 'users' },
    b: { status: 'active', currentStep: 'users' },
    c: { status: 'active', currentStep: 'mfa' },
    d: { status: 'completed', currentStep: 'directory' },
  };

  it('counts closures by status and step', async () => {
    const census = new ClosureCensus(repositoryOf(closures), { maxAgeMs: 1_000, concurrency: 3, now: () => 0 });
    expect((await census.entries()).sort((x, y) => x.labels.step.localeCompare(y.labels.step) || x.labels.status.localeCompare(y.labels.status))).toEqual([
      { labels: { status: 'completed', step: 'directory' }, value: 1 },
      { labels: { status: 'active', step: 'mfa' }, value: 1 },
      { labels: { status: 'active', step: 'users' }, value: 2 },
    ]);
  });

  it('reads the store once per maxAge however often it is scraped, and concurrent scrapes share one pass', async () => {
    let now = 0;
    const repository = repositoryOf(closures);
    const census = new ClosureCensus(repository, { maxAgeMs: 30_000, concurrency: 2, now: () => now });
    await Promise.all([census.entries(), census.entries(), census.entries()]);
    expect(repository.reads).toHaveLength(4);
    now = 29_999;
    await census.entries();
    expect(repository.reads).toHaveLength(4);
    now = 30_000;
    await census.entries();
    expect(repository.reads).toHaveLength(8);
  });

  it('reads at most `concurrency` documents at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, { status: 'active', currentStep: 'users' }]));
    const census = new ClosureCensus(
      {
        tenantsWithClosures: async () => Object.keys(many),
        load: async (tenantId: string) => {
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setImmediate(r));
          inFlight--;
          return { value: many[tenantId], etag: '1' } as never;
        },
      },
      { maxAgeMs: 1, concurrency: 5, now: () => 0 },
    );
    expect(await census.entries()).toEqual([{ labels: { status: 'active', step: 'users' }, value: 50 }]);
    expect(most).toBe(5);
  });
});
