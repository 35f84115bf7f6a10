// Tampering with the database file behind the log's back: every change must be proved, naming
// the first entry it affects.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/audit-log.js';
import { checkpointCopyFile } from '../../audit/checkpoint-copy.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import { expectedHash } from '../../audit/hash-chain.js';
import { loadOrCreateHostKey, type HostKey } from '../../audit/host-key.js';
import { verifyAuditLog, type VerifyResult } from '../../audit/verify.js';
import { recordOf, type EntryRow } from '../audit-rows.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';

let root: string;
let key: HostKey;
let n = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'warden-tamper-'));
  key = loadOrCreateHostKey(join(root, 'keys'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sample = (i: number): AuditEntryInput => ({
  type: i % 4 === 0 ? 'mcp_tool_call' : 'command',
  host: `host-${i % 3}`,
  agent: 'claude-code',
  binary: i % 4 === 0 ? null : 'git',
  subject: i % 4 === 0 ? 'fs/write_file' : `git commit -m "change ${i}"`,
  arguments: i % 4 === 0 ? { path: `/tmp/f${i}`, content: 'x'.repeat(i % 7) } : undefined,
  verdict: i % 5 === 0 ? 'block' : 'allow',
  outcome: i % 5 === 0 ? 'blocked' : 'allowed',
  severity: i % 5 === 0 ? 'high' : 'info',
  rule: i % 5 === 0 ? 'r1' : null,
  reason: `reason ${i}`,
  latencyMs: i / 8,
});

interface Built {
  readonly file: string;
  readonly copy: string;
}

/** A closed log of `count` entries signed every `every`, in a database of its own. */
async function build(count: number, every: number, entries: (i: number) => AuditEntryInput = sample): Promise<Built> {
  const dir = join(root, `log-${++n}`);
  const file = join(dir, 'audit.db');
  const copy = join(dir, 'checkpoint.json');
  const store = await SqliteAuditStore.open(file);
  const log = await AuditLog.open(store, key, { checkpointEvery: every, checkpointCopy: checkpointCopyFile(copy) });
  for (let i = 1; i <= count; i += 7) await log.appendBatch(Array.from({ length: Math.min(7, count - i + 1) }, (_, k) => entries(i + k)));
  await log.close();
  await store.close();
  return { file, copy };
}

async function verify(b: Built, withCopy = true): Promise<VerifyResult> {
  const store = await SqliteAuditStore.open(b.file);
  try {
    return await verifyAuditLog(store, key, { witness: withCopy ? checkpointCopyFile(b.copy).read() : null, pageSize: 16 });
  } finally {
    await store.close();
  }
}

function tamper(b: Built, fn: (db: Database.Database) => void): void {
  const db = new Database(b.file);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

const row = (db: Database.Database, seq: number): EntryRow => db.prepare('SELECT * FROM audit_entries WHERE seq = ?').get(seq) as EntryRow;

function insertRow(db: Database.Database, r: EntryRow): void {
  const cols = Object.keys(r);
  db.prepare(`INSERT INTO audit_entries (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`).run(r);
}

/** Moves entries after `seq` one place up, leaving `seq + 1` free. */
function openGap(db: Database.Database, seq: number): void {
  const last = (db.prepare('SELECT max(seq) AS m FROM audit_entries').get() as { m: number }).m;
  for (let s = last; s > seq; s--) db.prepare('UPDATE audit_entries SET seq = ? WHERE seq = ?').run(s + 1, s);
}

function swapContents(db: Database.Database, a: number, b: number): void {
  const ra = row(db, a);
  const rb = row(db, b);
  db.prepare('DELETE FROM audit_entries WHERE seq IN (?, ?)').run(a, b);
  insertRow(db, { ...rb, seq: a });
  insertRow(db, { ...ra, seq: b });
}

const failure = (r: VerifyResult) => ({ ok: r.ok, seq: r.firstBad?.seq, problem: r.firstBad?.problem });

describe('verify proves tampering with the database file', () => {
  it('passes an untouched log', async () => {
    const b = await build(40, 10);
    expect(await verify(b)).toMatchObject({ ok: true, checked: 40, lastCheckpointSeq: 40, unsignedTail: 0 });
  });

  it('a modified field', async () => {
    for (const [column, value] of [['subject', 'git status'], ['outcome', 'allowed'], ['host', null], ['time', '2020-01-01T00:00:00.000Z'], ['arguments', '{"path":"/tmp/other"}'], ['latency_ms', 99], ['findings', '[{"rule":"x","severity":"low","title":"t","verdict":"flag"}]']] as const) {
      const b = await build(30, 10);
      tamper(b, (db) => db.prepare(`UPDATE audit_entries SET "${column}" = ? WHERE seq = 20`).run(value));
      expect(failure(await verify(b)), column).toEqual({ ok: false, seq: 20, problem: 'hash_mismatch' });
    }
  });

  it('a modified hash', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => db.prepare("UPDATE audit_entries SET hash = ? WHERE seq = 12").run('0'.repeat(64)));
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 12, problem: 'hash_mismatch' });
  });

  it('an inserted row', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => {
      openGap(db, 14);
      insertRow(db, { ...row(db, 14), seq: 15, subject: 'echo innocent' });
    });
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 15, problem: 'hash_mismatch' });
  });

  it('an inserted row whose hash was computed to chain from its predecessor', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => {
      openGap(db, 14);
      const prev = recordOf(row(db, 14));
      const forged = { ...prev, seq: 15, subject: 'echo innocent' };
      insertRow(db, { ...row(db, 14), seq: 15, subject: 'echo innocent', hash: expectedHash(prev.hash, forged) });
    });
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 16, problem: 'hash_mismatch' });
  });

  it('a deleted row', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => db.prepare('DELETE FROM audit_entries WHERE seq = 17').run());
    expect(await verify(b)).toMatchObject({ ok: false, firstBad: { seq: 17, problem: 'missing_entry', detail: expect.stringMatching(/entry 17 is missing after entry 16 \(the next entry stored is 18\)/) as unknown } });
  });

  it('a deleted row with the rest renumbered', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => {
      db.prepare('DELETE FROM audit_entries WHERE seq = 17').run();
      for (let s = 18; s <= 30; s++) db.prepare('UPDATE audit_entries SET seq = ? WHERE seq = ?').run(s - 1, s);
    });
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 17, problem: 'hash_mismatch' });
  });

  it('the first rows deleted', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => db.prepare('DELETE FROM audit_entries WHERE seq <= 3').run());
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 1, problem: 'missing_entry' });
  });

  it('two rows swapped', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => swapContents(db, 8, 23));
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 8, problem: 'hash_mismatch' });
  });

  it('truncation back past a signed checkpoint', async () => {
    const b = await build(45, 10);
    tamper(b, (db) => db.prepare('DELETE FROM audit_entries WHERE seq > 25').run());
    expect(await verify(b)).toMatchObject({ ok: false, firstBad: { seq: 26, problem: 'truncated', detail: expect.stringMatching(/entries 26\.\.45 are missing: a checkpoint signed entry 45 .* but the log ends at entry 25/) as unknown } });
  });

  it('truncation with the checkpoints deleted too: the copy outside the database proves it', async () => {
    const b = await build(45, 10);
    tamper(b, (db) => {
      db.prepare('DELETE FROM audit_entries WHERE seq > 25').run();
      db.prepare('DELETE FROM audit_checkpoints WHERE seq > 25').run();
    });
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 26, problem: 'truncated' });
    // Without the copy, a log cut back to a checkpoint is consistent on its own: the limit of any local log.
    expect(await verify(b, false)).toMatchObject({ ok: true, lastSeq: 25 });
  });

  it('every entry deleted', async () => {
    const b = await build(12, 5);
    tamper(b, (db) => db.prepare('DELETE FROM audit_entries').run());
    expect(await verify(b)).toMatchObject({ ok: false, firstBad: { seq: 1, problem: 'truncated', detail: expect.stringMatching(/the log has no entries/) as unknown } });
  });

  it('an entry changed and every later hash recomputed: the next checkpoint no longer matches', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => {
      let prev = row(db, 13).hash;
      for (let s = 14; s <= 30; s++) {
        const r = recordOf(row(db, s));
        const changed = s === 14 ? { ...r, subject: 'echo innocent' } : r;
        const hash = expectedHash(prev, changed);
        db.prepare('UPDATE audit_entries SET subject = ?, hash = ? WHERE seq = ?').run(changed.subject, hash, s);
        prev = hash;
      }
    });
    expect(await verify(b)).toMatchObject({ ok: false, firstBad: { seq: 20, problem: 'checkpoint_mismatch', detail: expect.stringMatching(/entries 11\.\.20 were rewritten/) as unknown } });
  });

  it('a checkpoint altered or forged', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => db.prepare("UPDATE audit_checkpoints SET hash = ? WHERE seq = 20 AND kind = 'checkpoint'").run('1'.repeat(64)));
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 20, problem: 'bad_signature' });
  });

  it('an unreadable row', async () => {
    const b = await build(30, 10);
    tamper(b, (db) => db.prepare('UPDATE audit_entries SET arguments = ? WHERE seq = 9').run('{not json'));
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 9, problem: 'unreadable' });
    tamper(b, (db) => db.prepare('UPDATE audit_entries SET findings = ? WHERE seq = 4').run('[{"rule":"x"}]'));
    expect(failure(await verify(b))).toEqual({ ok: false, seq: 4, problem: 'unreadable' });
  });

  it('the anchor of a pruned log deleted', async () => {
    const b = await build(30, 10);
    const store = await SqliteAuditStore.open(b.file);
    const log = await AuditLog.open(store, key, { clock: () => Date.now() + 60_000 });
    await log.prune(0);
    await log.append(sample(31));
    await log.close();
    await store.close();
    expect(await verify(b)).toMatchObject({ ok: true, anchorSeq: 30, firstSeq: 31 });
    tamper(b, (db) => db.prepare("DELETE FROM audit_checkpoints WHERE kind = 'anchor'").run());
    expect(failure(await verify(b, false))).toEqual({ ok: false, seq: 1, problem: 'missing_entry' });
  });

  it('what it cannot prove: an entry forged after the last checkpoint verifies, but is reported unsigned', async () => {
    const b = await build(20, 10);
    tamper(b, (db) => {
      const last = recordOf(row(db, 20));
      const forged = { ...last, seq: 21, subject: 'echo forged' };
      insertRow(db, { ...row(db, 20), seq: 21, subject: 'echo forged', hash: expectedHash(last.hash, forged) });
    });
    expect(await verify(b)).toMatchObject({ ok: true, lastSeq: 21, lastCheckpointSeq: 20, unsignedTail: 1 });
  });
});

