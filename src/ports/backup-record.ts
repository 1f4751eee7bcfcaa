/**
 * What the state store keeps about one backup export: a small document naming its two files (JSON
 * and CSV, streamed objects of their own) and what the retention sweep needs. The users themselves
 * are never in a document. The backup adapter writes and serves exports; the runner's retention sweep
 * (src/runner/backup-retention.ts) deletes them: both reach them through the state store by these keys.
 */
export interface BackupRecord {
  tenantId: string;
  backupId: string;
  createdAt: string;
  /** `writing` until both files are committed. Absent in records written before exports streamed (users inline). */
  status?: 'writing' | 'complete';
  users?: number;
  bytes?: { json: number; csv: number };
  /** When the sweep first saw the closure ended (completed or cancelled): the retention counts from here. */
  closureEndedAt?: string;
  /** Set once the sweep decided to delete it, so a deletion a crash interrupted is finished, not restarted. */
  deleting?: { at: string; reason: BackupExpiryReason };
}

/** `retention`: its closure ended that long ago. `abandoned`: its closure stayed open past the maximum. */
export type BackupExpiryReason = 'retention' | 'abandoned';

export type BackupFormat = 'json' | 'csv';
export const BACKUP_FORMATS: readonly BackupFormat[] = ['json', 'csv'];

export const backupKey = (tenantId: string, backupId: string) => `tenants/${tenantId}/backups/${backupId}`;
export const backupObjectKey = (tenantId: string, backupId: string, format: BackupFormat) => `tenants/${tenantId}/backups/${backupId}.${format}`;

const BACKUP_KEY = /^tenants\/([^/]+)\/backups\/([^/]+)$/;

/** The tenant and backup a state-store key names, if it is a backup record's key. */
export function parseBackupKey(key: string): { tenantId: string; backupId: string } | undefined {
  const match = BACKUP_KEY.exec(key);
  return match ? { tenantId: match[1], backupId: match[2] } : undefined;
}

/** The core names a closure's export `<closureId>.backup` (src/steps/prepare/prepare.step.ts). */
export const closureIdOfBackup = (backupId: string) => backupId.replace(/\.backup$/, '');
