// Audit appends per second with the hash chain and signed checkpoints (one every 1,000 entries),
// on SQLite with synchronous=FULL: every transaction is synced before its appends resolve.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AuditLog } from '../src/audit/audit-log.js';
import type { AuditEntryInput } from '../src/audit/entry.js';
import { loadOrCreateHostKey, type HostKey } from '../src/audit/host-key.js';
import { normaliseEntry } from '../src/audit/normalise.js';
import { PostgresAuditStore } from '../src/store/postgres/postgres-audit-store.js';
import { SqliteAuditStore } from '../src/store/sqlite/sqlite-audit-store.js';
import { postgresUrl } from '../src/store/store-targets.js';
import type { AuditStore } from '../src/audit/audit-store.js';
import { entryGenerator } from './audit-entries.js';
import { summarise, type Summary } from './stats.js';
import { row, type Budget, type Figure, type Row, type Section, type SectionOptions, type SectionResult } from './section.js';

const PATH = 'audit append with hash chain + signed checkpoints';
const RATE_BUDGET: Budget = { figure: 'rate', op: '>', limit: 50_000, unit: '/s', path: PATH };
const BATCH = 1_000;
const CALLERS = 64;

interface Rate {
  readonly perSecond: number;
  /** Entries per second of this process's CPU time: what one core of its own would give, whatever else the machine runs. */
  readonly perCpuSecond: number;
  readonly entries: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

async function timed(minMs: number, step: () => Promise<number>): Promise<Rate> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let entries = 0;
  while (performance.now() - started < minMs) entries += await step();
  return { perSecond: entries / ((performance.now() - started) / 1000), perCpuSecond: entries / cpuSeconds(cpu), entries };
}

const rateFigures = (r: Rate): Figure[] => [
  { name: 'rate', value: r.perSecond, unit: '/s' },
  { name: 'per CPU s', value: r.perCpuSecond, unit: '/s' },
  { name: 'n', value: r.entries, unit: 'count' },
];

const next = (inputs: readonly AuditEntryInput[]) => {
  let i = 0;
  return (): AuditEntryInput => inputs[i++ % inputs.length]!;
};

async function measureLog(store: AuditStore, key: HostKey, inputs: readonly AuditEntryInput[], ms: number, progress: (m: string) => void, label: string) {
  const log = await AuditLog.open(store, key);
  const take = next(inputs);
  progress(`audit append: ${label}, single durable appends`);
  const single = await timed(ms, async () => { await log.append(take()); return 1; });
  progress(`audit append: ${label}, batches of ${BATCH}`);
  const batched = await timed(ms, async () => (await log.appendBatch(Array.from({ length: BATCH }, take))).length);
  progress(`audit append: ${label}, ${CALLERS} concurrent callers`);
  const concurrent = await timed(ms, async () => {
    // One round: every caller appends and waits until its entry is durable; the log commits
    // what arrived together in one transaction.
    await Promise.all(Array.from({ length: CALLERS }, () => log.append(take())));
    return CALLERS;
  });
  await log.close();
  const verified = await log.verify();
  if (!verified.ok) throw new Error(`the benchmark log does not verify: ${verified.firstBad?.detail ?? ''}`);
  return { single, batched, concurrent, checkpoints: verified.checkpoints };
}

const WRITERS = 4;
const WRITER_PAUSE_MS = 2;
const WRITER_PROCESS = fileURLToPath(new URL('./audit-writer-process.js', import.meta.url));

/**
 * WRITERS processes appending to one SQLite log at once, one entry at a time with a short pause:
 * how long each append waits for the others' write lock and becomes durable.
 */
