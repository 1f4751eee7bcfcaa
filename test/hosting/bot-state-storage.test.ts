import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, Storage, StoreItem } from 'botbuilder';
import { BotStateConflictError, BotStateStorage } from '../../src/hosting/bot-state-storage';
import type { StateStore } from '../../src/ports';
import { FileStateStore, MemoryStateStore } from '../../src/storage';
import { AzureBlobStateStore } from '../../src/storage';
import { parseStateKey } from '../../src/storage';
import { AzuriteHandle, startAzurite } from '../support/azurite';

/** Keys as botbuilder and Teams AI make them from real Teams ids, and a few that no store could take as they are. */
const CONVERSATION = 'msteams/28:8f2b1c7e-0a4d-4e6b-9c3f-2d1e5a7b9c0d/conversations/a:1abcDEF-ghi_JKLmnoPQRstuVWXyz0123456789-AbCdEfGhIjKlMnOpQrStUvWxYz';
const USER = 'msteams/28:8f2b1c7e-0a4d-4e6b-9c3f-2d1e5a7b9c0d/users/29:1XyZ-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
const EXCHANGE_CLAIM = 'msteams/a:1abcDEF-ghi_JKLmnoPQRstuVWXyz0123456789/6f8e2a1c-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const AWKWARD_KEYS = [
  CONVERSATION,
  USER,
  EXCHANGE_CLAIM,
  'msteams/28:bot/conversations/19:meeting_NzQ4@thread.v2;messageid=1700000000000',
  'msteams/28:bot/conversations/a:1ABC', // differs from the next one only by case
  'msteams/28:bot/conversations/a:1abc',
  '../../etc/passwd',
  '/leading/and/trailing/',
  'a//b',
  'with spaces, ~tilde~ and \\ backslash',
  'ünïcødé/会話',
  `long/${'x'.repeat(2000)}`,
];

interface Harness {
  storage: Storage;
  dispose(): Promise<void>;
}

/**
 * What botbuilder expects of any Storage (its own MemoryStorage is the reference, and runs this suite
 * too): read/write/delete, deep copies, and eTags: `*` or none overwrites, any other must match the
 * stored one, and a missing item is created whatever the eTag.
 */
