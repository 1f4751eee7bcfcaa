/** What the simulator counts; each tenant keeps the same series for itself (TenantCounters, directory/tenant.ts). */
export interface Counters {
  /** HTTP requests received, including refused, throttled, faulted and dropped ones. */
  requests: number;
  /** Requests inside `$batch` envelopes. */
  batchItems: number;
  /** Writes attempted (POST/PATCH/PUT/DELETE), top-level or inside a batch. */
  writes: number;
  /** 429 answers, top-level or per batch item. */
  throttled: number;
  errors5xx: number;
  dropped: number;
  unauthorized: number;
  peakConcurrency: number;
}