async function measureWriters(file: string, keysDir: string, perWriter: number): Promise<Summary> {
  const writers = Array.from({ length: WRITERS }, (_, i) => fork(WRITER_PROCESS, [file, keysDir, String(100 + i), String(perWriter), String(WRITER_PAUSE_MS)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  try {
    const ready = writers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('exit', (code) => reject(new Error(`an audit writer process ended before it was ready (status ${code})`)));
    }));
    await Promise.all(ready);
    const results = writers.map((w) => new Promise<number[]>((resolve, reject) => {
      w.once('message', (m) => resolve(m as number[]));
      w.once('exit', (code) => { if (code !== 0) reject(new Error(`an audit writer process failed (status ${code})`)); });
    }));
    for (const w of writers) w.send('go');
    return summarise((await Promise.all(results)).flat());
  } finally {
    for (const w of writers) if (w.exitCode === null) w.kill();
  }
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const ms = 2_500 * Math.max(scale, 0.2);
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-append-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const key = loadOrCreateHostKey(join(dir, 'keys'));
    const make = entryGenerator(7);
    const inputs = Array.from({ length: 20_000 }, make);

    progress('audit append: redaction and normalisation alone');
    const startedNorm = performance.now();
    let normalised = 0;
    while (performance.now() - startedNorm < ms / 2) normaliseEntry(inputs[normalised++ % inputs.length]!);
    const normRate = normalised / ((performance.now() - startedNorm) / 1000);

    const store = await SqliteAuditStore.open(join(dir, 'audit.db'));
    const sqlite = await measureLog(store, key, inputs, ms, progress, 'SQLite');
    await store.close();
    rows.push(row('SQLite, single durable appends, awaited one by one', rateFigures(sqlite.single), null, 'one transaction and one WAL sync per entry: bounded by the disk'));
    rows.push(row(`SQLite, batches of ${BATCH.toLocaleString('en-US')} per transaction`, rateFigures(sqlite.batched), RATE_BUDGET));
    rows.push(row(`SQLite, ${CALLERS} concurrent appends (group commit)`, rateFigures(sqlite.concurrent), RATE_BUDGET, `each resolves once durable; the ${CALLERS} share one transaction, which writes every index page they touch`));
    progress(`audit append: ${WRITERS} processes appending at once`);
    const writers = await measureWriters(join(dir, 'shared.db'), join(dir, 'keys'), Math.max(100, Math.round(1_000 * scale)));
    rows.push(row(`SQLite, ${WRITERS} processes appending at once, each one entry every ~${WRITER_PAUSE_MS} ms`, [
      { name: 'p50', value: writers.p50 / 1000, unit: 'ms' },
      { name: 'p99', value: writers.p99 / 1000, unit: 'ms' },
      { name: 'max', value: writers.max / 1000, unit: 'ms' },
      { name: 'n', value: writers.count, unit: 'count' },
    ], null, 'time from append to durable, waiting for the others\' write lock (as proxies, the daemon and hooks share a host\'s log)'));
    rows.push(row('redaction + normalisation alone', [{ name: 'rate', value: normRate, unit: '/s' }], null, 'part of every append above'));

    const url = postgresUrl();
    if (await postgresReachable(url)) {
      const schema = `warden_bench_${process.pid}`;
      const pgStore = await PostgresAuditStore.open({ connectionString: url, schema });
      try {
        const measured = await measureLog(pgStore, key, inputs, ms, progress, 'PostgreSQL');
        rows.push(row('PostgreSQL, single durable appends', rateFigures(measured.single), null));
        rows.push(row(`PostgreSQL, batches of ${BATCH.toLocaleString('en-US')}`, rateFigures(measured.batched), null, 'per CPU s counts this process only, not the server'));
        rows.push(row(`PostgreSQL, ${CALLERS} concurrent appends`, rateFigures(measured.concurrent), null));
      } finally {
        await pgStore.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
    } else {
      notes.push(`PostgreSQL rows skipped: nothing answers at ${url}`);
    }
    notes.push(`checkpoint signed (Ed25519) at least every 1,000 entries; ${sqlite.checkpoints} signed in the SQLite run, which verified afterwards`);
    notes.push(`SQLite file in ${tmpdir()} with journal_mode=WAL, synchronous=FULL; entries are varied commands and tool calls, redacted before hashing`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes };
}

export const auditAppendSection: Section = { name: 'audit-append', title: 'Audit log: appends per second', run };
