// A new WAL written out to its full size at open: the log works on it as before, SQLite's crash
// recovery reads exactly the committed entries back (the zeros past them are no frames), and a
// WAL already that large is left as it is.
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/audit-log.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import { loadOrCreateHostKey } from '../../audit/host-key.js';
import { verifyAuditLog } from '../../audit/verify.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';
import { preallocateWal, walSizeFor } from './wal-preallocate.js';
import { WriteLock } from './write-lock.js';

const entry = (i: number): AuditEntryInput => ({ type: 'mcp_tool_call', host: 'dev-1', agent: 'cursor', subject: `fs/read_file #${i}`, arguments: { path: `/tmp/${i}` }, verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'allowed' });
const PAGES = 200;

describe('a WAL given its full size when the log is opened', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-wal-prealloc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is as large as the WAL gets before a checkpoint, and the log appends, reads and verifies on it', async () => {
    const file = join(dir, 'audit.db');
    const key = loadOrCreateHostKey(join(dir, 'keys'));
    const store = await SqliteAuditStore.open(file, { walAutocheckpointPages: PAGES, preallocateWal: true });
    expect(statSync(`${file}-wal`).size).toBe(walSizeFor(PAGES, 4096));
    const log = await AuditLog.open(store, key);
    for (let i = 0; i < 50; i++) await log.append(entry(i));
    expect((await store.readRange(1, 100)).map((r) => r.subject)).toEqual(Array.from({ length: 50 }, (_, i) => `fs/read_file #${i}`));
    // Past a checkpoint the WAL is reused from its start, at the same size.
    for (let i = 50; i < 400; i++) await log.append(entry(i));
    expect(statSync(`${file}-wal`).size).toBe(walSizeFor(PAGES, 4096));
    await log.close();
    expect(await verifyAuditLog(store, key)).toMatchObject({ ok: true, checked: 400 });
    await store.close();
  });

  it('leaves crash recovery reading back exactly the committed entries', async () => {
    const file = join(dir, 'audit.db');
    const key = loadOrCreateHostKey(join(dir, 'keys'));
    const store = await SqliteAuditStore.open(file, { walAutocheckpointPages: PAGES, preallocateWal: true });
    const log = await AuditLog.open(store, key, { checkpointEvery: 10 });
    for (let i = 0; i < 25; i++) await log.append(entry(i));
    // The files as a crash leaves them: database and WAL, no shared-memory index, nothing checkpointed.
    const copy = join(dir, 'copy.db');
    copyFileSync(file, copy);
    copyFileSync(`${file}-wal`, `${copy}-wal`);
    const reopened = await SqliteAuditStore.open(copy);
    expect((await reopened.readRange(1, 100)).map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await verifyAuditLog(reopened, key)).toMatchObject({ ok: true, checked: 25 });
    await reopened.close();
    await log.close();
    await store.close();
  });

  it('writes nothing when the WAL is already that large', async () => {
    const file = join(dir, 'audit.db');
    const store = await SqliteAuditStore.open(file, { walAutocheckpointPages: PAGES, preallocateWal: true });
    const other = new Database(file);
    try {
      expect(preallocateWal(other, file, PAGES, new WriteLock(other, 1_000))).toBe(0);
      expect(preallocateWal(other, file, PAGES * 2, new WriteLock(other, 1_000))).toBe(walSizeFor(PAGES * 2, 4096) - walSizeFor(PAGES, 4096));
    } finally {
      other.close();
    }
    await store.close();
  });
});
