import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../src/ports';
import type { StateStore } from '../../src/ports';

async function readAll(objects: ObjectStore, key: string): Promise<Buffer | undefined> {
  const stored = await objects.open(key);
  if (!stored) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stored.body) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  expect(body.length).toBe(stored.bytes);
  return body;
}

async function writeWhole(objects: ObjectStore, key: string, ...chunks: Array<string | Buffer>): Promise<{ bytes: number }> {
  const writer = await objects.create(key);
  for (const chunk of chunks) await writer.write(chunk);
  return writer.commit();
}

/**
 * The behaviour of every store's `objects` (streamed objects beside the documents), called from the
 * StateStore contract so it runs on memory, file and Azure Blob alike.
 */
export function describeObjectStoreContract(storeOf: () => StateStore): void {
  describe('objects', () => {
    let objects: ObjectStore;
    beforeEach(() => {
      objects = storeOf().objects;
    });

    it('round-trips an object written in chunks, with its size', async () => {
      expect(await writeWhole(objects, 'tenants/t1/backups/b1.csv', 'id,name\r\n', Buffer.from('1,è già\r\n'), '2,x\r\n')).toEqual({ bytes: 25 });
      expect((await readAll(objects, 'tenants/t1/backups/b1.csv'))!.toString('utf8')).toBe('id,name\r\n1,è già\r\n2,x\r\n');
    });

    it('streams an object larger than any one buffer (10 MB in 64 KB chunks) back byte for byte', async () => {
      const writer = await objects.create('tenants/t1/backups/big.json');
      const sent = createHash('sha256');
      for (let i = 0; i < 160; i++) {
        const chunk = Buffer.alloc(64 * 1024, i % 251);
        chunk.write(`chunk ${i}`);
        sent.update(chunk);
        await writer.write(chunk);
      }
      expect(await writer.commit()).toEqual({ bytes: 160 * 64 * 1024 });
      const stored = await objects.open('tenants/t1/backups/big.json');
      expect(stored!.bytes).toBe(160 * 64 * 1024);
      const received = createHash('sha256');
      for await (const chunk of stored!.body) received.update(chunk as Buffer);
      expect(received.digest('hex')).toBe(sent.digest('hex'));
    });

    it('shows nothing of a write before its commit, and nothing at all after an abort', async () => {
      const writer = await objects.create('tenants/t1/backups/b1.json');
      await writer.write('{"partial":');
      expect(await objects.open('tenants/t1/backups/b1.json')).toBeUndefined();
      expect(await objects.list('tenants/')).toEqual([]);
      await writer.abort();
      expect(await objects.open('tenants/t1/backups/b1.json')).toBeUndefined();
      expect(await objects.list('tenants/')).toEqual([]);
    });

    it('keeps the previous object whole while a new version is written, and after that write is aborted', async () => {
      await writeWhole(objects, 'k', 'old version');
      const writer = await objects.create('k');
      await writer.write('new ver');
      expect((await readAll(objects, 'k'))!.toString()).toBe('old version');
      await writer.abort();
      expect((await readAll(objects, 'k'))!.toString()).toBe('old version');
      await writeWhole(objects, 'k', 'new ', 'version');
      expect((await readAll(objects, 'k'))!.toString()).toBe('new version');
    });

    it('ends two writes of one key with one of them whole, never a mix', async () => {
      const first = await objects.create('k');
      const second = await objects.create('k');
      await first.write('AAAA');
      await second.write('BBBB');
      await first.write('AAAA');
      await second.write('BBBB');
      const results = await Promise.allSettled([first.commit(), second.commit()]);
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      expect(['AAAAAAAA', 'BBBBBBBB']).toContain((await readAll(objects, 'k'))!.toString());
    });

    it('refuses writes after a commit', async () => {
      const writer = await objects.create('k');
      await writer.commit();
      await expect(writer.write('late')).rejects.toThrow(/already finished/);
      expect((await readAll(objects, 'k'))!.length).toBe(0);
    });

    it('deletes, and treats deleting a missing object as done', async () => {
      await writeWhole(objects, 'tenants/t1/backups/b1.json', '{}');
      await objects.delete('tenants/t1/backups/b1.json');
      expect(await objects.open('tenants/t1/backups/b1.json')).toBeUndefined();
      await objects.delete('tenants/t1/backups/b1.json');
      await objects.delete('never/written');
    });

    it('lists committed objects under a prefix, sorted, apart from documents', async () => {
      for (const key of ['tenants/b/backups/x.csv', 'tenants/a/backups/x.json', 'tenants/a/backups/x.csv', 'other/y']) await writeWhole(objects, key, key);
      await storeOf().put('tenants/a/backups/x', { a: 'document' });
      expect(await objects.list('tenants/a/')).toEqual(['tenants/a/backups/x.csv', 'tenants/a/backups/x.json']);
      expect(await objects.list('')).toEqual(['other/y', 'tenants/a/backups/x.csv', 'tenants/a/backups/x.json', 'tenants/b/backups/x.csv']);
      // Objects and documents of the same key live side by side, and neither lists the other.
      expect(await storeOf().list('')).toEqual(['tenants/a/backups/x']);
      expect((await readAll(objects, 'tenants/a/backups/x.json'))!.toString()).toBe('tenants/a/backups/x.json');
    });

    it('rejects keys that are not safe relative paths', async () => {
      for (const key of ['', '/abs', '../up', 'a/../b', 'a//b', 'a\\b', 'a~b']) {
        await expect(objects.create(key)).rejects.toThrow(/Invalid state key/);
        await expect(objects.open(key)).rejects.toThrow(/Invalid state key/);
        await expect(objects.delete(key)).rejects.toThrow(/Invalid state key/);
      }
      await expect(objects.list('a b')).rejects.toThrow(/Invalid state key/);
    });
  });
}
