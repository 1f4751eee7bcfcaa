import type { PutResult, Versioned, WriteCondition } from '../ports/state-store.port';
import { serialiseDocument } from './serialise-document';
import { assertKeyPrefix, parseStateKey } from './state-key';

/**
 * A map of JSON documents with etags. Values are kept serialised, so callers can never share an object
 * with the store in either direction, and what comes back is exactly what a file or blob would give.
 */
export class MemoryDocuments {
  private readonly documents = new Map<string, { json: string; etag: string }>();
  // One counter for the whole map: an etag is never reused, even after a delete and a re-create.
  private version = 0;

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    parseStateKey(key);
    const stored = this.documents.get(key);
    return stored && { value: JSON.parse(stored.json) as T, etag: stored.etag };
  }

  async put<T>(key: string, value: T, condition?: WriteCondition): Promise<PutResult> {
    parseStateKey(key);
    const json = serialiseDocument(key, value);
    if (!this.satisfies(key, condition)) return { ok: false, reason: 'conflict' };
    const etag = `"m${++this.version}"`;
    this.documents.set(key, { json, etag });
    return { ok: true, etag };
  }

  async delete(key: string, condition?: { ifMatch: string }): Promise<PutResult> {
    parseStateKey(key);
    const stored = this.documents.get(key);
    if (stored && condition && stored.etag !== condition.ifMatch) return { ok: false, reason: 'conflict' };
    this.documents.delete(key);
    return { ok: true, etag: '' };
  }

  async list(prefix: string): Promise<string[]> {
    assertKeyPrefix(prefix);
    return [...this.documents.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  private satisfies(key: string, condition: WriteCondition | undefined): boolean {
    const stored = this.documents.get(key);
    if (!condition) return true;
    if ('ifNoneMatch' in condition) return stored === undefined;
    return stored !== undefined && stored.etag === condition.ifMatch;
  }
}