describe('property: any single tamper with a closed log is detected at the entry it touched', () => {
  const entryArb = fc.record({
    subject: fc.string({ maxLength: 40 }),
    host: fc.option(fc.constantFrom('a', 'b', 'ü-host'), { nil: null }),
    outcome: fc.constantFrom<AuditEntryInput['outcome']>('allowed', 'blocked', 'would_block', 'held'),
    severity: fc.constantFrom<AuditEntryInput['severity']>('info', 'low', 'medium', 'high', 'critical'),
    arguments: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
    latencyMs: fc.option(fc.double({ min: 0, max: 1e4, noNaN: true }), { nil: null }),
  });
  const COLUMNS = ['subject', 'host', 'outcome', 'severity', 'arguments', 'latency_ms', 'time', 'hash', 'reason'] as const;
  type Tamper =
    | { kind: 'modify'; at: number; column: (typeof COLUMNS)[number] }
    | { kind: 'delete'; at: number }
    | { kind: 'insert'; at: number }
    | { kind: 'swap'; at: number; other: number }
    | { kind: 'truncate'; at: number };

  const tamperArb = (count: number): fc.Arbitrary<Tamper> =>
    fc.oneof(
      fc.record({ kind: fc.constant('modify' as const), at: fc.integer({ min: 1, max: count }), column: fc.constantFrom(...COLUMNS) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.integer({ min: 1, max: count }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.integer({ min: 1, max: count }) }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.integer({ min: 1, max: count }), other: fc.integer({ min: 1, max: count }) }).filter((t) => t.at !== t.other),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.integer({ min: 1, max: count }) }),
    );

  function changed(value: unknown, column: string): unknown {
    if (column === 'latency_ms') return value === null ? 1 : (value as number) + 1;
    if (column === 'arguments') return value === '{"tampered":true}' ? '{"tampered":false}' : '{"tampered":true}';
    if (column === 'hash') return (value as string).startsWith('0') ? `1${(value as string).slice(1)}` : `0${(value as string).slice(1)}`;
    if (column === 'outcome') return value === 'blocked' ? 'allowed' : 'blocked';
    if (column === 'severity') return value === 'info' ? 'critical' : 'info';
    if (column === 'time') return '1999-12-31T23:59:59.999Z';
    return value === null ? 'x' : `${value as string}x`;
  }

  function apply(db: Database.Database, t: Tamper): number {
    switch (t.kind) {
      case 'modify': {
        const value = (row(db, t.at) as unknown as Record<string, unknown>)[t.column];
        db.prepare(`UPDATE audit_entries SET "${t.column}" = ? WHERE seq = ?`).run(changed(value, t.column), t.at);
        return t.at;
      }
      case 'delete':
        db.prepare('DELETE FROM audit_entries WHERE seq = ?').run(t.at);
        return t.at;
      case 'insert':
        openGap(db, t.at);
        insertRow(db, { ...row(db, t.at), seq: t.at + 1, reason: 'inserted' });
        return t.at + 1;
      case 'swap':
        swapContents(db, t.at, t.other);
        return Math.min(t.at, t.other);
      case 'truncate':
        db.prepare('DELETE FROM audit_entries WHERE seq >= ?').run(t.at);
        return t.at;
    }
  }

  it('holds for random logs and random tampers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 2, maxLength: 24 }).chain((entries) => fc.tuple(fc.constant(entries), fc.integer({ min: 1, max: 8 }), tamperArb(entries.length))),
        async ([entries, every, t]) => {
          const b = await build(entries.length, every, (i) => ({ ...sample(i), ...entries[i - 1]! }));
          expect((await verify(b)).ok).toBe(true);
          let expectedSeq = 0;
          tamper(b, (db) => { expectedSeq = apply(db, t); });
          const result = await verify(b);
          expect(result.ok).toBe(false);
          expect(result.firstBad?.seq).toBe(expectedSeq);
        },
      ),
      { numRuns: 80 },
    );
  });
});
