import { ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore } from '../../src/storage/file-state-store';

// Real OS processes on one directory: what the in-process contract suite cannot show.
const WORKER = join(__dirname, 'fixtures', 'file-store-worker.js');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-state-store-processes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startWorker(args: string[]): ChildProcess {
  return fork(WORKER, args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function nextMessage<T>(child: ChildProcess, accept: (message: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T & { error?: string }): void => {
      if (message.error) reject(new Error(message.error));
      else if (accept(message)) {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

it('loses no update when two processes increment one document with conditional writes', async () => {
  const times = 150;
  const workers = [startWorker(['increment', dir, 'tenants/t1/counter', String(times)]), startWorker(['increment', dir, 'tenants/t1/counter', String(times)])];
  // Both start on one signal: a worker that forks late could otherwise finish alone, without a conflict (a CI flake).
  await Promise.all(workers.map((worker) => nextMessage(worker)));
  const reports = workers.map((worker) => nextMessage<{ done: number; conflicts: number }>(worker, (message) => 'done' in message));
  workers.forEach((worker) => worker.send('go'));
  const settled = await Promise.all(reports);
  await Promise.all(workers.map(exited));

  const final = await new FileStateStore({ dir }).get<{ count: number }>('tenants/t1/counter');
  expect(final!.value.count).toBe(2 * times);
  // Conflicts prove the two processes really interleaved on the same key.
  expect(settled[0].conflicts + settled[1].conflicts).toBeGreaterThan(0);
});

it('gives a lease to one process at a time when two processes compete for it', async () => {
  const workers = [startWorker(['lease', dir, 'instance-a', '1500']), startWorker(['lease', dir, 'instance-b', '1500'])];
  await Promise.all(workers.map((worker) => nextMessage(worker)));
  const reports = workers.map((worker) => nextMessage<{ held: number; violations: number }>(worker, (message) => 'held' in message));
  workers.forEach((worker) => worker.send('go'));
  const [a, b] = await Promise.all(reports);
  await Promise.all(workers.map(exited));
  expect(a.violations + b.violations).toBe(0);
  // Both must have held it at some point, or they never really competed.
  expect(a.held).toBeGreaterThan(0);
  expect(b.held).toBeGreaterThan(0);
});

it('leaves every document whole when a writer is killed with SIGKILL mid-write, and the next process carries on', async () => {
  const keys = 4;
  for (let round = 0; round < 3; round++) {
    const worker = startWorker(['churn', dir, String(keys)]);
    await nextMessage<{ round: number }>(worker, (message) => message.round >= 2);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    worker.kill('SIGKILL');
    await exited(worker);

    const docsDir = join(dir, 'docs', 'churn');
    const documents = (await readdir(docsDir)).filter((name) => name.endsWith('~.json'));
    expect(documents).toHaveLength(keys);
    for (const name of documents) {
      const parsed = JSON.parse(await readFile(join(docsDir, name), 'utf8')) as { etag: string; value: { round: number } };
      expect(parsed.value.round).toBeGreaterThanOrEqual(1);
    }

    // The killed process may have died holding a key's lock: a new process must break it at once.
    const store = new FileStateStore({ dir, lock: { staleMs: 60_000, timeoutMs: 2_000 } });
    expect(await store.list('churn/')).toEqual(Array.from({ length: keys }, (_, k) => `churn/doc-${k}`));
    for (let k = 0; k < keys; k++) {
      const current = await store.get(`churn/doc-${k}`);
      expect((await store.put(`churn/doc-${k}`, { round: 0 }, { ifMatch: current!.etag })).ok).toBe(true);
    }
  }
});
