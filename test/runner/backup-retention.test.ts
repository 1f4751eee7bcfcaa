import { verifyChain } from '../../src/audit';
import { exportBackup } from '../../src/backup';
import { backupKey, backupObjectKey, BackupRecord } from '../../src/ports';
import { BackupRetention, backupExpiry, BackupRetentionPolicy } from '../../src/runner/backup-retention';
import { ClosureRepository } from '../../src/runner/closure-repository';
import { ClosureState } from '../../src/core';
import { createLogger } from '../../src/observability';
import { BackupRow, TenantOperations } from '../../src/ports';
import { MemoryStateStore } from '../../src/storage';
import { atBackupAck, CLOSURE_ID, owner, run, startEvent, T0, TENANT_ID } from '../support/closure-fixtures';
import { DelegatingStateStore } from '../support/delegating-state-store';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const POLICY: BackupRetentionPolicy = { afterEndMs: 7 * DAY, maxOpenMs: 30 * DAY };
const BACKUP_ID = `${CLOSURE_ID}.backup`;
const t0 = Date.parse(T0);

/** Only the one operation an export uses; the rows of a small tenant. */
function rowsOf(count: number): TenantOperations {
  return {
    async *backupRows(): AsyncIterable<BackupRow> {
      for (let i = 0; i < count; i++) yield { id: `user-${i}`, displayName: `User ${i}`, userPrincipalName: `user${i}@contoso.onmicrosoft.com`, accountEnabled: true, licences: [], roles: [] };
    },
  } as unknown as TenantOperations;
}

describe('backupExpiry: when a backup expires', () => {
  const record: BackupRecord = { tenantId: TENANT_ID, backupId: BACKUP_ID, createdAt: T0, status: 'complete', users: 3 };
  const open = atBackupAck();
  const cancelled = run(open, { type: 'cancel', actor: owner }, new Date(t0 + 2 * DAY).toISOString()).state;

  it('keeps the export of an open closure for the maximum from the export (then the closure counts as abandoned)', () => {
    expect(backupExpiry(record, open, POLICY)).toEqual({ expiresAt: t0 + 30 * DAY, reason: 'abandoned' });
  });

  it('keeps it for the retention after its closure ended, and says when that was so it can be recorded', () => {
    expect(backupExpiry(record, cancelled, POLICY)).toEqual({ expiresAt: t0 + 9 * DAY, reason: 'retention', closureEndedAt: cancelled.endedAt });
    expect(backupExpiry({ ...record, closureEndedAt: cancelled.endedAt }, cancelled, POLICY)).toEqual({ expiresAt: t0 + 9 * DAY, reason: 'retention' });
  });

  it('counts the export of an earlier closure from its recorded end, or else from the start of the closure that replaced it', () => {
    const next = run(cancelled, startEvent({ closureId: 'closure-2' }), new Date(t0 + 5 * DAY).toISOString()).state;
    expect(backupExpiry({ ...record, closureEndedAt: cancelled.endedAt }, next, POLICY)).toEqual({ expiresAt: t0 + 9 * DAY, reason: 'retention' });
    expect(backupExpiry(record, next, POLICY)).toEqual({ expiresAt: t0 + 12 * DAY, reason: 'retention' });
  });

  it('counts a backup whose tenant has no closure at all from the export', () => {
    expect(backupExpiry(record, undefined, POLICY)).toEqual({ expiresAt: t0 + 7 * DAY, reason: 'retention' });
  });
});

