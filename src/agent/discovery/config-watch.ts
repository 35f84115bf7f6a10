// Noticing that a client config changed: the files the last discovery looked at are compared by
// stat on every poll (the same poll the daemon uses for the agent hooks); any difference — a file
// appearing, going, being rewritten — runs discovery again.
import { statSync } from 'node:fs';
import { discover } from './discover.js';
import type { ClientEnv } from '../wrap/clients.js';
import type { DiscoveryReport } from './types.js';

export interface ConfigWatchOptions {
  readonly env: ClientEnv;
  readonly pollMs?: number;
  readonly onReport: (report: DiscoveryReport) => void;
  readonly onError: (error: unknown) => void;
}

export interface ConfigWatch {
  /** Runs discovery now, whatever the files say. */
  check(): void;
  close(): void;
}

const stamp = (file: string): string => {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
};

export const filesSignature = (files: readonly string[]): string => files.map((f) => `${f}=${stamp(f)}`).join('\n');

export function watchConfigs(o: ConfigWatchOptions): ConfigWatch {
  let files: readonly string[] = [];
  let last: string | null = null;
  const run = (force: boolean): void => {
    try {
      if (!force && last !== null && filesSignature(files) === last) return;
      // Taken before reading, so a write during discovery is seen at the next poll.
      const before = filesSignature(files);
      const report = discover(o.env);
      last = report.files.join('\n') === files.join('\n') ? before : filesSignature(report.files);
      files = report.files;
      o.onReport(report);
    } catch (error) {
      o.onError(error);
    }
  };
  const timer = setInterval(() => run(false), o.pollMs ?? 1_000);
  timer.unref();
  return { check: () => run(true), close: () => clearInterval(timer) };
}
