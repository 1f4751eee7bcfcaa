import { Readable } from 'node:stream';
import type { ObjectStore, ObjectWriter, StoredObject } from '../ports/object-store.port';
import { assertKeyPrefix, parseStateKey } from './state-key';

/** Objects in a map, for tests and demos: held whole in memory, which is fine there and nowhere else. */
export class MemoryObjects implements ObjectStore {
  private readonly objects = new Map<string, Buffer>();

  async create(key: string): Promise<ObjectWriter> {
    parseStateKey(key);
    const chunks: Buffer[] = [];
    let open = true;
    return {
      write: async (chunk) => {
        if (!open) throw new Error(`The write of ${key} is already finished`);
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
      },
      commit: async () => {
        if (!open) throw new Error(`The write of ${key} is already finished`);
        open = false;
        const body = Buffer.concat(chunks);
        this.objects.set(key, body);
        return { bytes: body.length };
      },
      abort: async () => {
        open = false;
        chunks.length = 0;
      },
    };
  }

  async open(key: string): Promise<StoredObject | undefined> {
    parseStateKey(key);
    const body = this.objects.get(key);
    return body && { bytes: body.length, body: Readable.from([body]) };
  }

  async delete(key: string): Promise<void> {
    parseStateKey(key);
    this.objects.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    assertKeyPrefix(prefix);
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
