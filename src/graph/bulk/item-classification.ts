import { ItemAnswer } from './batch-envelope';

export type ItemVerdict = 'done' | 'throttled' | 'transient' | 'permanent';

/**
 * What one answer means for a write (graph-api.md §7–§9): 2xx done; 404 on DELETE done (already
 * gone: a retry after a lost answer, or someone else deleted it); 429 throttled; 503/504 transient,
 * and so is a missing answer; 424 without `dependsOn` too (older docs: a throttled batch "fails
 * with 424"). Anything else is Graph refusing this write: permanent for this run.
 */
export function classifyItem(method: string, answer: ItemAnswer | undefined): ItemVerdict {
  if (!answer) return 'transient';
  const { status } = answer;
  if (status >= 200 && status < 300) return 'done';
  if (status === 404 && method === 'DELETE') return 'done';
  if (status === 429 || status === 424) return 'throttled';
  if (status === 503 || status === 504) return 'transient';
  return 'permanent';
}

/** Envelope answers worth another try: throttling, server trouble, a dropped connection (status 0). */
export function envelopeIsTransient(status: number): boolean {
  return status === 0 || status === 429 || status === 424 || status >= 500;
}