describe('BackupRetention sweep', () => {
  let store: MemoryStateStore;
  let repository: ClosureRepository;
  let now: number;
  let retention: BackupRetention;
  const log = createLogger('silent');

  beforeEach(async () => {
    store = new MemoryStateStore();
    repository = new ClosureRepository(store);
    now = t0;
    retention = new BackupRetention({ store, repository, policy: POLICY, now: () => now, log, minIntervalMs: HOUR });
    await repository.save(TENANT_ID, atBackupAck(), undefined);
    await exportBackup(rowsOf(3), store, TENANT_ID, BACKUP_ID, T0);
  });

  async function closure(): Promise<{ value: ClosureState; etag: string }> {
    return (await repository.load(TENANT_ID))!;
  }

  async function everything(): Promise<{ record: boolean; objects: string[]; audit: string[] }> {
    const log = await repository.audit(TENANT_ID, CLOSURE_ID);
    return {
      record: (await store.get(backupKey(TENANT_ID, BACKUP_ID))) !== undefined,
      objects: await store.objects.list(''),
      audit: (log?.entries ?? []).map((e) => e.action),
    };
  }

  it('keeps the export of an open closure until the maximum, then deletes it and the audit log records it', async () => {
    now = t0 + 30 * DAY - 1;
    expect(await retention.sweep()).toBe(0);
    expect(await everything()).toEqual({ record: true, objects: [backupObjectKey(TENANT_ID, BACKUP_ID, 'csv'), backupObjectKey(TENANT_ID, BACKUP_ID, 'json')], audit: [] });
    now = t0 + 30 * DAY;
    expect(await retention.sweep()).toBe(1);
    expect(await everything()).toEqual({ record: false, objects: [], audit: ['backupDeleted'] });
    const entries = (await repository.audit(TENANT_ID, CLOSURE_ID))!.entries;
    expect(entries[0]).toMatchObject({
      action: 'backupDeleted',
      closureId: CLOSURE_ID,
      tenantId: TENANT_ID,
      at: new Date(now).toISOString(),
      detail: { backupId: BACKUP_ID, reason: 'abandoned', createdAt: T0, users: 3 },
    });
    expect(verifyChain(entries).valid).toBe(true);
    expect(await retention.sweep()).toBe(0);
  });

  it('keeps it for the retention after the closure ends, counted from the end even once a new closure replaced it', async () => {
    const loaded = await closure();
    const endedAt = new Date(t0 + DAY).toISOString();
    await repository.save(TENANT_ID, run(loaded.value, { type: 'cancel', actor: owner }, endedAt).state, loaded.etag);
    now = t0 + 2 * DAY;
    expect(await retention.sweep()).toBe(0);
    expect((await store.get<BackupRecord>(backupKey(TENANT_ID, BACKUP_ID)))!.value.closureEndedAt).toBe(endedAt);
    // The admin starts again: the old closure document is replaced, the recorded end still counts.
    const cancelled = await closure();
    await repository.save(TENANT_ID, run(cancelled.value, startEvent({ closureId: 'closure-2' }), new Date(t0 + 3 * DAY).toISOString()).state, cancelled.etag);
    now = t0 + 8 * DAY - 1;
    expect(await retention.sweep()).toBe(0);
    now = t0 + 8 * DAY;
    expect(await retention.sweep()).toBe(1);
    expect(await everything()).toEqual({ record: false, objects: [], audit: ['backupDeleted'] });
    expect((await repository.audit(TENANT_ID, CLOSURE_ID))!.entries[0].detail).toMatchObject({ reason: 'retention' });
    expect(await repository.audit(TENANT_ID, 'closure-2')).toBeUndefined();
  });

  it('finishes a deletion a crash interrupted, and the audit log records it once', async () => {
    now = t0 + 31 * DAY;
    let failDeletes = true;
    const crashing = new (class extends DelegatingStateStore {
      override delete(key: string, condition?: { ifMatch: string }) {
        return failDeletes ? Promise.reject(new Error('the process died here')) : super.delete(key, condition);
      }
    })(store);
    const crashed = new BackupRetention({ store: crashing, repository: new ClosureRepository(crashing), policy: POLICY, now: () => now, log });
    expect(await crashed.sweep()).toBe(0);
    expect(await everything()).toMatchObject({ record: true, objects: [], audit: ['backupDeleted'] });
    failDeletes = false;
    now += HOUR;
    expect(await retention.sweep()).toBe(1);
    expect(await everything()).toEqual({ record: false, objects: [], audit: ['backupDeleted'] });
  });

  it('deletes once when two instances sweep at the same moment', async () => {
    now = t0 + 31 * DAY;
    const other = new BackupRetention({ store, repository: new ClosureRepository(store), policy: POLICY, now: () => now, log });
    const deleted = await Promise.all([retention.sweep(), other.sweep()]);
    expect(deleted.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    now += HOUR;
    await Promise.all([retention.sweep(), other.sweep()]);
    expect(await everything()).toEqual({ record: false, objects: [], audit: ['backupDeleted'] });
  });

  it('deletes exports from before exports streamed (users inline in the document) by the same rules', async () => {
    await store.delete(backupKey(TENANT_ID, BACKUP_ID));
    await store.put(backupKey(TENANT_ID, BACKUP_ID), { tenantId: TENANT_ID, backupId: BACKUP_ID, createdAt: T0, users: 1, json: '{"users":[{"id":"u"}]}', csv: 'id\r\nu\r\n' });
    now = t0 + 30 * DAY;
    expect(await retention.sweep()).toBe(1);
    expect(await store.get(backupKey(TENANT_ID, BACKUP_ID))).toBeUndefined();
  });

  it('sweeps at most once per interval when the runner asks more often', async () => {
    now = t0 + 31 * DAY;
    let lists = 0;
    const counting = new (class extends DelegatingStateStore {
      override list(prefix: string) {
        lists++;
        return super.list(prefix);
      }
    })(store);
    const throttled = new BackupRetention({ store: counting, repository, policy: POLICY, now: () => now, log, minIntervalMs: HOUR });
    await throttled.sweepIfDue();
    await throttled.sweepIfDue();
    now += HOUR - 1;
    await throttled.sweepIfDue();
    expect(lists).toBe(1);
    now += 1;
    await throttled.sweepIfDue();
    expect(lists).toBe(2);
  });
});
