import { readFileSync } from 'node:fs';
import { AuditEntry, verifyChain } from '../src/audit/audit-chain';

/**
 * `npm run audit:verify -- <file>`: checks an exported audit log ({ tenantId, closureId, entries },
 * as written by scripts/audit-export.ts) and prints whether its hash chain is intact.
 * Exit 0: valid. Exit 1: the chain breaks (the first broken entry is printed). Exit 2: not an audit log.
 *
 * A valid chain proves no entry was edited, removed, reordered or inserted; it cannot prove the log
 * was not cut short at the end, so compare the printed head hash with one recorded elsewhere.
 */
export function verifyAuditFile(path: string): { code: 0 | 1 | 2; message: string } {
  let log: unknown;
  try {
    log = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { code: 2, message: `Cannot read ${path} as JSON: ${(error as Error).message}` };
  }
  const { tenantId, closureId, entries } = (log ?? {}) as { tenantId?: unknown; closureId?: unknown; entries?: unknown };
  if (typeof tenantId !== 'string' || typeof closureId !== 'string' || !Array.isArray(entries) || entries.some((e) => !e || typeof e !== 'object' || Array.isArray(e))) {
    return { code: 2, message: `${path} is not an exported audit log ({ tenantId, closureId, entries: [...] })` };
  }
  const check = verifyChain(entries as AuditEntry[]);
  const subject = `Audit log of closure ${closureId} (tenant ${tenantId})`;
  if (check.valid) return { code: 0, message: `${subject}: VALID, ${check.entries} entries, head ${check.head}` };
  const entry = entries[check.brokenAt - 1] as { action?: unknown; at?: unknown };
  return {
    code: 1,
    message: `${subject}: BROKEN at entry ${check.brokenAt} of ${entries.length} (${String(entry?.action)} at ${String(entry?.at)}): ${check.reason}. Entries before it are intact; it and everything after it cannot be trusted.`,
  };
}

export function main(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): number {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    out('Usage: npm run audit:verify -- <exported-audit-log.json>');
    return 2;
  }
  const result = verifyAuditFile(argv[0]);
  out(result.message);
  return result.code;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
