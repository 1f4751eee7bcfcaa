import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore, ObjectWriter, StoredObject } from '../ports/object-store.port';
import { syncDirectory, unlinkIfPresentSync } from './durable-file';
import { collectKeys } from './file-documents';
import { assertKeyPrefix, parseStateKey } from './state-key';

const OBJECT_SUFFIX = '~.obj';

/**
 * Objects as files under `root`: `tenants/t1/backups/b.json` is `<root>/tenants/t1/backups/b.json~.obj`
 * (the `~` keeps object files and key directories apart, as in file-key-paths.ts).
 *
 * @remarks A write goes to its own temporary file beside the target (`<name>~.<uuid>.tmp`), is fsynced,
 * then renamed over the target: a reader, another process or a `kill -9` sees the old object or the
 * whole new one. A reader keeps its open file even if the object is replaced or deleted meanwhile.
 */
export class FileObjects implements ObjectStore {
  constructor(private readonly root: string) {}

  async create(key: string): Promise<ObjectWriter> {
    const paths = this.paths(key);
    mkdirSync(paths.dir, { recursive: true });
    const temp = join(paths.dir, `${paths.name}~.${randomUUID()}.tmp`);
    const handle = await open(temp, 'wx');
    let bytes = 0;
    let finished = false;
    const finish = async (): Promise<FileHandle> => {
      if (finished) throw new Error(`The write of ${key} is already finished`);
      finished = true;
      return handle;
    };
    return {
      write: async (chunk) => {
        if (finished) throw new Error(`The write of ${key} is already finished`);
        const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        // FileHandle.write may write less than asked; loop until all of it is on its way to disk.
        for (let offset = 0; offset < data.length;) offset += (await handle.write(data, offset, data.length - offset)).bytesWritten;
        bytes += data.length;
      },
      commit: async () => {
        await finish();
        try {
          await handle.sync();
          await handle.close();
          renameSync(temp, paths.object);
        } catch (error) {
          await handle.close().catch(() => undefined);
          unlinkIfPresentSync(temp);
          throw error;
        }
        await syncDirectory(paths.dir);
        return { bytes };
      },
      abort: async () => {
        if (finished) return;
        finished = true;
        await handle.close().catch(() => undefined);
        unlinkIfPresentSync(temp);
      },
    };
  }

  async open(key: string): Promise<StoredObject | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.paths(key).object, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      return { bytes: size, body: handle.createReadStream({ autoClose: true }) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const paths = this.paths(key);
    let names: string[];
    try {
      names = readdirSync(paths.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const prefix = `${paths.name}~.`;
    const leftovers = names.filter((n) => n === `${paths.name}${OBJECT_SUFFIX}` || (n.startsWith(prefix) && n.endsWith('.tmp')));
    for (const name of leftovers) unlinkIfPresentSync(join(paths.dir, name));
    if (leftovers.length > 0) await syncDirectory(paths.dir);
  }

  async list(prefix: string): Promise<string[]> {
    assertKeyPrefix(prefix);
    const keys: string[] = [];
    await collectKeys(this.root, '', prefix, keys, OBJECT_SUFFIX);
    return keys.sort();
  }

  private paths(key: string): { dir: string; name: string; object: string } {
    const segments = parseStateKey(key);
    const name = segments[segments.length - 1];
    const dir = join(this.root, ...segments.slice(0, -1));
    return { dir, name, object: join(dir, `${name}${OBJECT_SUFFIX}`) };
  }
}
