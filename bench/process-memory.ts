// A child process's memory as Linux reports it in /proc/PID/status; null where it does not.
import { readFileSync } from 'node:fs';

/** `VmRSS` (resident now) or `VmHWM` (the highest resident size it reached), in MB. */
export function residentMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
