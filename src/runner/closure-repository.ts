import { AuditEntry, AuditRecord, canonicalJson, chain } from '../audit/audit-chain';
import { ClosureState } from '../core/closure.state';
import { NotificationTarget } from '../ports/notifier.port';
import { StateStore, Versioned } from '../ports/state-store.port';

/** Where an admin of the tenant is reached, and the card to update in place. */
export interface Contact {
  aadObjectId: string;
  name: string;
  target: NotificationTarget;
  /** The message holding this admin's live closure card, updated as background work progresses. */
  liveCardId?: string;
}

export interface AuditLog {
  tenantId: string;
  closureId: string;
  entries: AuditEntry[];
}

/**
 * The closure as stored: the state plus the audit records of the decision that produced it (an
 * outbox). They are written in the same document, atomically, so an accepted approval is never
 * lost between the closure write and the audit write (a crash or a failed store write in
 * between); whoever loads the closure next appends them to the log if they are not there yet.
 */
type StoredClosure = ClosureState & { pendingAudit?: AuditRecord[] };

export type LoadedClosure = Versioned<ClosureState> & { pendingAudit?: AuditRecord[] };

const closureKey = (tenantId: string) => `tenants/${tenantId}/closure`;
const contactKey = (tenantId: string, aadObjectId: string) => `tenants/${tenantId}/contacts/${aadObjectId}`;
const auditKey = (tenantId: string, closureId: string) => `tenants/${tenantId}/audit/${closureId}`;

/**
 * Per-tenant documents in the state store: the closure itself (one per tenant, bounded in size),
 * the admins' conversation references, and the audit log (one document per closure, hash-chained).
 * Every write is conditional on the eTag read, so concurrent writers never lose an update.
 */
export class ClosureRepository {
  constructor(private readonly store: StateStore) {}

  async load(tenantId: string): Promise<LoadedClosure | undefined> {
    const stored = await this.store.get<StoredClosure>(closureKey(tenantId));
    if (!stored) return undefined;
    const { pendingAudit, ...value } = stored.value;
    return { value, etag: stored.etag, ...(pendingAudit?.length ? { pendingAudit } : {}) };
  }

  /**
   * Undefined when someone else wrote first (reload and decide again). `pendingAudit` is the
   * decision's audit outbox, stored with the state (see StoredClosure).
   */
  async save(tenantId: string, state: ClosureState, etag: string | undefined, pendingAudit: AuditRecord[] = []): Promise<string | undefined> {
    const document: StoredClosure = pendingAudit.length ? { ...state, pendingAudit } : state;
    const result = await this.store.put(closureKey(tenantId), document, etag ? { ifMatch: etag } : { ifNoneMatch: '*' });
    return result.ok ? result.etag : undefined;
  }

  /** Tenants that have a closure document (startup recovery). */
  async tenantsWithClosures(): Promise<string[]> {
    const keys = await this.store.list('tenants/');
    return keys.filter((k) => k.endsWith('/closure')).map((k) => k.split('/')[1]);
  }

  async saveContact(tenantId: string, contact: Omit<Contact, 'liveCardId'>, liveCardId?: string): Promise<void> {
    await this.updateDocument<Contact>(contactKey(tenantId, contact.aadObjectId), (current) => {
      const same = current !== undefined && sameConversation(current.target.conversation, contact.target.conversation);
      // Every message of an admin keeps their reference: written only when it says something new.
      if (same && current.name === contact.name && current.target.locale === contact.target.locale && (liveCardId ?? current.liveCardId) === current.liveCardId) return current;
      // A card lives in one conversation: written from another chat, the old card id names nothing there.
      return { ...contact, liveCardId: liveCardId ?? (same ? current.liveCardId : undefined) };
    });
  }

  /** Every admin of the tenant the bot can reach (who installed it or wrote to it). */
  async contacts(tenantId: string): Promise<Contact[]> {
    const keys = await this.store.list(`tenants/${tenantId}/contacts/`);
    const found = await Promise.all(keys.map(async (key) => (await this.store.get<Contact>(key))?.value));
    return found.filter((c): c is Contact => c !== undefined);
  }

  async contact(tenantId: string, aadObjectId: string): Promise<Contact | undefined> {
    return (await this.store.get<Contact>(contactKey(tenantId, aadObjectId)))?.value;
  }

  async appendAudit(tenantId: string, closureId: string, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.updateDocument<AuditLog>(auditKey(tenantId, closureId), (current) => {
      const entries = current?.entries ?? [];
      return { tenantId, closureId, entries: [...entries, ...chain(entries[entries.length - 1], records)] };
    });
  }

  /** Appends the records the log does not hold yet (same content): replaying an outbox adds nothing twice. */
  async appendAuditOnce(tenantId: string, closureId: string, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.updateDocument<AuditLog>(auditKey(tenantId, closureId), (current) => {
      const entries = current?.entries ?? [];
      const recent = new Set(entries.slice(-(records.length + 20)).map(({ seq: _s, prevHash: _p, hash: _h, ...record }) => canonicalJson(record)));
      const fresh = records.filter((r) => !recent.has(canonicalJson(r)));
      if (current && fresh.length === 0) return current;
      return { tenantId, closureId, entries: [...entries, ...chain(entries[entries.length - 1], fresh)] };
    });
  }

  async audit(tenantId: string, closureId: string): Promise<AuditLog | undefined> {
    return (await this.store.get<AuditLog>(auditKey(tenantId, closureId)))?.value;
  }

  /** Read-modify-write with the eTag, retried on conflict. */
  private async updateDocument<T>(key: string, change: (current: T | undefined) => T): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.store.get<T>(key);
      const next = change(current?.value);
      if (current && next === current.value) return;
      const result = await this.store.put(key, next, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      if (result.ok) return;
    }
    throw new Error(`Could not update ${key}: too many concurrent writers`);
  }
}

/** Two stored references name the same conversation (a reference also names the activity it came from: that differs every turn). */
function sameConversation(a: unknown, b: unknown): boolean {
  const withoutActivity = (reference: unknown) => (reference && typeof reference === 'object' ? canonicalJson({ ...(reference as Record<string, unknown>), activityId: undefined }) : canonicalJson(reference));
  return withoutActivity(a) === withoutActivity(b);
}
