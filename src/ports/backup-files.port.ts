import type { Readable } from 'node:stream';

/** A backup export's file, as a stream the caller must read or destroy. */
export type BackupFile = { ok: true; body: Readable; bytes: number; contentType: string; fileName: string };

/**
 * Backup exports, served behind signed, expiring links (the backup adapter implements it): the HTTP
 * server hands over a request's path and query and streams what comes back.
 */
export interface BackupFiles {
  /**
   * The file for a request path and query, or a reason to refuse (never says which part was wrong).
   * An export still being written, or being deleted, is not there.
   */
  fetch(path: string, query: { exp?: string; sig?: string }): Promise<BackupFile | { ok: false; status: 403 | 404 }>;
}
