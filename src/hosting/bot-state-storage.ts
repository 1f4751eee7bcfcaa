import { createHash } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { StateStore, Versioned, WriteCondition } from '../ports/state-store.port';
import { Clock, systemClock } from '../time/clock';

/** What one botbuilder item becomes in the state store. */
interface StoredBotItem {
  /** The botbuilder key, kept for whoever reads the store (the store key is its hash). */
  key: string;
  /** Epoch milliseconds of the write; items older than `maxAgeMs` are gone (see BotStateStorage). */
  savedAt: number;
  /** The item without its `eTag` (the store's etag is the item's eTag). */
  item: Record<string, unknown>;
}

export interface BotStateStorageOptions {
  /** First segment of every key this storage writes (default `teams-ai`). */
  prefix?: string;
  /** How long an item lives after its last write (default 1 hour). */
  maxAgeMs?: number;
  /** How often, at most, a write starts a sweep of expired items (default 1 hour). */
  sweepEveryMs?: number;
  now?: Clock['now'];
  /** Drops from an item what must not be stored; gets a copy it may change. Runs on every write. */
  redact?: (key: string, item: Record<string, unknown>) => Record<string, unknown>;
  /** A background sweep failed (it is retried at the next due write). */
  onSweepError?: (error: unknown) => void;
}

export const BOT_STATE_PREFIX = 'teams-ai';
export const BOT_STATE_MAX_AGE_MS = 60 * 60_000;

/**
 * The eTag of a write did not match the stored item. Its message has the words botbuilder looks for
 * ("eTag conflict", as MemoryStorage says it): TeamsSSOTokenExchangeMiddleware tells a duplicate
 * token exchange by them.
 */
export class BotStateConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'BotStateConflictError';
  }
}

/**
 * botbuilder's `Storage` over our StateStore, so what Teams AI keeps (its pending sign-ins) is shared
 * by every instance and survives a restart, in whichever store the bot uses (memory, file, Azure Blob).
 *
 * @remarks
 * - Keys: botbuilder's keys (`msteams/28:…/conversations/a:1…`) may hold any character and any length,
 *   so each is stored under `<prefix>/<sha256 hex of the key>`: always a valid key for every store
 *   (state-key.ts), never too long for a file name, the same on a case-insensitive file system.
 *   The document keeps the botbuilder key in `key`.
 * - eTags, as botbuilder defines them: an item's `eTag` is the store's etag; a write with eTag `*` or
 *   none overwrites; with any other, it succeeds only if the stored item still has that etag, or if
 *   nothing is stored (as MemoryStorage does: the token exchange middleware writes `{ eTag: <exchange id> }`
 *   to claim an exchange once, and only a second claim must fail). A failed write throws
 *   BotStateConflictError. A write of several items is not atomic (nor is MemoryStorage's).
 * - Expiry: an item last written more than `maxAgeMs` ago reads as missing, and a sweep (started by a
 *   write, at most every `sweepEveryMs`, in the background) deletes those, so items nobody reads again
 *   (the token exchange middleware's claims, sign-ins never finished) do not pile up.
 */
export class BotStateStorage implements Storage {
  private readonly prefix: string;
  private readonly maxAgeMs: number;
  private readonly sweepEveryMs: number;
  private readonly now: Clock['now'];
  private lastSweepAt?: number;
  private sweeping?: Promise<void>;

  constructor(
    private readonly store: StateStore,
    private readonly options: BotStateStorageOptions = {},
  ) {
    this.prefix = options.prefix ?? BOT_STATE_PREFIX;
    this.maxAgeMs = options.maxAgeMs ?? BOT_STATE_MAX_AGE_MS;
    this.sweepEveryMs = options.sweepEveryMs ?? BOT_STATE_MAX_AGE_MS;
    this.now = options.now ?? systemClock.now;
  }

  /** The state store key of a botbuilder key. */
  storeKey(key: string): string {
    return `${this.prefix}/${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const stored = this.live(await this.store.get<StoredBotItem>(this.storeKey(key)));
        if (stored) items[key] = { ...stored.value.item, eTag: stored.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item as StoreItem)));
    this.sweepIfDue();
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await Promise.all(keys.map((key) => this.store.delete(this.storeKey(key))));
  }

  /** Deletes every expired item (unless rewritten meanwhile); answers how many. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const storeKey of await this.store.list(`${this.prefix}/`)) {
      const stored = await this.store.get<StoredBotItem>(storeKey);
      if (stored && !this.live(stored) && (await this.store.delete(storeKey, { ifMatch: stored.etag })).ok) deleted++;
    }
    return deleted;
  }

  /** Resolves once a sweep in progress (if any) is over. */
  async idle(): Promise<void> {
    await this.sweeping;
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...rest } = item ?? {};
    const copy = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
    const document: StoredBotItem = { key, savedAt: this.now(), item: this.options.redact ? this.options.redact(key, copy) : copy };
    const storeKey = this.storeKey(key);
    if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
      if (!(await this.store.put(storeKey, document)).ok) throw new BotStateConflictError(key);
      return;
    }
    // An item that is missing or expired is replaced whatever the eTag; if it changes between the
    // read and the write (created by another claim, or deleted by a sweep), look again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.store.get<StoredBotItem>(storeKey);
      const replacing = current === undefined || !this.live(current);
      if (!replacing && current.etag !== eTag) break;
      const condition: WriteCondition = current === undefined ? { ifNoneMatch: '*' } : { ifMatch: current.etag };
      if ((await this.store.put(storeKey, document, condition)).ok) return;
      if (!replacing) break;
    }
    throw new BotStateConflictError(key);
  }

  /** The stored document, unless it expired (or is not one of ours). */
  private live(stored: Versioned<StoredBotItem> | undefined): Versioned<StoredBotItem> | undefined {
    const value = stored?.value;
    if (!value || typeof value.savedAt !== 'number' || typeof value.item !== 'object' || value.item === null) return undefined;
    return this.now() - value.savedAt > this.maxAgeMs ? undefined : stored;
  }

  private sweepIfDue(): void {
    const now = this.now();
    if (this.sweeping || (this.lastSweepAt !== undefined && now - this.lastSweepAt < this.sweepEveryMs)) return;
    this.lastSweepAt = now;
    this.sweeping = this.sweep()
      .then(
        () => undefined,
        (error: unknown) => this.options.onSweepError?.(error),
      )
      .finally(() => {
        this.sweeping = undefined;
      });
  }
}
