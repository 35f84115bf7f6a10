// Appends waiting for another process's write lock: they go through once it is released, fail
// with SQLITE_BUSY past the store's timeout, and leave the connection's own wait as it was.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/audit-log.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import { loadOrCreateHostKey } from '../../audit/host-key.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process that takes the database's write lock and keeps it for `holdMs` before it
 * commits (an append waiting for the lock blocks this thread, so the release cannot come from it).
 */
function holdWriteLock(file: string, holdMs: number): Promise<{ exited: Promise<number | null> }> {
  const script = `
    const Database = require(${JSON.stringify(BETTER_SQLITE3)});
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', script, file, String(holdMs)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () => resolve({ exited }));
  });
}

const entry = (i: number): AuditEntryInput => ({ type: 'command', subject: `git status # ${i}`, verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'test' });

describe('the audit store waiting for the write lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-write-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A log on a new file with one entry, whose writes wait at most `busyTimeoutMs` for the lock. */
  async function logWithOneEntry(busyTimeoutMs: number) {
    const file = join(dir, 'audit.db');
    const store = await SqliteAuditStore.open(file, { busyTimeoutMs });
    const log = await AuditLog.open(store, loadOrCreateHostKey(join(dir, 'keys')));
    await log.append(entry(0));
    return { file, store, log };
  }

  it('stores an append made while another process holds the lock, once the lock is released', async () => {
    const { file, store, log } = await logWithOneEntry(20_000);
    const holder = await holdWriteLock(file, 300);
    const appended = await log.append(entry(1));
    expect(appended.seq).toBe(2);
    expect(await holder.exited).toBe(0);
    expect((await store.readRange(1, 10)).map((r) => r.subject)).toEqual(['git status # 0', 'git status # 1']);
    // The connection's own wait (for its reads) is what it was before the write.
    const raw = (store as unknown as { raw: { pragma(p: string, o: { simple: true }): unknown } }).raw;
    expect(raw.pragma('busy_timeout', { simple: true })).toBe(20_000);
    await log.close();
    await store.close();
  });

  it('gives up with SQLITE_BUSY past its timeout, writes nothing, and appends again once the lock is free', async () => {
    const { file, store, log } = await logWithOneEntry(200);
    const holder = await holdWriteLock(file, 2_000);
    await expect(log.append(entry(1))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(await holder.exited).toBe(0);
    expect(await store.count()).toBe(1);
    expect((await log.append(entry(2))).seq).toBe(2);
    await log.close();
    await store.close();
  });
});
