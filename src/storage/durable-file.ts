import { open, rename, unlink } from 'node:fs/promises';
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
  const handle = await open(tempPath, 'wx');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlinkIfPresent(tempPath);
    throw error;
  }
  await handle.close();
  try {
    await rename(tempPath, target);
  } catch (error) {
    await unlinkIfPresent(tempPath);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Removes `target` and makes the removal durable. */
export async function removeFileDurably(target: string): Promise<void> {
  await unlinkIfPresent(target);
  await syncDirectory(dirname(target));
}

/** fsync of a directory makes renames and unlinks in it durable (POSIX; Windows cannot open directories). */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
