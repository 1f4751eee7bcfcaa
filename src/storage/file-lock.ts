import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, linkSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { unlinkIfPresentSync } from './durable-file';
import { systemClock } from '../time/clock';

export interface FileLockOptions {
  /** A lock older than this is presumed abandoned even if its process seems alive (pid reuse). */
  staleMs: number;
  /** Give up waiting for a live holder after this long (longer than staleMs, so waiters recover). */
  timeoutMs: number;
  /** The jitter of the waits between tries, in [0, 1) (Math.random by default; tests may fix it). */
  random?: () => number;
}

export const DEFAULT_FILE_LOCK_OPTIONS: FileLockOptions = { staleMs: 30_000, timeoutMs: 45_000 };

/**
 * Runs `work` while holding an exclusive lock shared by every process on this machine: the lock is a
 * file created atomically with its content (a hard link, which like O_CREAT|O_EXCL succeeds for exactly
 * one caller).
 *
 * @remarks
 * Why a lock file and not something else: Node has no flock/fcntl without a native addon, and O_EXCL
 * creation is atomic on every local file system (git's `index.lock` and npm's `lockfile` package rely on
 * it). The lock guards only a few milliseconds (read, write temp, fsync, rename).
 *
 * Stale-lock recovery, for a holder killed with SIGKILL: the lock records pid, host and a token. It is
 * stale when its pid no longer runs on this host (exact, immediate), or when it is older than `staleMs`
 * (covers pid reuse and a lock left half-written). Breaking is itself serialised by a second O_EXCL file
 * (`<lock>.break`), and the breaker unlinks the lock only if it is still the very file it judged
 * stale (same inode, mtime and content). That closes the race where two waiters both see the same
 * stale lock and the slower one deletes the fresh lock the faster one just took.
 *
 * What it does not cover: a holder that is alive but frozen longer than `staleMs` (SIGSTOP, a debugger)
 * can lose its lock while it still works, as with any lease without fencing. Nor network file systems
 * shared by several machines: the pid check is per host and O_EXCL is unreliable on old NFS; use the
 * Azure Blob store for several machines.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options = DEFAULT_FILE_LOCK_OPTIONS): Promise<T> {
  const token = await acquireFileLock(lockPath, options);
  try {
    return await work();
  } finally {
    await releaseFileLock(lockPath, token);
  }
}

interface LockHolder {
  /** inode, mtime and content: a different file under the same name never has all three equal. */
  identity: string;
  raw: string;
  stale: boolean;
}

const HOST = hostname();

async function acquireFileLock(lockPath: string, options: FileLockOptions): Promise<string> {
  const token = randomUUID();
  const content = JSON.stringify({ pid: process.pid, host: HOST, token, at: new Date(systemClock.now()).toISOString() });
  const deadline = systemClock.now() + options.timeoutMs;
  for (let round = 0; ; round++) {
    if (tryCreate(lockPath, content)) return token;
    const holder = inspectLock(lockPath, options);
    if (holder === undefined) continue; // released between our attempt and our look: try again at once
    if (holder.stale) {
      // Another process may be breaking it right now: yield a moment instead of spinning.
      if (!breakStaleLock(lockPath, holder, options)) await systemClock.sleep(1);
      continue;
    }
    if (systemClock.now() > deadline) {
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for lock ${lockPath} held by ${holder.raw || 'an unknown process'}`);
    }
    await systemClock.sleep(backoffMs(round, options.random ?? Math.random));
  }
}

async function releaseFileLock(lockPath: string, token: string): Promise<void> {
  // Only remove our own lock: if it was broken as stale while we were frozen, the file is now someone else's.
  let raw = '';
  try {
    raw = readFileSync(lockPath, 'utf8');
  } catch {
    return;
  }
  if (parseHolder(raw)?.token === token) unlinkIfPresentSync(lockPath);
}

/**
 * Creates `path` with `content` in one step, or answers false if it exists: the content is written to
 * a private temp file first, then hard-linked to the lock name (link fails with EEXIST just like
 * O_EXCL). A holder killed at any moment therefore never leaves a lock without its pid in it, which
 * would otherwise wait out `staleMs` before anyone could break it.
 */
function tryCreate(path: string, content: string): boolean {
  // Synchronous like durable-file.ts: sub-millisecond on a local disk, and no await points to queue behind.
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkIfPresentSync(temp);
  }
}

function inspectLock(lockPath: string, options: FileLockOptions): LockHolder | undefined {
  let fd: number;
  try {
    fd = openSync(lockPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // stat and read through one descriptor, so identity and content describe the same file even if
    // the name is replaced meanwhile (inodes are reused at once on most file systems).
    const info = fstatSync(fd);
    const raw = readFileSync(fd, 'utf8');
    const holder = parseHolder(raw);
    const tooOld = systemClock.now() - info.mtimeMs > options.staleMs;
    // Locks are created whole (see tryCreate); an unparsable one can only be left by an older version.
    const dead = holder !== undefined && holder.host === HOST && !isProcessAlive(holder.pid);
    return { identity: `${info.ino}:${info.mtimeMs}:${raw}`, raw, stale: tooOld || dead };
  } finally {
    closeSync(fd);
  }
}

/** False when another process holds the break file (it is breaking the lock now). */
function breakStaleLock(lockPath: string, judged: LockHolder, options: FileLockOptions): boolean {
  const breakPath = `${lockPath}.break`;
  if (!tryCreate(breakPath, String(process.pid))) {
    // Someone else is breaking it. Their break file is only left behind if they died within these few lines.
    let mtimeMs: number | undefined;
    try {
      mtimeMs = statSync(breakPath).mtimeMs;
    } catch {
      mtimeMs = undefined;
    }
    if (mtimeMs !== undefined && systemClock.now() - mtimeMs > options.staleMs) unlinkIfPresentSync(breakPath);
    return false;
  }
  try {
    const now = inspectLock(lockPath, options);
    if (now && now.identity === judged.identity) unlinkIfPresentSync(lockPath);
  } finally {
    unlinkIfPresentSync(breakPath);
  }
  return true;
}

function parseHolder(raw: string): { pid: number; host: string; token: string } | undefined {
  try {
    const parsed = JSON.parse(raw) as { pid?: unknown; host?: unknown; token?: unknown };
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') {
      return { pid: parsed.pid, host: parsed.host, token: parsed.token };
    }
  } catch {
    // half-written: treated as held until it is older than staleMs
  }
  return undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** 1, 2, 4 … up to 32 ms, with jitter so that waiting processes do not retry in lockstep. */
function backoffMs(round: number, random: () => number): number {
  return Math.min(32, 2 ** Math.min(round, 5)) * (0.5 + random());
}
