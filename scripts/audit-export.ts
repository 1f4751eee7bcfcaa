import { writeFileSync } from 'node:fs';
import { ClosureRepository } from '../src/runner/closure-repository';
import { StateStore } from '../src/ports/state-store.port';
import { createStateStore } from '../src/storage';
import { STEP_IDS } from '../src/core';
import { stepHeading } from '../src/closure/step-heading';

/**
 * Each entry's `stepId` as Microsoft's article names the step ("Step 1: Delete users"), so a reader
 * of the log finds the same numbers as on the cards. Outside the entries: the hash chain is unchanged.
 */
export function articleSteps(): Record<string, string> {
  return Object.fromEntries(STEP_IDS.map((id) => [id, stepHeading('en', id)]));
}

/**
 * Exports one closure's audit log as `{ tenantId, closureId, entries }`, the input of
 * `npm run audit:verify`. Without a closure id, the tenant's current (or last) closure.
 *
 *   node dist/scripts/audit-export.js <tenantId> [closureId] [--dir .data] [--out file.json]
 *
 * Reads the file store (STATE_DIR, default .data); for Azure Blob, call exportAuditLog with that store.
 */
export async function exportAuditLog(store: StateStore, tenantId: string, closureId?: string) {
  const repository = new ClosureRepository(store);
  const id = closureId ?? (await repository.load(tenantId))?.value.closureId;
  if (!id) throw new Error(`Tenant ${tenantId} has no closure; pass a closure id`);
  const log = await repository.audit(tenantId, id);
  if (!log) throw new Error(`No audit log for closure ${id} of tenant ${tenantId}`);
  return { tenantId: log.tenantId, closureId: log.closureId, exportedAt: new Date().toISOString(), steps: articleSteps(), entries: log.entries };
}

async function main(argv: string[]): Promise<number> {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const dir = option('--dir') ?? process.env.STATE_DIR ?? '.data';
  const outFile = option('--out');
  const [tenantId, closureId] = argv;
  if (!tenantId) {
    process.stderr.write('Usage: node dist/scripts/audit-export.js <tenantId> [closureId] [--dir .data] [--out file.json]\n');
    return 2;
  }
  const store = createStateStore({ kind: 'file', dir });
  await store.ready();
  try {
    const json = `${JSON.stringify(await exportAuditLog(store, tenantId.toLowerCase(), closureId), null, 2)}\n`;
    if (outFile) writeFileSync(outFile, json);
    else process.stdout.write(json);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
