// Starting, stopping and asking the daemon from another process (the CLI).
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { askDaemon } from './client.js';
import type { DaemonStatus } from './daemon.js';
import { isAlive, readLock } from './lock-file.js';
import type { DaemonPaths } from './paths.js';

export type StatusReply = { readonly kind: 'running'; readonly status: DaemonStatus } | { readonly kind: 'down'; readonly reason: string; readonly pid: number | null };

export async function daemonStatus(paths: DaemonPaths, timeoutMs = 2_000): Promise<StatusReply> {
  const reply = await askDaemon(paths.socket, 'STATUS', '', timeoutMs);
  const owner = readLock(paths.lock);
  const pid = owner.kind === 'alive' ? owner.pid : null;
  if (reply.kind === 'unavailable') return { kind: 'down', reason: pid ? `${reply.reason} (pid ${pid} holds the lock)` : reply.reason, pid };
  if (reply.answer.exitCode !== 0) return { kind: 'down', reason: reply.answer.stderr.trim(), pid };
  try {
    return { kind: 'running', status: JSON.parse(reply.answer.stdout) as DaemonStatus };
  } catch {
    return { kind: 'down', reason: 'the daemon answered STATUS with something that is not JSON', pid };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type StopResult = { readonly kind: 'stopped' | 'killed'; readonly pid: number } | { readonly kind: 'not_running' } | { readonly kind: 'timeout'; readonly pid: number };

/** SIGTERM to the pid in the lock, then waits for it to exit; SIGKILL after `timeoutMs` when `kill` is set. */
export async function stopDaemon(paths: DaemonPaths, timeoutMs = 15_000, kill = false): Promise<StopResult> {
  const owner = readLock(paths.lock);
  if (owner.kind !== 'alive') return { kind: 'not_running' };
  const { pid } = owner;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return { kind: 'not_running' };
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return { kind: 'stopped', pid };
    await sleep(25);
  }
  if (!kill) return { kind: 'timeout', pid };
  process.kill(pid, 'SIGKILL');
  return { kind: 'killed', pid };
}

export type StartResult = { readonly kind: 'started'; readonly status: DaemonStatus } | { readonly kind: 'running'; readonly status: DaemonStatus } | { readonly kind: 'failed'; readonly reason: string };

/**
 * Starts `argv` (a daemon in the foreground) detached from this process, its output in
 * `paths.output`, and waits until it answers STATUS or exits.
 */
export async function startDetached(paths: DaemonPaths, command: string, argv: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<StartResult> {
  const before = await daemonStatus(paths, 1_000);
  if (before.kind === 'running') return { kind: 'running', status: before.status };
  const out = openSync(paths.output, 'w', 0o600);
  const child: { exited: string | null } = { exited: null };
  try {
    const daemon = spawn(command, argv, { detached: true, stdio: ['ignore', out, out], env });
    daemon.on('exit', (code, signal) => (child.exited = signal ?? `status ${code}`));
    daemon.on('error', (error) => (child.exited = error.message));
    daemon.unref();
  } finally {
    closeSync(out);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(50);
    const now = await daemonStatus(paths, 1_000);
    if (now.kind === 'running') return { kind: 'started', status: now.status };
    if (child.exited !== null) return { kind: 'failed', reason: `the daemon exited (${child.exited}) before answering` };
  }
  return { kind: 'failed', reason: `the daemon did not answer within ${timeoutMs} ms` };
}
