import { closeSync, fsync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const fsyncAsync = promisify(fsync);
import { dirname } from 'node:path';

/**
 * Replaces `target` with `data` so that, whatever happens (kill -9, power loss), `target` holds either
 * the old or the new content, never a mix and never an empty file.
 *
 * @remarks The classic sequence: write a temporary file in the same directory, fsync it (the bytes are on
 * disk before the name points at them), rename over the target (atomic within one file system), then
 * fsync the directory (the rename itself is on disk before we report success).
 */
export async function replaceFileDurably(target: string, tempPath: string, data: string): Promise<void> {
  // The cheap metadata calls are synchronous: a dozen await points each queue behind every other task
  // when the event loop is busy (measured under load: a write took over a second that way). The two
  // fsyncs stay on the thread pool: a disk that stalls now and then must not freeze the process.
  const fd = openSync(tempPath, 'wx');
  try {
    writeSync(fd, data, null, 'utf8');
    await fsyncAsync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkIfPresentSync(tempPath);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(tempPath, target);
  } catch (error) {
    unlinkIfPresentSync(tempPath);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Removes `target` and makes the removal durable. */
export async function removeFileDurably(target: string): Promise<void> {
  unlinkIfPresentSync(target);
  await syncDirectory(dirname(target));
}

/** fsync of a directory makes renames and unlinks in it durable (POSIX; Windows cannot open directories). */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    closeSync(fd);
  }
}

export function unlinkIfPresentSync(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
