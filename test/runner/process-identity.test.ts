import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isCertainlyGone, ProcessIdentity, thisProcess } from '../../src/runner/process-identity';

/**
 * Whether the process that claimed an instance id is certainly gone: only a process we can see (same
 * host, boot, PID namespace) whose pid no longer runs, or runs a different process (reused pid).
 * Anything else counts as alive, so a twin is never taken for a dead predecessor.
 */
const linux = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

describe('isCertainlyGone', () => {
  const self = thisProcess();

  async function child(): Promise<{ identity: ProcessIdentity; kill(): Promise<void> }> {
    const proc = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => proc.once('spawn', r));
    const stat = linux ? readFileSync(`/proc/${proc.pid}/stat`, 'utf8') : '';
    const startTicks = linux ? stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] : undefined;
    return {
      identity: { ...self, pid: proc.pid!, startTicks },
      kill: () =>
        new Promise<void>((resolve) => {
          proc.once('exit', () => resolve());
          proc.kill('SIGKILL');
        }),
    };
  }

  it('is false for a live process, true once it was killed', async () => {
    const other = await child();
    expect(isCertainlyGone(other.identity, self)).toBe(false);
    await other.kill();
    expect(isCertainlyGone(other.identity, self)).toBe(true);
  });

  it('is false for this very process', () => {
    expect(isCertainlyGone(self, self)).toBe(false);
  });

  (linux ? it : it.skip)('is true for a reused pid (same pid, another start time)', () => {
    expect(isCertainlyGone({ ...self, startTicks: String(Number(self.startTicks) - 1) }, self)).toBe(true);
  });

  it('is false for what cannot be seen from here: another host, another container, another kind of record', async () => {
    const other = await child();
    await other.kill();
    expect(isCertainlyGone({ ...other.identity, host: 'another-host' }, self)).toBe(false);
    if (linux) {
      expect(isCertainlyGone({ ...other.identity, pidNamespace: 'pid:[1]' }, self)).toBe(false);
      expect(isCertainlyGone({ ...other.identity, bootId: undefined }, self)).toBe(false);
    }
  });

  (linux ? it : it.skip)('is true for any process of an earlier boot of this host', () => {
    expect(isCertainlyGone({ ...self, bootId: 'an-earlier-boot' }, self)).toBe(true);
  });
});
