import { createHash } from 'node:crypto';

/**
 * One thing that happened in a closure: who did what, when, and what Graph answered (the core's
 * audit commands). Counts, codes and request ids only: never tokens, typed confirmations or user lists.
 */
export type AuditRecord = { at: string; action: string } & Record<string, unknown>;

export type AuditEntry<R extends AuditRecord = AuditRecord> = R & {
  seq: number;
  prevHash: string;
  hash: string;
};

export const GENESIS_HASH = '0'.repeat(64);

/** Appends records to a chain: each entry's hash covers its content and the previous hash. */
export function chain<R extends AuditRecord>(previous: AuditEntry | undefined, records: R[]): AuditEntry<R>[] {
  const out: AuditEntry<R>[] = [];
  let prev: AuditEntry | undefined = previous;
  for (const record of records) {
    const seq = (prev?.seq ?? 0) + 1;
    const prevHash = prev?.hash ?? GENESIS_HASH;
    const entry = { ...record, seq, prevHash, hash: hashOf({ ...record, seq, prevHash }) } as AuditEntry<R>;
    out.push(entry);
    prev = entry;
  }
  return out;
}

export type ChainCheck = { valid: true; entries: number; head: string } | { valid: false; brokenAt: number; reason: string };

/** Recomputes every hash: an edited, removed, reordered or inserted entry breaks the chain. */
export function verifyChain(entries: AuditEntry[]): ChainCheck {
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const { hash, ...rest } = entries[i];
    if (rest.seq !== i + 1) return { valid: false, brokenAt: i + 1, reason: `sequence number ${rest.seq} where ${i + 1} was expected` };
    if (rest.prevHash !== prevHash) return { valid: false, brokenAt: i + 1, reason: 'does not follow the previous entry' };
    if (hashOf(rest) !== hash) return { valid: false, brokenAt: i + 1, reason: 'content does not match its hash' };
    prevHash = hash;
  }
  return { valid: true, entries: entries.length, head: prevHash };
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with sorted keys, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
