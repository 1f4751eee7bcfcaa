import { AuditRecord } from '../audit/audit-chain';
import { ClosureRepository } from './closure-repository';
import { ClosureState } from '../core/closure.state';
import { Logger } from '../observability/logger';
import { StateStore } from '../ports/state-store.port';
import { BACKUP_FORMATS, backupKey, backupObjectKey, BackupExpiryReason, BackupRecord, closureIdOfBackup, parseBackupKey } from '../ports/backup-record';
import { Clock } from '../time/clock';

/** How long a backup export (personal data: every user's name, sign-in name, licences and roles) is kept. */
export interface BackupRetentionPolicy {
  /** After its closure ended, completed or cancelled (`BACKUP_RETENTION_DAYS`). */
  afterEndMs: number;
  /** From the export, while its closure stays open: a closure left open that long is abandoned (`BACKUP_MAX_AGE_DAYS`). */
  maxOpenMs: number;
}

export interface BackupExpiry {
  expiresAt: number;
  reason: BackupExpiryReason;
  /** When the export's closure ended, if this review learned it (to be recorded with the backup). */
  closureEndedAt?: string;
}

/**
 * When a backup expires, from its record and the tenant's closure as it stands now. The export of the
 * tenant's current closure is kept while it is open, up to `maxOpenMs` from the export, then for
 * `afterEndMs` from its end. A backup of an earlier closure (cancelled, then a new one started) counts
 * from the end recorded when the sweep saw it, or else from the new closure's start: the old one had
 * ended by then.
 */
export function backupExpiry(record: BackupRecord, closure: ClosureState | undefined, policy: BackupRetentionPolicy): BackupExpiry {
  const created = Date.parse(record.createdAt);
  const ours = closure !== undefined && closure.closureId === closureIdOfBackup(record.backupId);
  if (ours && closure.status === 'active') return { expiresAt: created + policy.maxOpenMs, reason: 'abandoned' };
  const ended = record.closureEndedAt ?? (ours ? (closure.endedAt ?? closure.updatedAt) : (closure?.startedAt ?? record.createdAt));
  return { expiresAt: Date.parse(ended) + policy.afterEndMs, reason: 'retention', ...(ours && !record.closureEndedAt ? { closureEndedAt: ended } : {}) };
}

export interface BackupRetentionDeps {
  store: StateStore;
  repository: ClosureRepository;
  policy: BackupRetentionPolicy;
  now: Clock['now'];
  log: Logger;
  /** Sweeps at most this often, however often `sweepIfDue` is called (default 10 minutes). */
  minIntervalMs?: number;
}

/**
 * Deletes backup exports once they expire (see `backupExpiry`), from the runner's periodic sweep: the
 * files, then an audit entry in the closure's log, then the record. The record is marked first, so a
 * deletion that a crash or another instance interrupted is finished by the next sweep, and the audit
 * entry is the same whoever writes it (the log takes it once).
 */
export class BackupRetention {
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweeping: Promise<number> | undefined;

  constructor(private readonly deps: BackupRetentionDeps) {}

  /** For the runner's periodic sweep: a sweep unless one ran within `minIntervalMs` or one is running. */
  async sweepIfDue(): Promise<void> {
    if (this.sweeping || this.deps.now() - this.lastSweep < (this.deps.minIntervalMs ?? 10 * 60_000)) return;
    this.lastSweep = this.deps.now();
    await this.sweep();
  }

  /** Reviews every backup now; answers how many were deleted. */
  sweep(): Promise<number> {
    this.sweeping ??= this.reviewAll().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async reviewAll(): Promise<number> {
    let deleted = 0;
    for (const key of await this.deps.store.list('tenants/')) {
      const backup = parseBackupKey(key);
      if (!backup) continue;
      try {
        if (await this.review(backup.tenantId, backup.backupId)) deleted++;
      } catch (error) {
        // One backup the store cannot delete now must not keep the others: the next sweep tries again.
        this.deps.log.warn({ err: error, tenantId: backup.tenantId, backupId: backup.backupId }, 'Could not review a backup for deletion; the next sweep tries again');
      }
    }
    return deleted;
  }

  private async review(tenantId: string, backupId: string): Promise<boolean> {
    const key = backupKey(tenantId, backupId);
    const stored = await this.deps.store.get<BackupRecord>(key);
    if (!stored) return false;
    let record = stored.value;
    let etag = stored.etag;
    if (!record.deleting) {
      const closure = (await this.deps.repository.load(tenantId))?.value;
      const expiry = backupExpiry(record, closure, this.deps.policy);
      const now = this.deps.now();
      if (now < expiry.expiresAt) {
        if (expiry.closureEndedAt) await this.deps.store.put(key, { ...record, closureEndedAt: expiry.closureEndedAt }, { ifMatch: etag });
        return false;
      }
      // Only one writer marks it; one that loses sees the mark at the next sweep and helps finish.
      record = { ...record, deleting: { at: new Date(now).toISOString(), reason: expiry.reason } };
      const marked = await this.deps.store.put(key, record, { ifMatch: etag });
      if (!marked.ok) return false;
      etag = marked.etag;
    }
    const deleting = record.deleting!;
    for (const format of BACKUP_FORMATS) await this.deps.store.objects.delete(backupObjectKey(tenantId, backupId, format));
    const closureId = closureIdOfBackup(backupId);
    const entry: AuditRecord = {
      at: deleting.at,
      action: 'backupDeleted',
      closureId,
      tenantId,
      stepId: 'prepare',
      detail: { backupId, reason: deleting.reason, createdAt: record.createdAt, ...(record.users !== undefined ? { users: record.users } : {}) },
    };
    await this.deps.repository.appendAuditOnce(tenantId, closureId, [entry]);
    await this.deps.store.delete(key, { ifMatch: etag });
    this.deps.log.info({ tenantId, closureId, backupId, reason: deleting.reason, createdAt: record.createdAt }, 'Backup export deleted');
    return true;
  }
}
