/**
 * One directory write for the bulk executor. `key` identifies it in outcomes (e.g. the user id);
 * `url` is relative to the version root, as `$batch` requires (graph-api.md §7).
 */
export interface BulkWrite {
  readonly key: string;
  readonly method: 'DELETE' | 'PATCH' | 'POST';
  readonly url: string;
  readonly body?: unknown;
}

/** The final word on one write in this run. */
export type WriteOutcome<W extends BulkWrite> = { write: W; result: 'done'; status: number } | { write: W; result: 'failed'; status: number; code: string; message: string };

/** What the caller answers after a checkpoint: go on, or end the run cleanly here. */
export type RunDecision = 'continue' | 'pause' | 'stop';

export type BulkRunEnd =
  | { reason: 'drained' | 'paused' | 'stopped' | 'aborted' }
  /** The run cannot go on (token refused, envelope failing again and again, checkpoint failed). */
  | { reason: 'fatal'; status: number; code: string; message: string };
