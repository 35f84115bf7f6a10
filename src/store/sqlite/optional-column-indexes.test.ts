// The agent and program columns' indexes leave out entries without one (MCP calls, results):
// filters on those columns still find their entries through the index, and a log made before
// the change is upgraded in place when it is opened.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../audit/audit-log.js';
import type { AuditEntryInput } from '../../audit/entry.js';
import { loadOrCreateHostKey, type HostKey } from '../../audit/host-key.js';
import { auditPaths } from '../../audit/paths.js';
import { verifyAuditLog } from '../../audit/verify.js';
import { AUDIT_MIGRATIONS_TABLE } from '../audit-migration-names.js';
import { FILTER_COLUMNS, OPTIONAL_COLUMNS } from '../migrations.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';

const mcpCall = (i: number): AuditEntryInput => ({
  type: 'mcp_tool_call', host: 'dev-1', subject: `fs/read_file ${i}`, verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok',
});
const command = (i: number): AuditEntryInput => ({
  type: 'command', host: 'dev-1', agent: i % 2 ? 'claude-code' : 'cursor', binary: i % 3 ? 'git' : 'npm', subject: `command ${i}`,
  verdict: 'allow', outcome: 'allowed', severity: 'info', reason: 'ok',
});

let dir: string;
let key: HostKey;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-optional-columns-'));
  key = loadOrCreateHostKey(auditPaths(dir).keysDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function fill(entries: readonly AuditEntryInput[]): Promise<void> {
  const store = await SqliteAuditStore.open(auditPaths(dir).db);
  const log = await AuditLog.open(store, key);
  await log.appendBatch(entries);
  await log.close();
  await store.close();
}

function indexSql(db: Database.Database, column: string): string {
  return db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(`audit_entries_${column}`) as string;
}

const plan = (db: Database.Database, where: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM audit_entries WHERE ${where} ORDER BY seq DESC LIMIT 50`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

describe('indexes of the optional columns', () => {
  it('hold only entries with a value, and filters on agent or program still go through them', async () => {
    await fill([...Array.from({ length: 30 }, (_, i) => mcpCall(i)), ...Array.from({ length: 30 }, (_, i) => command(i))]);
    const db = new Database(auditPaths(dir).db, { readonly: true });
    try {
      for (const column of OPTIONAL_COLUMNS) {
        expect(indexSql(db, column)).toMatch(/WHERE "?\w+"? is not null$/i);
        expect(db.prepare(`SELECT count(*) FROM audit_entries INDEXED BY audit_entries_${column} WHERE ${column} IS NOT NULL`).pluck().get()).toBe(30);
      }
      expect(plan(db, "agent = 'cursor'")).toContain('audit_entries_agent');
      expect(plan(db, "binary IN ('git', 'curl')")).toContain('audit_entries_binary');
    } finally {
      db.close();
    }
    const store = await SqliteAuditStore.open(auditPaths(dir).db);
    try {
      expect((await store.query({ agents: ['cursor'] }, { limit: 100 })).records).toHaveLength(15);
      expect(await store.count({ binaries: ['npm'] })).toBe(10);
      expect(await store.count({ types: ['mcp_tool_call'] })).toBe(30);
    } finally {
      await store.close();
    }
  });

  it('are rebuilt, entries kept, when a log made by an earlier version is opened', async () => {
    await fill(Array.from({ length: 20 }, (_, i) => (i % 2 ? command(i) : mcpCall(i))));
    // Back to the schema before: both indexes over every entry, the migration not recorded.
    const old = new Database(auditPaths(dir).db);
    for (const column of OPTIONAL_COLUMNS) {
      const others = FILTER_COLUMNS.filter((c) => c !== column);
      old.exec(`DROP INDEX audit_entries_${column}`);
      old.exec(`CREATE INDEX audit_entries_${column} ON audit_entries ("${column}", seq, ${others.map((c) => `"${c}"`).join(', ')})`);
    }
    old.prepare(`DELETE FROM ${AUDIT_MIGRATIONS_TABLE} WHERE name = '0003_audit_optional_columns'`).run();
    old.close();

    const store = await SqliteAuditStore.open(auditPaths(dir).db);
    try {
      expect(await store.count()).toBe(20);
      expect(await store.count({ agents: ['claude-code'] })).toBe(10);
      expect(await store.count({ binaries: ['npm'] })).toBe(3);
      expect(await verifyAuditLog(store, key)).toMatchObject({ ok: true, checked: 20 });
    } finally {
      await store.close();
    }
    const db = new Database(auditPaths(dir).db, { readonly: true });
    try {
      for (const column of OPTIONAL_COLUMNS) expect(indexSql(db, column)).toMatch(/is not null$/i);
    } finally {
      db.close();
    }
  });
});
