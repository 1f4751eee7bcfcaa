/**
 * Keys are `/`-separated segments of `[A-Za-z0-9._-]`, e.g. `tenants/<tenantId>/closure`. Every store
 * checks them the same way, so a key that works in memory also works on disk and in Azure Blob.
 *
 * @remarks The rules exist for the file store first: a segment can never be `.` or `..`, the key can
 * never be absolute, and no character outside the set can reach the file system (no `\`, no NUL, no
 * `~`, which the file store reserves for its own file names).
 */
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const PREFIX = /^[A-Za-z0-9._\-/]*$/;

export class InvalidStateKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid state key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidStateKeyError';
  }
}

/** Throws `InvalidStateKeyError` unless `key` is a valid key; returns its segments. */
export function parseStateKey(key: string): string[] {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidStateKeyError(String(key), 'it is empty');
  if (key.startsWith('/')) throw new InvalidStateKeyError(key, 'it must be relative (no leading "/")');
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') throw new InvalidStateKeyError(key, 'it has an empty segment');
    if (segment === '.' || segment === '..') throw new InvalidStateKeyError(key, `"${segment}" is not allowed as a segment`);
    if (!SEGMENT.test(segment)) throw new InvalidStateKeyError(key, 'only A-Z, a-z, 0-9, ".", "_", "-" and "/" are allowed');
  }
  return segments;
}

/** A list prefix may end in the middle of a segment (`tenants/ab`), but uses the same characters. */
export function assertKeyPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new InvalidStateKeyError(String(prefix), 'only A-Z, a-z, 0-9, ".", "_", "-" and "/" are allowed in a prefix');
  }
}
