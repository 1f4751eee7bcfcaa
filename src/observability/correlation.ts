import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const turns = new AsyncLocalStorage<{ correlationId: string }>();

/** A short random id for one inbound request: the reference an admin can quote and ops can grep. */
export function newCorrelationId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Runs `work` with `correlationId` as the current turn's id: every log line written inside it
 * (and inside background work it starts, such as the runner's commands) carries the id.
 */
export function withCorrelation<T>(correlationId: string, work: () => T): T {
  return turns.run({ correlationId }, work);
}

export function currentCorrelationId(): string | undefined {
  return turns.getStore()?.correlationId;
}
