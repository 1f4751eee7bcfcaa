import { BackupRow, TenantOperations } from '../ports/tenant-operations.port';
import { StateStore } from '../ports/state-store.port';

export interface BackupDocument {
  tenantId: string;
  backupId: string;
  createdAt: string;
  users: number;
  json: string;
  csv: string;
}

export interface BackupSummary {
  backupId: string;
  users: number;
  licensed: number;
  admins: number;
}

export const backupKey = (tenantId: string, backupId: string) => `tenants/${tenantId}/backups/${backupId}`;

/**
 * Reads every user with licences and roles and stores the export (JSON and CSV) as a document of
 * its own, beside the closure state, so the closure document does not grow with the tenant.
 */
export async function exportBackup(ops: TenantOperations, store: StateStore, tenantId: string, backupId: string, now: string): Promise<BackupSummary> {
  const rows: BackupRow[] = [];
  for await (const row of ops.backupRows()) rows.push(row);
  const document: BackupDocument = {
    tenantId,
    backupId,
    createdAt: now,
    users: rows.length,
    json: JSON.stringify({ tenantId, exportedAt: now, users: rows }, null, 2),
    csv: toCsv(rows),
  };
  const result = await store.put(backupKey(tenantId, backupId), document);
  if (!result.ok) throw new Error('backup could not be stored');
  return {
    backupId,
    users: rows.length,
    licensed: rows.filter((r) => r.licences.length > 0).length,
    admins: rows.filter((r) => r.roles.length > 0).length,
  };
}

const HEADER = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'licences', 'roles'];

export function toCsv(rows: BackupRow[]): string {
  const lines = [HEADER.join(',')];
  for (const r of rows) {
    lines.push([r.id, r.displayName, r.userPrincipalName, String(r.accountEnabled), r.licences.join(';'), r.roles.join(';')].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Quotes as RFC 4180, and defuses spreadsheet formulas (a name starting with = + - @). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
