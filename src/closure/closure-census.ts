import { ClosureRepository } from '../runner/closure-repository';
import { Clock, systemClock } from '../time/clock';

export interface CensusEntry {
  labels: { status: string; step: string };
  value: number;
}

/**
 * How many closures are in each status and step, for the `/metrics` gauge. Counting means reading
 * every tenant's closure document (the store has no index), so a count is reused for `maxAgeMs`,
 * concurrent scrapes share one count, and reads go a few at a time: a scraper polling every few
 * seconds costs the store one pass per `maxAgeMs`, not one per scrape. Counts every instance's
 * closures (it reads the shared store), so every instance reports the same numbers.
 */
export class ClosureCensus {
  private cached?: { at: number; entries: CensusEntry[] };
  private counting?: Promise<CensusEntry[]>;

  constructor(
    private readonly repository: Pick<ClosureRepository, 'tenantsWithClosures' | 'load'>,
    private readonly options: { maxAgeMs: number; concurrency: number; now: Clock['now'] } = { maxAgeMs: 30_000, concurrency: 8, now: systemClock.now },
  ) {}

  async entries(): Promise<CensusEntry[]> {
    if (this.cached && this.options.now() - this.cached.at < this.options.maxAgeMs) return this.cached.entries;
    this.counting ??= this.count().finally(() => (this.counting = undefined));
    return this.counting;
  }

  private async count(): Promise<CensusEntry[]> {
    const tenants = await this.repository.tenantsWithClosures();
    const counts = new Map<string, CensusEntry>();
    let next = 0;
    const worker = async () => {
      while (next < tenants.length) {
        const state = (await this.repository.load(tenants[next++]))?.value;
        if (!state) continue;
        const key = `${state.status}/${state.currentStep}`;
        const entry = counts.get(key) ?? { labels: { status: state.status, step: state.currentStep }, value: 0 };
        entry.value++;
        counts.set(key, entry);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, tenants.length) }, worker));
    const entries = [...counts.values()];
    this.cached = { at: this.options.now(), entries };
    return entries;
  }
}
