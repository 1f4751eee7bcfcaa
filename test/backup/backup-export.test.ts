import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { GraphSimulator, SCENARIOS, startGraphSimulator } from '../../graph-sim';
import { exportBackup } from '../../src/backup/backup-export';
import { backupKey, backupObjectKey, BackupRecord } from '../../src/ports';
import { GraphTenantOperations } from '../../src/steps/tenant.operations';
import { ObjectStore, ObjectWriter } from '../../src/ports';
import { FileStateStore } from '../../src/storage';
import { DelegatingStateStore } from '../support/delegating-state-store';
import { simClient } from '../support/sim-client';

/**
 * The export reads the tenant's users from Graph (the simulator, over loopback) page by page and
 * writes each page to the store's objects as it goes: what it holds at once is a page, never the tenant.
 */
describe('backup export', () => {
  let sim: GraphSimulator;
  let dir: string;

  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: [] });
    dir = await mkdtemp(join(tmpdir(), 'backup-export-'));
  });
  afterAll(async () => {
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The store, with every chunk written to its objects and every Graph row read put in one timeline. */
  function recorded(store: FileStateStore, timeline: string[], chunkSizes: number[]) {
    const objects: ObjectStore = {
      create: async (key) => {
        const inner = await store.objects.create(key);
        const writer: ObjectWriter = {
          write: (chunk) => {
            timeline.push('write');
            chunkSizes.push(Buffer.byteLength(chunk));
            return inner.write(chunk);
          },
          commit: () => inner.commit(),
          abort: () => inner.abort(),
        };
        return writer;
      },
      open: (key) => store.objects.open(key),
      delete: (key) => store.objects.delete(key),
      list: (prefix) => store.objects.list(prefix),
    };
    return new (class extends DelegatingStateStore {
      override get objects(): ObjectStore {
        return objects;
      }
    })(store);
  }

  it('streams 5,000 users page by page into JSON and CSV files, writing long before the last page is read', async () => {
    const tenant = sim.addTenant({ ...SCENARIOS.small, name: 'export-5000', generatedUsers: { count: 5_000 } }, { tenantId: randomUUID() });
    const store = new FileStateStore({ dir });
    const timeline: string[] = [];
    const chunkSizes: number[] = [];
    const ops = new GraphTenantOperations(simClient(sim, tenant.tenantId, tenant.adminId), simClient(sim, tenant.tenantId, tenant.adminId, { version: 'beta' }), tenant.tenantId);
    const reading = {
      async *backupRows() {
        for await (const row of ops.backupRows()) {
          timeline.push('row');
          yield row;
        }
      },
    } as unknown as GraphTenantOperations;
    const backupId = 'closure-x.backup';

    const summary = await exportBackup(reading, recorded(store, timeline, chunkSizes), tenant.tenantId, backupId, '2026-12-06T07:00:00.000Z');

    const users = sim.inspect(tenant.tenantId).users.length;
    expect(summary).toMatchObject({ backupId, users });
    expect(users).toBeGreaterThan(5_000);
    // Writing starts while most rows are still to be read from Graph, and no chunk is near the size of the whole.
    expect(timeline.indexOf('write')).toBeLessThan(timeline.lastIndexOf('row') / 2);
    const record = (await store.get<BackupRecord>(backupKey(tenant.tenantId, backupId)))!.value;
    expect(record).toMatchObject({ status: 'complete', users, createdAt: '2026-12-06T07:00:00.000Z' });
    expect(Math.max(...chunkSizes)).toBeLessThan(record.bytes!.json / 5);
    // The record is small: the users are only in the files.
    expect(JSON.stringify(record).length).toBeLessThan(400);

    const json = await readText(store, backupObjectKey(tenant.tenantId, backupId, 'json'));
    const parsed = JSON.parse(json) as { tenantId: string; users: Array<{ id: string; roles: string[] }> };
    expect(parsed.tenantId).toBe(tenant.tenantId);
    expect(parsed.users.map((u) => u.id).sort()).toEqual(
      sim
        .inspect(tenant.tenantId)
        .users.map((u) => u.id)
        .sort(),
    );
    expect(parsed.users.find((u) => u.id === tenant.adminId)?.roles).toContain('Global Administrator');
    const csv = (await readText(store, backupObjectKey(tenant.tenantId, backupId, 'csv'))).split('\r\n');
    expect(csv[0]).toBe('id,displayName,userPrincipalName,accountEnabled,licences,roles');
    expect(csv).toHaveLength(users + 2); // header, one line per user, and the empty string after the last CRLF
    expect(record.bytes).toEqual({ json: Buffer.byteLength(json), csv: Buffer.byteLength(csv.join('\r\n')) });
  });

  it('leaves no file when Graph fails half-way, and the record says the export never completed', async () => {
    const tenant = sim.addTenant({ ...SCENARIOS.small, name: 'export-fails', generatedUsers: { count: 2_500 } }, { tenantId: randomUUID() });
    const store = new FileStateStore({ dir });
    const ops = new GraphTenantOperations(simClient(sim, tenant.tenantId, tenant.adminId), simClient(sim, tenant.tenantId, tenant.adminId, { version: 'beta' }), tenant.tenantId);
    const failing = {
      async *backupRows() {
        let n = 0;
        for await (const row of ops.backupRows()) {
          if (++n === 2_000) throw new Error('Graph went away');
          yield row;
        }
      },
    } as unknown as GraphTenantOperations;
    await expect(exportBackup(failing, store, tenant.tenantId, 'closure-y.backup', '2026-12-06T07:00:00.000Z')).rejects.toThrow('Graph went away');
    expect(await store.objects.list(`tenants/${tenant.tenantId}/`)).toEqual([]);
    expect((await store.get<BackupRecord>(backupKey(tenant.tenantId, 'closure-y.backup')))!.value).toMatchObject({ status: 'writing' });
  });
});

async function readText(store: FileStateStore, key: string): Promise<string> {
  const stored = await store.objects.open(key);
  const chunks: Buffer[] = [];
  for await (const chunk of stored!.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
