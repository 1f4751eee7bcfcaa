import { ObjectWriter } from '../ports/object-store.port';
import { BackupRow, TenantOperations } from '../ports/tenant-operations.port';
import { StateStore } from '../ports/state-store.port';
import { backupKey, backupObjectKey, BackupRecord } from '../ports/backup-record';

export interface BackupSummary {
  backupId: string;
  users: number;
  licensed: number;
  admins: number;
}

/** Chunks of about this many characters go to the store: what the export holds at once, besides Graph's page. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Reads every user with licences and roles, page by page, and writes each page out to two streamed
 * objects (JSON and CSV) as it goes: neither the tenant's users nor the files are ever held whole in
 * memory. The record is written first, so even an export that dies half-way is found and deleted by
 * the retention sweep; the files become visible only when both are complete.
 */
export async function exportBackup(ops: TenantOperations, store: StateStore, tenantId: string, backupId: string, now: string): Promise<BackupSummary> {
  const record: BackupRecord = { tenantId, backupId, createdAt: now, status: 'writing' };
  await store.put(backupKey(tenantId, backupId), record);
  const json = await store.objects.create(backupObjectKey(tenantId, backupId, 'json'));
  const csv = await store.objects.create(backupObjectKey(tenantId, backupId, 'csv'));
  try {
    const counts = await writeRows(ops.backupRows(), json, csv, { tenantId, exportedAt: now });
    const bytes = { json: (await json.commit()).bytes, csv: (await csv.commit()).bytes };
    const written = await store.put(backupKey(tenantId, backupId), { ...record, status: 'complete', users: counts.users, bytes } satisfies BackupRecord);
    if (!written.ok) throw new Error('backup could not be stored');
    return { backupId, ...counts };
  } catch (error) {
    await Promise.all([json.abort(), csv.abort()]);
    throw error;
  }
}

async function writeRows(rows: AsyncIterable<BackupRow>, json: ObjectWriter, csv: ObjectWriter, header: { tenantId: string; exportedAt: string }): Promise<Omit<BackupSummary, 'backupId'>> {
  const counts = { users: 0, licensed: 0, admins: 0 };
  // One user per line: valid JSON that a person can also read, and that never needs the whole list at once.
  let jsonChunk = `{"tenantId":${JSON.stringify(header.tenantId)},"exportedAt":${JSON.stringify(header.exportedAt)},"users":[`;
  let csvChunk = csvHeader();
  for await (const row of rows) {
    jsonChunk += `${counts.users === 0 ? '' : ','}\n${JSON.stringify(row)}`;
    csvChunk += csvLine(row);
    counts.users++;
    if (row.licences.length > 0) counts.licensed++;
    if (row.roles.length > 0) counts.admins++;
    if (jsonChunk.length >= FLUSH_CHARS) {
      await Promise.all([json.write(jsonChunk), csv.write(csvChunk)]);
      jsonChunk = '';
      csvChunk = '';
    }
  }
  await Promise.all([json.write(`${jsonChunk}\n]}\n`), csv.write(csvChunk)]);
  return counts;
}

const HEADER = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'licences', 'roles'];

function csvHeader(): string {
  return `${HEADER.join(',')}\r\n`;
}

function csvLine(r: BackupRow): string {
  return `${[r.id, r.displayName, r.userPrincipalName, String(r.accountEnabled), r.licences.join(';'), r.roles.join(';')].map(csvCell).join(',')}\r\n`;
}

/** Quotes as RFC 4180, and defuses spreadsheet formulas (a name starting with = + - @). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
