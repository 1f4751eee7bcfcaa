import { createHash } from 'node:crypto';
import type { ApprovedSetRef } from '../core/closure.approval';
import { StateStore } from '../ports/state-store.port';
import { ApprovedUsers } from '../ports/user-deletion.port';

/** Ids per stored part: about 20 KB of JSON, under the 32 KB every document of the state store keeps to. */
const PART_SIZE = 500;

const setPrefix = (tenantId: string) => `tenants/${tenantId}/approved-users/`;
const partKey = (tenantId: string, setId: string, part: number) => `${setPrefix(tenantId)}${setId}/${String(part).padStart(6, '0')}`;

interface StoredPart {
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
  /** Stores the last part and answers what the closure records: the set's id, its digest and size. */
  commit(): Promise<ApprovedSetRef>;
}

/**
 * The users an admin approved for deletion, exactly as the preview listed them, kept outside the
 * closure document (which holds only the set's id, digest and size, whatever the tenant's size):
 * the deletion job deletes these and nobody else, so a user created after the approval is never
 * deleted on it. Stored as parts of at most PART_SIZE object ids (ids only, no names: the least
 * personal data that does the job) under `tenants/{t}/approved-users/{setId}/`.
 *
 * @remarks The digest (SHA-256 over the ids in listed order) is checked on every load: a part that
 * went missing or changed makes the load fail, never a smaller or different set.
 */
export class ApprovedUserSets {
  constructor(private readonly store: StateStore) {}

  /** Starts a set; a set of the same id left by an interrupted preview is replaced, and older sets of the tenant are removed. */
  async writer(tenantId: string, setId: string): Promise<UserSetWriter> {
    await this.removeAll(tenantId);
    const hash = createHash('sha256');
    let pending: string[] = [];
    let part = 0;
    let count = 0;
    const flush = async () => {
      const result = await this.store.put<StoredPart>(partKey(tenantId, setId, part), { setId, ids: pending });
      if (!result.ok) throw new Error(`Could not store part ${part} of the approved users ${setId}`);
      part++;
      pending = [];
    };
    return {
      add: async (ids) => {
        for (const id of ids) {
          const normalised = id.trim().toLowerCase();
          if (!normalised) continue;
          hash.update(`${normalised}\n`);
          pending.push(normalised);
          count++;
          if (pending.length >= PART_SIZE) await flush();
        }
      },
      commit: async () => {
        if (pending.length > 0 || part === 0) await flush();
        return { id: setId, digest: hash.digest('hex'), count };
      },
    };
  }

  /** The set as recorded, or ApprovedSetMismatchError when what is stored is not exactly it. */
  async load(tenantId: string, ref: ApprovedSetRef): Promise<ApprovedUsers> {
    const keys = await this.store.list(`${setPrefix(tenantId)}${ref.id}/`);
    const hash = createHash('sha256');
    const ids = new Set<string>();
    let listed = 0;
    for (const [index, key] of keys.entries()) {
      if (key !== partKey(tenantId, ref.id, index)) throw new ApprovedSetMismatchError(ref.id, 'has a missing part');
      const part = await this.store.get<StoredPart>(key);
      if (!part || part.value.setId !== ref.id) throw new ApprovedSetMismatchError(ref.id, 'has a missing part');
      for (const id of part.value.ids) {
        hash.update(`${id}\n`);
        ids.add(id);
        listed++;
      }
    }
    if (keys.length === 0) throw new ApprovedSetMismatchError(ref.id, 'is not stored');
    if (listed !== ref.count || hash.digest('hex') !== ref.digest) throw new ApprovedSetMismatchError(ref.id, 'is not the one that was approved');
    return { size: ids.size, has: (userId) => ids.has(userId.trim().toLowerCase()) };
  }

  /** Removes every approved set of the tenant (a new preview replaces them; a closure that ended needs none). */
  async removeAll(tenantId: string): Promise<void> {
    for (const key of await this.store.list(setPrefix(tenantId))) await this.store.delete(key);
  }
}
