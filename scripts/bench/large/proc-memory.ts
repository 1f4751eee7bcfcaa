import { readFileSync } from 'node:fs';

/**
 * A process's memory as Linux reports it (/proc/<pid>/status): resident set now (VmRSS) and its
 * peak over the process's life (VmHWM), in MB. Linux only; elsewhere both are undefined.
 */
export function processMemory(pid: number): { rssMb?: number; peakRssMb?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : undefined;
    };
    return { rssMb: kb('VmRSS'), peakRssMb: kb('VmHWM') };
  } catch {
    return {};
  }
}

/** Samples a process's resident set every `everyMs` until stopped; answers the largest and the first sample. */
export function sampleRss(pid: number, everyMs: number): { stop(): { firstMb?: number; maxMb?: number; samples: number } } {
  let firstMb: number | undefined;
  let maxMb: number | undefined;
  let samples = 0;
  const take = () => {
    const { rssMb } = processMemory(pid);
    if (rssMb === undefined) return;
    firstMb ??= rssMb;
    maxMb = Math.max(maxMb ?? 0, rssMb);
    samples++;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { firstMb, maxMb, samples };
    },
  };
}
