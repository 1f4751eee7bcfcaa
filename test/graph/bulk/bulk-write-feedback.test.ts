import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApplicationWriteBudget } from '../../../src/graph/bulk/application-write-budget';
import { applicationWriteBudgetOptions } from '../../../src/graph/bulk/application-write-budget.options';
import { BulkWrite } from '../../../src/graph/bulk/bulk-write';
import { BulkWriteExecutor } from '../../../src/graph/bulk/bulk-write.executor';
import { bulkWriteOptions } from '../../../src/graph/bulk/bulk-write.options';
import { systemClock } from '../../../src/time';
import { WritePacer } from '../../../src/graph/bulk/write-pacer';
import { createGraphClient } from '../../../src/graph';

type ItemAnswer = { status: number; headers?: Record<string, string> };

/**
 * A `$batch` endpoint on loopback that answers each item as the test scripts it (by the order in
 * which items arrive), so a header combination the simulator produces only under heavy load can be
 * sent exactly once.
 */
async function scriptedBatchServer(answerFor: (n: number) => ItemAnswer): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { requests } = JSON.parse(body) as { requests: Array<{ id: string }> };
      const responses = requests.map((r) => ({ id: r.id, ...answerFor(n++) }));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ responses }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const writes = (count: number): BulkWrite[] => Array.from({ length: count }, (_, i) => ({ key: `u${i}`, method: 'DELETE', url: `/users/u${i}` }));

async function* from<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

describe('bulk executor: which pacer a throttling answer goes to', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
  });

  /** 40 deletions against a `$batch` endpoint that answers the very first item with `first`, every other with 204. */
  async function runWithFirstAnswer(first: ItemAnswer) {
    const scripted = await scriptedBatchServer((n) => (n === 0 ? first : { status: 204 }));
    server = scripted.server;
    const options = bulkWriteOptions();
    const pacer = new WritePacer(options, systemClock);
    const budget = new ApplicationWriteBudget(applicationWriteBudgetOptions(), systemClock);
    const client = createGraphClient({ endpoint: scripted.url, token: async () => 'test', maxRetries: 0 });
    const done: string[] = [];
    const end = await new BulkWriteExecutor(client, options, systemClock, budget, pacer).run({
      source: from(writes(40)),
      onSettled: async (outcomes) => (done.push(...outcomes.filter((o) => o.result === 'done').map((o) => o.write.key)), 'continue'),
    });
    expect(end).toEqual({ reason: 'drained' });
    expect(new Set(done).size).toBe(40);
    return { pacer, budget };
  }

  const throttledBy = (scope: string): ItemAnswer => ({
    status: 429,
    headers: { 'Retry-After': '0.05', 'x-ms-throttle-scope': `${scope}/Write/app/tenant`, 'x-ms-throttle-limit-percentage': '1.50' },
  });

  it('an Application-scope 429 and its usage figure go to the shared budget only: the tenant pacer neither holds nor slows down', async () => {
    const { pacer, budget } = await runWithFirstAnswer(throttledBy('Application'));
    expect(budget.snapshot()).toMatchObject({ throttles: 1, cuts: 1 });
    expect(pacer.snapshot()).toMatchObject({ cuts: 0 });
    expect(pacer.snapshot().ratePerSecond).toBeCloseTo(pacer.snapshot().targetPerSecond, 5);
  });

  it('the same usage figure on a tenant-scope 429 slows the tenant pacer (the control: the pacer does see these)', async () => {
    const { pacer, budget } = await runWithFirstAnswer(throttledBy('Tenant_Application'));
    expect(budget.snapshot()).toMatchObject({ throttles: 0 });
    expect(pacer.snapshot().cuts).toBeGreaterThan(0);
  });
});
