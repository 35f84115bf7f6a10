// Watches the agent configs install recorded: when one of them (or the record) changes, the hooks
// are checked and restored, and each check that is not ok is reported once per state of the file.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readRecord, RECORD_FILE } from '../install/install-record.js';
import { guardHooks, type GuardOptions, type HookCheck } from './hook-guard.js';

export interface HookWatchOptions {
  readonly pollMs?: number;
  /** Fresh options for each check (the policy's mode may have changed). */
  readonly options: () => GuardOptions;
  readonly onCheck: (check: HookCheck) => void;
  readonly onError: (error: unknown) => void;
}

const stamp = (file: string): string => {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
};

export function watchHooks(o: HookWatchOptions): { check(): void; close(): void } {
  let last = '';
  const reported = new Map<string, string>();
  const signature = (): string => {
    const home = o.options().wardenHome;
    const record = readRecord(home);
    const files = record.kind === 'ok' ? record.record.agents.map((a) => a.file) : [];
    return [join(home, RECORD_FILE), ...files].map((f) => `${f}=${stamp(f)}`).join('|');
  };
  const check = (force = false): void => {
    try {
      const now = signature();
      if (!force && now === last) return;
      const checks = guardHooks({ ...o.options(), now: new Date() });
      last = signature();
      for (const c of checks) {
        const key = `${c.agent}\u0000${c.file}`;
        const state = `${c.status}:${c.message ?? ''}`;
        // A restore is reported every time; a lasting problem once until it changes.
        if (c.status === 'ok') reported.delete(key);
        else if (c.status === 'restored' || reported.get(key) !== state) {
          reported.set(key, state);
          o.onCheck(c);
        }
      }
    } catch (error) {
      o.onError(error);
    }
  };
  const timer = setInterval(() => check(), o.pollMs ?? 1_000);
  timer.unref();
  return { check: () => check(true), close: () => clearInterval(timer) };
}
