import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ApprovedSetRef } from '../core/closure.approval';
import { StateStore } from '../ports/state-store.port';
import { ApprovedUsers } from '../ports/user-deletion.port';

const setPrefix = (tenantId: string) => `tenants/${tenantId}/approved-user-sets/`;
const objectKey = (tenantId: string, setId: string) => `${setPrefix(tenantId)}${setId}.ids`;

/** Where sets were kept before they became objects: documents of at most 500 ids. Read (a job paused across the upgrade) and removed, never written. */
const legacyPrefix = (tenantId: string) => `tenants/${tenantId}/approved-users/`;
const legacyPartKey = (tenantId: string, setId: string, part: number) => `${legacyPrefix(tenantId)}${setId}/${String(part).padStart(6, '0')}`;

interface LegacyPart {
  setId: string;
  ids: string[];
}

/** A stored approved set that is missing, incomplete or not what the closure recorded: nothing may be deleted from it. */
export class ApprovedSetMismatchError extends Error {
  readonly code = 'ApprovedSetMismatch';
  constructor(
    readonly setId: string,
    reason: string,
  ) {
    super(`The approved list of users ${setId} ${reason}; nothing was deleted. Show the preview again and approve it.`);
    this.name = 'ApprovedSetMismatchError';
  }
}

/** Collects the ids of one preview as it is listed, page by page. */
export interface UserSetWriter {
  add(ids: readonly string[]): Promise<void>;
  /** Makes the whole set visible and answers what the closure records: the set's id, its digest and size. */
  commit(): Promise<ApprovedSetRef>;
  /** Drops what was written (a preview that failed): no set is left. */
  abort(): Promise<void>;
}

/**
 * The users an admin approved for deletion, exactly as the preview listed them, kept outside the
 * closure document (which holds only the set's id, digest and size, whatever the tenant's size):
 * the deletion job deletes these and nobody else, so a user created after the approval is never
 * deleted on it. One object per set in the state store's object store (ids only, no names: the
 * least personal data that does the job), one lower-case object id per line, written as the
 * preview lists its pages and made visible whole at the commit.
 *
 * @remarks The digest (SHA-256 over the ids in listed order, each followed by a line feed) is
 * checked on every load: an object that went missing, was cut short or changed makes the load
 * fail, never a smaller or different set.
 */
export class ApprovedUserSets {
  constructor(private readonly store: StateStore) {}

  /** Starts a set; a set of the same id left by an interrupted preview is replaced, and older sets of the tenant are removed. */
  async writer(tenantId: string, setId: string): Promise<UserSetWriter> {
    await this.removeAll(tenantId);
    const object = await this.store.objects.create(objectKey(tenantId, setId));
    const hash = createHash('sha256');
    let count = 0;
    return {
      add: async (ids) => {
        let lines = '';
        for (const id of ids) {
          const normalised = id.trim().toLowerCase();
          if (!normalised) continue;
          lines += `${normalised}\n`;
          count++;
        }
        if (!lines) return;
        hash.update(lines);
        await object.write(lines);
      },
      abort: () => object.abort(),
      commit: async () => {
        await object.commit();
        return { id: setId, digest: hash.digest('hex'), count };
      },
    };
  }

  /** The set as recorded, or ApprovedSetMismatchError when what is stored is not exactly it. */
  async load(tenantId: string, ref: ApprovedSetRef): Promise<ApprovedUsers> {
    const stored = await this.store.objects.open(objectKey(tenantId, ref.id));
    const ids = stored ? await readIds(stored.body) : await this.loadLegacy(tenantId, ref);
    const hash = createHash('sha256');
    for (const id of ids) hash.update(`${id}\n`);
    if (ids.length !== ref.count || hash.digest('hex') !== ref.digest) throw new ApprovedSetMismatchError(ref.id, 'is not the one that was approved');
    const set = new Set(ids);
    return { size: set.size, has: (userId) => set.has(userId.trim().toLowerCase()) };
  }

  /** Removes every approved set of the tenant (a new preview replaces them; a closure that ended needs none). */
  async removeAll(tenantId: string): Promise<void> {
    for (const key of await this.store.objects.list(setPrefix(tenantId))) await this.store.objects.delete(key);
    for (const key of await this.store.list(legacyPrefix(tenantId))) await this.store.delete(key);
  }

  /** A set stored as documents before sets became objects (a job paused across the upgrade). */
  private async loadLegacy(tenantId: string, ref: ApprovedSetRef): Promise<string[]> {
    const keys = await this.store.list(`${legacyPrefix(tenantId)}${ref.id}/`);
    if (keys.length === 0) throw new ApprovedSetMismatchError(ref.id, 'is not stored');
    const ids: string[] = [];
    for (const [index, key] of keys.entries()) {
      const part = key === legacyPartKey(tenantId, ref.id, index) ? await this.store.get<LegacyPart>(key) : undefined;
      if (!part || part.value.setId !== ref.id) throw new ApprovedSetMismatchError(ref.id, 'has a missing part');
      ids.push(...part.value.ids);
    }
    return ids;
  }
}

/** The object's ids, one per line (every line ends with a line feed; a last line without one was cut short and still counts, so the digest refuses it). */
async function readIds(body: Readable): Promise<string[]> {
  let text = '';
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
