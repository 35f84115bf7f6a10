// The audit log on its embedded store: appends, restarts, checkpoints, pruning, several writers.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, type AuditLogOptions } from '../../audit/audit-log.js';
import { checkpointCopyFile } from '../../audit/checkpoint-copy.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import { AuditError } from '../../audit/errors.js';
import { expectedHash, GENESIS_HASH } from '../../audit/hash-chain.js';
import { loadOrCreateHostKey, type HostKey } from '../../audit/host-key.js';
import { auditPaths } from '../../audit/paths.js';
import { verifyAuditLog } from '../../audit/verify.js';
import { SqliteAuditStore, WAL_AUTOCHECKPOINT_PAGES } from './sqlite-audit-store.js';

const entry = (i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  type: 'command',
  host: 'dev-1',
  agent: 'claude-code',
  binary: 'git',
  subject: `git status # ${i}`,
  verdict: 'allow',
  outcome: 'allowed',
  severity: 'info',
  reason: 'allowed by rule git-read',
  latencyMs: 0.05,
  ...over,
});

let dir: string;
let key: HostKey;
let stores: SqliteAuditStore[];
const paths = () => auditPaths(dir);

async function openLog(options: AuditLogOptions = {}): Promise<{ log: AuditLog; store: SqliteAuditStore }> {
  const store = await SqliteAuditStore.open(paths().db);
  stores.push(store);
  const log = await AuditLog.open(store, key, { checkpointCopy: checkpointCopyFile(paths().checkpointCopy), ...options });
  return { log, store };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-audit-'));
  key = loadOrCreateHostKey(paths().keysDir);
  stores = [];
});
afterEach(async () => {
  for (const s of stores) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AuditLog on SQLite', () => {
  it('numbers and chains entries, and the result verifies', async () => {
    const { log, store } = await openLog();
    const a = await log.append(entry(1));
    const [b, c] = await log.appendBatch([entry(2), entry(3, { outcome: 'blocked', verdict: 'block', severity: 'high' })]);
    expect([a.seq, b!.seq, c!.seq]).toEqual([1, 2, 3]);
    expect(a.hash).toBe(expectedHash(GENESIS_HASH, a));
    expect(c!.hash).toBe(expectedHash(b!.hash, c!));
    expect(await store.readRange(1, 10)).toEqual([a, b, c]);
    await log.close();
    expect(await log.verify()).toMatchObject({ ok: true, checked: 3, lastSeq: 3, lastCheckpointSeq: 3, unsignedTail: 0 });
  });

  it('serialises concurrent appends: no gaps, no duplicates, each caller gets its own entry', async () => {
    const { log, store } = await openLog({ checkpointEvery: 50 });
    const results = await Promise.all([
      ...Array.from({ length: 300 }, (_, i) => log.append(entry(i, { subject: `single ${i}` }))),
      ...Array.from({ length: 10 }, (_, i) => log.appendBatch(Array.from({ length: 20 }, (_, j) => entry(j, { subject: `batch ${i}.${j}` })))),
    ]);
    const records = results.flat();
    expect(records.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect((results[7] as { subject: string }).subject).toBe('single 7');
    const batch = results[303] as { subject: string; seq: number }[];
    expect(batch.map((r) => r.subject)).toEqual(Array.from({ length: 20 }, (_, j) => `batch 3.${j}`));
    expect(batch.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, j) => batch[0]!.seq + j));
    expect(await store.count()).toBe(500);
    expect((await store.checkpoints()).filter((c) => c.kind === 'checkpoint').length).toBeGreaterThanOrEqual(10);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 500 });
  });

  it('rejects a bad entry without losing the good ones queued beside it', async () => {
    const { log } = await openLog();
    const good = log.append(entry(1));
    const bad = log.append(entry(2, { outcome: 'whatever' as never }));
    await expect(bad).rejects.toBeInstanceOf(AuditError);
    expect((await good).seq).toBe(1);
    expect((await log.append(entry(3))).seq).toBe(2);
  });

  it('continues the chain after a clean restart and after a crash, without false alarms', async () => {
    const first = await openLog({ checkpointEvery: 4 });
    await first.log.appendBatch([1, 2, 3, 4, 5, 6].map((i) => entry(i)));
    await first.log.close();
    await first.store.close();

    const second = await openLog({ checkpointEvery: 4 });
    expect(second.log.tail?.seq).toBe(6);
    await second.log.appendBatch([7, 8, 9].map((i) => entry(i)));
    // A crash: the log is never closed, so entries 7..9 are not signed yet.
    await second.store.close();

    const third = await openLog({ checkpointEvery: 4 });
    expect(await third.log.verify()).toMatchObject({ ok: true, checked: 9, lastCheckpointSeq: 6, unsignedTail: 3 });
    await third.log.append(entry(10));
    expect(third.log.unsigned).toBe(0);
    expect(await third.log.verify()).toMatchObject({ ok: true, checked: 10, lastCheckpointSeq: 10, unsignedTail: 0 });
  });

  it('writes appends not yet awaited before it signs, prunes, verifies or closes', async () => {
    const { log, store } = await openLog({ checkpointEvery: 1_000 });
    const first = log.append(entry(1));
    const signed = await log.checkpoint();
    expect(signed?.seq).toBe(1);
    expect((await first).seq).toBe(1);
    const second = log.appendBatch([entry(2), entry(3)]);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 3 });
    const third = log.append(entry(4));
    await log.close();
    expect((await third).seq).toBe(4);
    expect((await second).map((r) => r.seq)).toEqual([2, 3]);
    expect((await store.checkpoints()).map((c) => c.seq)).toEqual([1, 4]);
  });

  it('keeps entry times in order even when the clock steps back', async () => {
    let now = Date.parse('2025-06-01T10:00:00.000Z');
    const { log } = await openLog({ clock: () => now });
    const a = await log.append(entry(1));
    now -= 3_600_000;
    const b = await log.append(entry(2));
    expect(b.time).toBe(a.time);
    expect(await log.verify()).toMatchObject({ ok: true });
  });

  it('signs at least every N entries, after T seconds with entries unsigned, and at close', async () => {
    let now = Date.parse('2025-06-01T10:00:00.000Z');
    const { log, store } = await openLog({ checkpointEvery: 10, checkpointIntervalMs: 60_000, clock: () => now });
    await log.appendBatch(Array.from({ length: 25 }, (_, i) => entry(i)));
    expect((await store.checkpoints()).map((c) => c.seq)).toEqual([10, 20]);
    now += 61_000;
    await log.append(entry(26));
    expect((await store.checkpoints()).map((c) => c.seq)).toEqual([10, 20, 26]);
    await log.appendBatch([entry(27), entry(28)]);
    await log.close();
    expect((await store.checkpoints()).map((c) => c.seq)).toEqual([10, 20, 26, 28]);
    await expect(log.append(entry(29))).rejects.toThrow(/closed/);
  });

  it('signs unsigned entries on a timer when no more arrive', async () => {
    const { log, store } = await openLog({ checkpointEvery: 1_000, checkpointIntervalMs: 200 });
    await new Promise((r) => setTimeout(r, 250));
    await log.append(entry(1));
    const deadline = Date.now() + 3_000;
    while ((await store.checkpoints()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await store.checkpoints()).map((c) => c.seq)).toEqual([1]);
    await log.close();
  });

  it('keeps a copy of the latest checkpoint outside the database', async () => {
    const { log } = await openLog({ checkpointEvery: 5 });
    await log.appendBatch(Array.from({ length: 12 }, (_, i) => entry(i)));
    expect(checkpointCopyFile(paths().checkpointCopy).read()).toMatchObject({ kind: 'checkpoint', seq: 10 });
    await log.close();
    expect(checkpointCopyFile(paths().checkpointCopy).read()).toMatchObject({ seq: 12 });
    expect(statSync(paths().checkpointCopy).mode & 0o777).toBe(0o600);
  });

  it('prunes old entries behind a signed anchor; what is kept still verifies, and the chain goes on', async () => {
    const start = Date.parse('2025-01-01T00:00:00.000Z');
    let now = start;
    const { log, store } = await openLog({ checkpointEvery: 7, clock: () => now });
    for (let day = 0; day < 10; day++) {
      now = start + day * 86_400_000;
      await log.appendBatch([entry(day * 3), entry(day * 3 + 1), entry(day * 3 + 2)]);
    }
    now = start + 10 * 86_400_000;
    const result = await log.prune(5);
    expect(result.pruned).toBe(15);
    expect(result.anchor).toMatchObject({ kind: 'anchor', seq: 15 });
    expect((await store.readRange(1, 100))[0]!.seq).toBe(16);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 15, firstSeq: 16, lastSeq: 30, anchorSeq: 15 });

    now += 100 * 86_400_000;
    expect((await log.prune(1)).pruned).toBe(15);
    expect(await store.count()).toBe(0);
    const next = await log.append(entry(31));
    expect(next.seq).toBe(31);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 1, firstSeq: 31, anchorSeq: 30 });
    await log.close();
    await store.close();

    const reopened = await openLog();
    expect((await reopened.log.append(entry(32))).seq).toBe(32);
    expect(await reopened.log.verify()).toMatchObject({ ok: true, checked: 2 });
  });

  it('lets two writers share one database: each continues the chain the other left', async () => {
    const a = await openLog({ checkpointEvery: 3 });
    const b = await openLog({ checkpointEvery: 3 });
    for (let i = 0; i < 10; i++) {
      await a.log.append(entry(i, { host: 'a' }));
      await b.log.appendBatch([entry(i, { host: 'b' }), entry(i, { host: 'b' })]);
    }
    await a.log.close();
    await b.log.close();
    expect(await a.store.count()).toBe(30);
    expect(await verifyAuditLog(a.store, key)).toMatchObject({ ok: true, checked: 30 });
  });

  it('never stores a secret: neither the database nor its journal holds it', async () => {
    const token = 'ghp_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';
    const { log, store } = await openLog();
    await log.append(entry(1, { type: 'mcp_tool_call', subject: `curl -H "Authorization: token ${token}" https://api.github.com`, arguments: { token }, reason: `saw ${token}` }));
    await log.close();
    for (const file of [paths().db, `${paths().db}-wal`]) {
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(token))).toBe(false);
    }
    await store.close();
    expect(readFileSync(paths().db).includes(Buffer.from('[REDACTED:'))).toBe(true);
  });

  it('creates its state private: database 0600, keys 0600 in a 0700 directory', async () => {
    const { log } = await openLog();
    await log.append(entry(1));
    expect(statSync(paths().db).mode & 0o777).toBe(0o600);
    expect(statSync(`${paths().db}-wal`).mode & 0o777).toBe(0o600);
    expect(statSync(paths().keysDir).mode & 0o777).toBe(0o700);
    expect(statSync(paths().privateKey).mode & 0o777).toBe(0o600);
    expect(statSync(paths().publicKey).mode & 0o777).toBe(0o600);
  });

  it('loads the same host key again, and refuses a public key that is not its half', () => {
    expect(loadOrCreateHostKey(paths().keysDir).keyId).toBe(key.keyId);
    const other = join(dir, 'other');
    const otherKey = loadOrCreateHostKey(other);
    writeFileSync(paths().publicKey, readFileSync(join(other, 'audit-ed25519.pub.pem')));
    expect(otherKey.keyId).not.toBe(key.keyId);
    expect(() => loadOrCreateHostKey(paths().keysDir)).toThrow(/not the public half/);
  });

  it('uses synchronous=FULL and WAL, so an entry is durable when append resolves, and checkpoints the WAL every 10,000 pages', async () => {
    await openLog();
    const raw = new Database(paths().db);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const store = stores[0]!;
    expect(store.dialect).toBe('sqlite');
    expect((store as unknown as { raw: Database.Database }).raw.pragma('synchronous', { simple: true })).toBe(2);
    expect((store as unknown as { raw: Database.Database }).raw.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
  });
});
