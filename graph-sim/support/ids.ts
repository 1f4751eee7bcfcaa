import { createHash, randomUUID } from 'crypto';

/** A GUID derived from a name, so scenario objects keep the same ids run after run. */
export function deterministicGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Graph gives every response a request id (graph-api.md §9); these need not be reproducible. */
export function newRequestId(): string {
  return randomUUID();
}

/** Graph's `date` in innerError has no fractional seconds and no zone (graph-api.md §8.3, §9). */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
