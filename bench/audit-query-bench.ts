// A filtered page of the audit log at 1,000,000 entries on SQLite, as `warden audit list` and the
// dashboard ask for it: 50 entries, newest first. The database is built once (a real chain, in
// batches, over 90 days) under the temporary directory and reused by later runs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../src/audit/audit-log.js';
import type { AuditFilter, AuditStore } from '../src/audit/audit-store.js';
import { loadOrCreateHostKey } from '../src/audit/host-key.js';
import { SqliteAuditStore } from '../src/store/sqlite/sqlite-audit-store.js';
import { entryGenerator } from './audit-entries.js';
import { row, type Budget, type Figure, type Row, type Section, type SectionOptions, type SectionResult } from './section.js';
import { summarise, type Summary } from './stats.js';

const PATH = 'audit query, filtered page, 1,000,000 rows';
const P99_BUDGET: Budget = { figure: 'p99', op: '<', limit: 20, unit: 'ms', path: PATH };
const ROWS = 1_000_000;
const DAYS = 90;
const BATCH = 1_000;
const PAGE = 50;
/** Bump when the schema or the entry generator changes, so a stale database is rebuilt. */
const DATA_VERSION = 'v2';

const DAY_MS = 86_400_000;
const END = Date.parse('2025-06-30T00:00:00.000Z');
const ago = (days: number): string => new Date(END - days * DAY_MS).toISOString();

async function buildDatabase(dir: string, progress: (m: string) => void): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Scratch data: no need to sync every batch to disk while building it.
  const store = await SqliteAuditStore.open(join(dir, 'audit.db'), { synchronous: 'OFF' });
  let now = END - DAYS * DAY_MS;
  const log = await AuditLog.open(store, loadOrCreateHostKey(join(dir, 'keys')), { clock: () => now, checkpointIntervalMs: 0 });
  const next = entryGenerator(11);
  const step = (DAYS * DAY_MS) / (ROWS / BATCH);
  for (let n = 0; n < ROWS; n += BATCH) {
    if (n % 50_000 === 0) progress(`audit query: building the ${ROWS.toLocaleString('en-US')}-entry database (${Math.round((100 * n) / ROWS)}%)`);
    await log.appendBatch(Array.from({ length: BATCH }, next));
    now += step;
  }
  await log.close();
  await store.close();
  writeFileSync(join(dir, 'complete'), `${ROWS}\n`);
}

interface Case {
  readonly label: string;
  readonly filter: AuditFilter;
  readonly cursor?: string;
}

const CASES: readonly Case[] = [
  { label: 'no filter', filter: {} },
  { label: '--decision blocked', filter: { outcomes: ['blocked'] } },
  { label: '--decision blocked,held,would_block', filter: { outcomes: ['blocked', 'held', 'would_block'] } },
  { label: '--severity high+', filter: { severities: ['high', 'critical'] } },
  { label: '--severity high+ --host host-07', filter: { severities: ['high', 'critical'], hosts: ['host-07'] } },
  { label: '--type mcp_tool_call --agent cursor --since 7d', filter: { types: ['mcp_tool_call'], agents: ['cursor'], since: ago(7) } },
  { label: '--binary git --decision blocked', filter: { binaries: ['git'], outcomes: ['blocked'] } },
  { label: '--since 30d --until 29d', filter: { since: ago(30), until: ago(29) } },
  { label: '--host host-49 --decision held (rare)', filter: { hosts: ['host-49'], outcomes: ['held'] } },
  { label: '--decision denied --severity critical --host host-33', filter: { outcomes: ['denied'], severities: ['critical'], hosts: ['host-33'] } },
  { label: '--decision blocked, page at entry 500,000', filter: { outcomes: ['blocked'] }, cursor: '500000' },
  { label: '--decision allowed --until 60d', filter: { outcomes: ['allowed'], until: ago(60) } },
];

async function timeQuery(store: AuditStore, c: Case, iterations: number): Promise<{ summary: Summary; found: number }> {
  const samples: number[] = [];
  let found = 0;
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    const page = await store.query(c.filter, { limit: PAGE, cursor: c.cursor ?? null });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    found = page.records.length;
  }
  return { summary: summarise(samples), found };
}

const figures = (s: Summary, found: number): Figure[] => [
  { name: 'p50', value: s.p50, unit: 'ms' },
  { name: 'p99', value: s.p99, unit: 'ms' },
  { name: 'max', value: s.max, unit: 'ms' },
  { name: 'rows', value: found, unit: 'count' },
];

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const dir = join(tmpdir(), `warden-bench-audit-1m-${DATA_VERSION}`);
  const notes: string[] = [];
  const complete = join(dir, 'complete');
  if (!existsSync(complete) || readFileSync(complete, 'utf8').trim() !== String(ROWS)) {
    const started = performance.now();
    await buildDatabase(dir, progress);
    notes.push(`built the database in ${((performance.now() - started) / 1000).toFixed(1)} s (${dir}); later runs reuse it`);
  } else {
    notes.push(`reused the database in ${dir} (delete it to rebuild)`);
  }
  const store = await SqliteAuditStore.open(join(dir, 'audit.db'));
  const rows: Row[] = [];
  try {
    const total = await store.count();
    if (total !== ROWS) throw new Error(`the benchmark database holds ${total} entries, not ${ROWS}: delete ${dir}`);
    const iterations = Math.max(20, Math.round(200 * scale));
    progress('audit query: warming up');
    for (const c of CASES) await timeQuery(store, c, 3);
    for (const c of CASES) {
      progress(`audit query: ${c.label}`);
      const { summary, found } = await timeQuery(store, c, iterations);
      rows.push(row(c.label, figures(summary, found), P99_BUDGET));
    }
    progress('audit query: counting');
    const t0 = performance.now();
    const blocked = await store.count({ outcomes: ['blocked'] });
    rows.push(row('count --decision blocked (for the footer of a list)', [{ name: 'time', value: performance.now() - t0, unit: 'ms' }, { name: 'n', value: blocked, unit: 'count' }], null));
  } finally {
    await store.close();
  }
  notes.push(`${ROWS.toLocaleString('en-US')} entries over ${DAYS} days from ${BENCH_HOSTS_NOTE}; pages of ${PAGE}, newest first, through the store's query (SQL, row mapping, JSON parsing); warm page cache`);
  return { rows, notes };
}

const BENCH_HOSTS_NOTE = '50 hosts (skewed), 5 agents, 20 programs; 90% allowed, 3% would_block, 2.5% blocked, 1% held';

export const auditQuerySection: Section = { name: 'audit-query', title: 'Audit log: filtered page at 1,000,000 entries (SQLite)', run };
