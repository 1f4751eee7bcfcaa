import { randomBytes } from 'node:crypto';
import { BackupFile, BackupFiles } from '../ports/backup-files.port';
import { StateStore } from '../ports/state-store.port';
import { backupKey, BackupFormat, backupObjectKey, BackupRecord } from '../ports/backup-record';
import { SignedLinks } from './signed-link';
import { Clock, systemClock } from '../time/clock';

const KEY_DOCUMENT = 'system/backup-link-key';
const LINK_LIFETIME_MS = 15 * 60_000;

/**
 * Serves backup exports behind signed, expiring links, and only so: the files are streamed from the
 * store to the response, never read whole. The signing key is made once and kept in the state store,
 * so every instance sharing the store accepts the same links.
 */
export class BackupDownloads implements BackupFiles {
  private constructor(
    private readonly store: StateStore,
    private readonly links: SignedLinks,
    private readonly now: Clock['now'],
  ) {}

  static async create(store: StateStore, publicBaseUrl: string, now: Clock['now'] = systemClock.now): Promise<BackupDownloads> {
    let key = (await store.get<{ key: string }>(KEY_DOCUMENT))?.value.key;
    if (!key) {
      // Another instance may create it at the same moment: the conditional write lets one win, and all read that one.
      await store.put(KEY_DOCUMENT, { key: randomBytes(32).toString('base64') }, { ifNoneMatch: '*' });
      key = (await store.get<{ key: string }>(KEY_DOCUMENT))?.value.key;
    }
    if (!key) throw new Error('The backup link key could not be created');
    return new BackupDownloads(store, new SignedLinks(Buffer.from(key, 'base64'), publicBaseUrl.replace(/\/+$/, '')), now);
  }

  /** Links for an export; to be made only for a Global Administrator verified on this very turn. */
  linksFor(tenantId: string, backupId: string): { json: string; csv: string } {
    const expires = this.now() + LINK_LIFETIME_MS;
    return { json: this.links.make(tenantId, backupId, 'json', expires), csv: this.links.make(tenantId, backupId, 'csv', expires) };
  }

  /** The file for a request path and query (see BackupFiles.fetch). */
  async fetch(path: string, query: { exp?: string; sig?: string }): Promise<BackupFile | { ok: false; status: 403 | 404 }> {
    const match = /^\/backups\/([0-9a-f-]{36})\/([A-Za-z0-9_.-]{1,80})\.(json|csv)$/.exec(path);
    if (!match) return { ok: false, status: 404 };
    if (!this.links.verify(path, query.exp, query.sig, this.now())) return { ok: false, status: 403 };
    const [, tenantId, backupId, extension] = match;
    const format = extension as BackupFormat;
    const record = (await this.store.get<BackupRecord>(backupKey(tenantId, backupId)))?.value;
    if (!record || record.tenantId !== tenantId || record.status !== 'complete' || record.deleting) return { ok: false, status: 404 };
    const file = await this.store.objects.open(backupObjectKey(tenantId, backupId, format));
    if (!file) return { ok: false, status: 404 };
    return {
      ok: true,
      body: file.body,
      bytes: file.bytes,
      contentType: format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      fileName: `backup-${backupId}.${format}`,
    };
  }
}
