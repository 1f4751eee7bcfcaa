import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who a process is, precisely enough for another process on the same machine to tell later whether it
 * still runs: host, boot, PID namespace, pid, and the pid's start time (so a reused pid is not it).
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Linux: /proc/sys/kernel/random/boot_id, new at every boot. */
  bootId?: string;
  /** Linux: the PID namespace (a container has its own; pids mean nothing outside it). */
  pidNamespace?: string;
  /** Linux: the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  startTicks?: string;
}

export function thisProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, bootId: bootId(), pidNamespace: pidNamespace(), startTicks: startTicksOf(process.pid) };
}

/**
 * True only when the process is certainly gone: same host, boot and PID namespace, and no process with
 * that pid and start time runs (or the machine has rebooted since). Anything we cannot see from here
 * (another host, another container, missing facts) counts as alive.
 */
export function isCertainlyGone(holder: ProcessIdentity, self: ProcessIdentity = thisProcess()): boolean {
  if (holder.host !== self.host) return false;
  if (holder.bootId && self.bootId) {
    if (holder.bootId !== self.bootId) return true;
  } else if (holder.bootId || self.bootId) return false;
  if (holder.pidNamespace !== self.pidNamespace) return false;
  if (holder.pid === self.pid && holder.startTicks === self.startTicks) return false; // that is us
  if (self.startTicks !== undefined) {
    // Linux: /proc says exactly whether that process (pid and start time) still runs.
    const now = statOf(holder.pid);
    if (!now || now.state === 'Z' || now.state === 'X') return true; // none, or killed and not yet reaped
    return holder.startTicks !== undefined && now.startTicks !== holder.startTicks;
  }
  try {
    process.kill(holder.pid, 0);
    return false; // something runs with that pid: perhaps it, perhaps a reuse; we cannot tell
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function pidNamespace(): string | undefined {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
}

function startTicksOf(pid: number): string | undefined {
  return statOf(pid)?.startTicks;
}

function statOf(pid: number): { state: string; startTicks: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], startTicks: fields[19] }; // fields 3 and 22 overall
  } catch {
    return undefined;
  }
}