function describeBotbuilderStorage(name: string, make: () => Promise<Harness>): void {
  describe(`${name} (botbuilder Storage contract)`, () => {
    let harness: Harness;
    let storage: Storage;
    beforeEach(async () => {
      harness = await make();
      storage = harness.storage;
    });
    afterEach(async () => harness.dispose());

    it('reads nothing for keys never written', async () => {
      expect(await storage.read([CONVERSATION, USER])).toEqual({});
    });

    it('round-trips items with an eTag, for every key Teams makes (colons, slashes, any length)', async () => {
      const changes = Object.fromEntries(AWKWARD_KEYS.map((key, i) => [key, { i, key, nested: { list: [1, 'two', null], ok: true } }]));
      await storage.write(changes);
      const read = await storage.read(AWKWARD_KEYS);
      expect(Object.keys(read).sort()).toEqual([...AWKWARD_KEYS].sort());
      for (const [i, key] of AWKWARD_KEYS.entries()) {
        expect(read[key]).toEqual({ i, key, nested: { list: [1, 'two', null], ok: true }, eTag: expect.any(String) });
      }
    });

    it('reads only the keys that exist', async () => {
      await storage.write({ [CONVERSATION]: { a: 1 } });
      expect(Object.keys(await storage.read([CONVERSATION, USER]))).toEqual([CONVERSATION]);
    });

    it('hands out copies: changing what was written or read changes nothing stored', async () => {
      const item = { list: [{ id: 'a' }] };
      await storage.write({ [CONVERSATION]: item });
      item.list[0].id = 'changed by the writer';
      const first = await storage.read([CONVERSATION]);
      (first[CONVERSATION] as typeof item).list[0].id = 'changed by a reader';
      expect((await storage.read([CONVERSATION]))[CONVERSATION]).toEqual({ list: [{ id: 'a' }], eTag: expect.any(String) });
    });

    it('gives a new eTag on every write', async () => {
      await storage.write({ [CONVERSATION]: { v: 1 } });
      const first = (await storage.read([CONVERSATION]))[CONVERSATION].eTag;
      await storage.write({ [CONVERSATION]: { v: 2 } });
      const second = (await storage.read([CONVERSATION]))[CONVERSATION].eTag;
      expect(second).not.toBe(first);
    });

    it('overwrites when the eTag is "*" or missing (last write wins)', async () => {
      await storage.write({ [CONVERSATION]: { v: 1 } });
      await storage.write({ [CONVERSATION]: { v: 2, eTag: '*' } });
      expect((await storage.read([CONVERSATION]))[CONVERSATION]).toMatchObject({ v: 2 });
      await storage.write({ [CONVERSATION]: { v: 3 } });
      expect((await storage.read([CONVERSATION]))[CONVERSATION]).toMatchObject({ v: 3 });
    });

    it('writes an item read with its eTag; a write with an eTag that is no longer stored fails with an "eTag conflict" and changes nothing', async () => {
      await storage.write({ [CONVERSATION]: { v: 1 } });
      const read = (await storage.read([CONVERSATION]))[CONVERSATION];
      await storage.write({ [CONVERSATION]: { ...read, v: 2 } });
      const now = (await storage.read([CONVERSATION]))[CONVERSATION];
      expect(now).toMatchObject({ v: 2 });
      // `read` is stale now: its eTag was replaced by the write above.
      await expect(storage.write({ [CONVERSATION]: { ...read, v: 'stale' } })).rejects.toThrow(/etag conflict/i);
      expect((await storage.read([CONVERSATION]))[CONVERSATION]).toEqual(now);
    });

    it('two instances that read the same item and both write it: the first wins, the second gets the conflict', async () => {
      await storage.write({ [CONVERSATION]: { v: 0 } });
      const a = (await storage.read([CONVERSATION]))[CONVERSATION];
      const b = (await storage.read([CONVERSATION]))[CONVERSATION];
      await storage.write({ [CONVERSATION]: { ...a, v: 'a' } });
      await expect(storage.write({ [CONVERSATION]: { ...b, v: 'b' } })).rejects.toThrow(/etag conflict/i);
      expect((await storage.read([CONVERSATION]))[CONVERSATION]).toMatchObject({ v: 'a' });
    });

    it('creates a missing item whatever its eTag, then refuses a second write with that eTag (how botbuilder claims a token exchange once)', async () => {
      // TeamsSSOTokenExchangeMiddleware writes { eTag: <exchange id> }: the first claim must succeed,
      // any later claim of the same id must fail with a message that says "etag conflict".
      const claim = { eTag: '6f8e2a1c-3b4d-4e5f-8a9b-0c1d2e3f4a5b' };
      await storage.write({ [EXCHANGE_CLAIM]: claim });
      await expect(storage.write({ [EXCHANGE_CLAIM]: claim })).rejects.toThrow(/etag conflict/i);
      expect(claim).toEqual({ eTag: '6f8e2a1c-3b4d-4e5f-8a9b-0c1d2e3f4a5b' });
    });

    it('deletes items; deleting a missing key is no error', async () => {
      await storage.write({ [CONVERSATION]: { v: 1 }, [USER]: { u: 1 } });
      await storage.delete([CONVERSATION, 'never/written']);
      expect(Object.keys(await storage.read([CONVERSATION, USER]))).toEqual([USER]);
    });
  });
}

let azurite: AzuriteHandle;
const dirs: string[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});
async function fileStore(): Promise<FileStateStore> {
  const dir = await mkdtemp(join(tmpdir(), 'bot-state-storage-'));
  dirs.push(dir);
  return new FileStateStore({ dir });
}
let containers = 0;

describeBotbuilderStorage("botbuilder's MemoryStorage (the reference)", async () => ({ storage: new MemoryStorage(), dispose: async () => {} }));
describeBotbuilderStorage('BotStateStorage over the memory store', async () => ({ storage: new BotStateStorage(new MemoryStateStore()), dispose: async () => {} }));
describeBotbuilderStorage('BotStateStorage over the file store', async () => ({ storage: new BotStateStorage(await fileStore()), dispose: async () => {} }));
describeBotbuilderStorage('BotStateStorage over Azure Blob (Azurite)', async () => ({
  storage: new BotStateStorage(new AzureBlobStateStore({ connectionString: azurite.connectionString, container: `bot-state-${process.pid}-${++containers}` })),
  dispose: async () => {},
}));

