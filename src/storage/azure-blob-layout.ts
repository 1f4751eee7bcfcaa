import { createHash } from 'node:crypto';
import { parseStateKey } from './state-key';

/**
 * How the Azure Blob store lays out one container: documents under `docs/<key>`, lease markers under
 * `leases/<name>`.
 *
 * @remarks Leases must sit on blobs of their own: once a blob is leased, Azure refuses every write to it
 * that does not carry the lease id, so a lease on the document itself would lock out the other instance
 * that only wants to record an approval.
 */
export const DOCUMENTS_PREFIX = 'docs/';
export const LEASES_PREFIX = 'leases/';

export function documentBlobName(key: string): string {
  parseStateKey(key);
  return DOCUMENTS_PREFIX + key;
}

export function leaseBlobName(name: string): string {
  parseStateKey(name);
  return LEASES_PREFIX + name;
}

/** Azure accepts fixed lease durations of 15 to 60 seconds (or infinite, which we never use). */
export const MIN_LEASE_SECONDS = 15;
export const MAX_LEASE_SECONDS = 60;

/**
 * Our `ttlMs` mapped to the nearest duration Azure allows: rounded to whole seconds, then clamped to
 * 15..60 s. A shorter ttl therefore becomes 15 s (takeover after a crash takes at least that long), a
 * longer one 60 s (the holder must renew at least that often). The `expiresAt` we return always reflects
 * the duration actually granted, so holders schedule renewals from it, not from the ttl they asked for.
 */
export function leaseDurationSeconds(ttlMs: number): number {
  return Math.min(MAX_LEASE_SECONDS, Math.max(MIN_LEASE_SECONDS, Math.round(ttlMs / 1000)));
}

/**
 * The Azure lease id for `owner` on lease `name`: a GUID derived from both, so it needs no memory. Any
 * process that runs as `owner` (say, the same instance after a restart) can renew or release the lease,
 * and a crash loses nothing we would have to keep.
 */
export function leaseIdFor(name: string, owner: string): string {
  const bytes = createHash('sha256').update(`${name}\u0000${owner}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // RFC 4122 version 5 (name-based, SHA)
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