describe('BotStateStorage specifics', () => {
  it('keeps every item under its own prefix, as a hash any store accepts, with the botbuilder key inside', async () => {
    const store = new MemoryStateStore();
    const storage = new BotStateStorage(store);
    await storage.write(Object.fromEntries(AWKWARD_KEYS.map((key) => [key, { v: 1 }])));
    const keys = await store.list('');
    expect(keys).toHaveLength(AWKWARD_KEYS.length);
    for (const key of keys) {
      expect(key).toMatch(/^teams-ai\/[0-9a-f]{64}$/);
      expect(() => parseStateKey(key)).not.toThrow();
    }
    const stored = await store.get<{ key: string; item: unknown }>(storage.storeKey(CONVERSATION));
    expect(stored?.value).toEqual({ key: CONVERSATION, savedAt: expect.any(Number), item: { v: 1 } });
    expect(await store.list('teams-ai/')).toEqual(keys);
  });

  it('on disk, keys that differ only by case stay apart (a case-insensitive file system cannot merge them)', async () => {
    const store = await fileStore();
    const storage = new BotStateStorage(store);
    await storage.write({ 'msteams/28:bot/conversations/a:1ABC': { who: 'upper' }, 'msteams/28:bot/conversations/a:1abc': { who: 'lower' } });
    expect(new Set((await store.list('teams-ai/')).map((k) => k.toLowerCase())).size).toBe(2);
  });

  it('does not store the eTag inside the item, and does not change the item it was given', async () => {
    const store = new MemoryStateStore();
    const storage = new BotStateStorage(store);
    await storage.write({ [CONVERSATION]: { v: 1 } });
    const item = { ...(await storage.read([CONVERSATION]))[CONVERSATION], v: 2 };
    const given = JSON.stringify(item);
    await storage.write({ [CONVERSATION]: item });
    expect(JSON.stringify(item)).toBe(given);
    expect((await store.get<{ item: StoreItem }>(storage.storeKey(CONVERSATION)))?.value.item).toEqual({ v: 2 });
  });

  it('the eTag of an item is the store etag, so a write through another instance’s storage on the same store is a conflict', async () => {
    const store = new MemoryStateStore();
    const a = new BotStateStorage(store);
    const b = new BotStateStorage(store);
    await a.write({ [CONVERSATION]: { v: 0 } });
    const readByA = (await a.read([CONVERSATION]))[CONVERSATION];
    const readByB = (await b.read([CONVERSATION]))[CONVERSATION];
    expect(readByB.eTag).toBe((await store.get(a.storeKey(CONVERSATION)))?.etag);
    await b.write({ [CONVERSATION]: { ...readByB, v: 'b' } });
    const conflict = a.write({ [CONVERSATION]: { ...readByA, v: 'a' } });
    await expect(conflict).rejects.toBeInstanceOf(BotStateConflictError);
    await expect(conflict).rejects.toThrow(`Storage: error writing "${CONVERSATION}" due to eTag conflict.`);
    expect((await a.read([CONVERSATION]))[CONVERSATION]).toMatchObject({ v: 'b' });
  });

  it('of two writes racing with the same eTag, exactly one succeeds (the store decides, not a read before it)', async () => {
    const storage = new BotStateStorage(await fileStore());
    await storage.write({ [CONVERSATION]: { v: 0 } });
    const read = (await storage.read([CONVERSATION]))[CONVERSATION];
    const results = await Promise.allSettled(['a', 'b', 'c', 'd'].map((v) => storage.write({ [CONVERSATION]: { ...read, v } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof BotStateConflictError)).toBe(true);
  });

  it('of two claims of the same token exchange racing on a missing item, exactly one succeeds', async () => {
    const store = await fileStore();
    const claims = await Promise.allSettled([new BotStateStorage(store), new BotStateStorage(store), new BotStateStorage(store)].map((s) => s.write({ [EXCHANGE_CLAIM]: { eTag: 'exchange-1' } })));
    expect(claims.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('redacts each item before it is stored, on a copy', async () => {
    const store = new MemoryStateStore();
    const storage = new BotStateStorage(store, { redact: (_key, item) => ({ ...item, secret: undefined, seen: true }) });
    const item = { secret: 'do not keep', keep: 1 };
    await storage.write({ [CONVERSATION]: item });
    expect(item).toEqual({ secret: 'do not keep', keep: 1 });
    expect((await storage.read([CONVERSATION]))[CONVERSATION]).toEqual({ keep: 1, seen: true, eTag: expect.any(String) });
  });

  describe('expiry', () => {
    const HOUR = 60 * 60_000;
    let now: number;
    let store: MemoryStateStore;
    let storage: BotStateStorage;
    beforeEach(() => {
      now = Date.UTC(2025, 0, 1);
      store = new MemoryStateStore();
      storage = new BotStateStorage(store, { now: () => now });
    });

    it('an item last written more than an hour ago reads as missing; a write with its old eTag replaces it', async () => {
      await storage.write({ [CONVERSATION]: { v: 1 } });
      const read = (await storage.read([CONVERSATION]))[CONVERSATION];
      now += HOUR;
      expect(await storage.read([CONVERSATION])).toEqual({ [CONVERSATION]: read });
      now += 1;
      expect(await storage.read([CONVERSATION])).toEqual({});
      await storage.write({ [CONVERSATION]: { ...read, v: 2 } });
      expect((await storage.read([CONVERSATION]))[CONVERSATION]).toMatchObject({ v: 2 });
    });

    it('an expired token exchange claim can be claimed again (Teams would never resend it that late), even while a sweep deletes it', async () => {
      await storage.write({ [EXCHANGE_CLAIM]: { eTag: 'exchange-1' } });
      await storage.idle();
      now += HOUR + 1;
      const sweeping = storage.sweep();
      await expect(storage.write({ [EXCHANGE_CLAIM]: { eTag: 'exchange-1' } })).resolves.toBeUndefined();
      await sweeping;
      expect(await storage.read([EXCHANGE_CLAIM])).toEqual({ [EXCHANGE_CLAIM]: { eTag: expect.any(String) } });
    });

    it('a sweep deletes expired items only (one rewritten since is kept)', async () => {
      storage = new BotStateStorage(store, { now: () => now, sweepEveryMs: 10 * HOUR });
      await storage.write({ [EXCHANGE_CLAIM]: { eTag: 'exchange-1' }, [CONVERSATION]: { v: 1 } });
      await storage.idle();
      now += HOUR / 2;
      await storage.write({ [USER]: { u: 1 } });
      now += HOUR / 2 + 1;
      await storage.write({ [CONVERSATION]: { v: 2 } });
      expect(await storage.sweep()).toBe(1);
      expect((await store.list('teams-ai/')).sort()).toEqual([storage.storeKey(CONVERSATION), storage.storeKey(USER)].sort());
    });

    it('writes start a sweep in the background: at the first write, then at most once an hour', async () => {
      await storage.write({ [EXCHANGE_CLAIM]: { eTag: 'exchange-1' } }); // swept at once: nothing to delete
      await storage.idle();
      now += HOUR / 2;
      await storage.write({ [USER]: { u: 1 } });
      now += HOUR / 2 + 1;
      await storage.write({ [CONVERSATION]: { v: 1 } }); // an hour since the last sweep: the claim goes
      await storage.idle();
      expect((await store.list('teams-ai/')).sort()).toEqual([storage.storeKey(CONVERSATION), storage.storeKey(USER)].sort());
      now += HOUR / 2;
      await storage.write({ [CONVERSATION]: { v: 2 } }); // USER has expired, but the last sweep was half an hour ago
      await storage.idle();
      expect(await storage.read([USER])).toEqual({});
      expect(await store.list('teams-ai/')).toContain(storage.storeKey(USER));
      now += HOUR / 2;
      await storage.write({ [CONVERSATION]: { v: 3 } });
      await storage.idle();
      expect(await store.list('teams-ai/')).toEqual([storage.storeKey(CONVERSATION)]);
    });

    it('a failed sweep is reported and does not fail the write', async () => {
      const failing: StateStore = {
        get: <T>(key: string) => store.get<T>(key),
        put: (key, value, condition) => store.put(key, value, condition),
        delete: (key, condition) => store.delete(key, condition),
        list: async () => Promise.reject(new Error('list failed')),
        leases: store.leases,
        objects: store.objects,
        ready: async () => {},
        close: async () => {},
      };
      const errors: unknown[] = [];
      const withFailures = new BotStateStorage(failing, { now: () => now, onSweepError: (e) => errors.push(e) });
      await expect(withFailures.write({ [CONVERSATION]: { v: 1 } })).resolves.toBeUndefined();
      await withFailures.idle();
      expect(errors).toEqual([new Error('list failed')]);
    });
  });
});
