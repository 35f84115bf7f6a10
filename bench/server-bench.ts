// The control plane: audit upload throughput through the API (a host's batches of 1,000 entries,
// JSON to stored rows with every hash and signature checked), a filtered page of the fleet audit
// log at 1,000,000 entries on SQLite, and the time from a role change to the event a host's
// stream receives, and a sessions page at 1,000,000 entries in 20,000 sessions (SQLite, PostgreSQL).
// The 1,000,000-entry database is built once under the temporary directory.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainBatch, type ChainState } from '../src/audit/chain-batch.js';
import { signCheckpoint } from '../src/audit/checkpoint.js';
import type { AuditEntryInput } from '../src/audit/entry.js';
import { recordJson } from '../src/audit/export/record-json.js';
import { keyIdOf, type HostKey } from '../src/audit/host-key.js';
import { normaliseEntry } from '../src/audit/normalise.js';
import { createApp } from '../src/server/app.js';
import { hashPassword } from '../src/server/auth/passwords.js';
import { createOrg } from '../src/server/org-setup.js';
import { SseReader } from '../src/server/testing/sse.js';
import type { FleetAuditFilter } from '../src/store/fleet/audit-query.js';
import type { FleetStore } from '../src/store/fleet/fleet-store.js';
import { dropSchema, uniqueSchema } from '../src/store/fleet/fleet-targets.js';
import { hashSecret, newSecret } from '../src/store/fleet/ids.js';
import type { HostRecord } from '../src/store/fleet/types.js';
import { openPostgresFleetStore } from '../src/store/postgres/postgres-fleet-store.js';
import { openSqliteFleetStore } from '../src/store/sqlite/sqlite-fleet-store.js';
import { postgresUrl, storeTargets } from '../src/store/store-targets.js';
import { BENCH_HOSTS, entryGenerator } from './audit-entries.js';
import { pgBenchStore, pgRows } from './server-pg-query.js';
import { sessionRows } from './server-sessions.js';
import { row, type Budget, type Figure, type Row, type Section, type SectionOptions, type SectionResult } from './section.js';
import { summarise, type Summary } from './stats.js';

const ROWS = 1_000_000;
const DAYS = 90;
const BATCH = 1_000;
const PAGE = 50;
const DATA_VERSION = 'v1';
const DAY_MS = 86_400_000;
const END = Date.parse('2025-06-30T00:00:00.000Z');
const ago = (days: number): string => new Date(END - days * DAY_MS).toISOString();
const QUERY_BUDGET: Budget = { figure: 'p99', op: '<', limit: 20, unit: 'ms', path: 'audit query, filtered page, 1,000,000 rows' };

function hostKey(): HostKey {
  const pair = generateKeyPairSync('ed25519');
  return { ...pair, keyId: keyIdOf(pair.publicKey) };
}

const pem = (k: HostKey): string => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface BenchHost {
  record: HostRecord;
  readonly key: HostKey;
  state: ChainState;
}

async function enrollHost(store: FleetStore, orgId: string, hostname: string): Promise<BenchHost> {
  const key = hostKey();
  const record = await store.hosts.enroll(orgId, { hostname, publicKey: pem(key), keyId: key.keyId, os: 'linux', agentVersion: 'bench', tokenHash: hashSecret(newSecret('wht')), roleId: null });
  return { record, key, state: { tail: null, lastTimeMs: 0, unsigned: 0, lastCheckpointMs: 0 } };
}

function chain(h: BenchHost, inputs: readonly AuditEntryInput[], atMs: number) {
  const b = chainBatch(h.state, inputs.map((e) => normaliseEntry({ ...e, host: h.record.hostname })), atMs, { every: 500, intervalMs: 60_000 }, (at, time) => signCheckpoint(h.key, 'checkpoint', at, time));
  h.state = b.state;
  return b;
}

async function buildDatabase(dir: string, progress: (m: string) => void): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const store = await openSqliteFleetStore(join(dir, 'server.db'), { synchronous: 'OFF' });
  try {
    const org = await createOrg(store, 'Bench');
    const hosts = new Map<string, BenchHost>();
    for (const name of BENCH_HOSTS) hosts.set(name, await enrollHost(store, org.id, name));
    const next = entryGenerator(17);
    const step = (DAYS * DAY_MS) / (ROWS / BATCH);
    let now = END - DAYS * DAY_MS;
    for (let n = 0; n < ROWS; n += BATCH) {
      if (n % 50_000 === 0) progress(`server: building the ${ROWS.toLocaleString('en-US')}-entry fleet database (${Math.round((100 * n) / ROWS)}%)`);
      const byHost = new Map<string, AuditEntryInput[]>();
      for (let i = 0; i < BATCH; i++) {
        const e = next();
        const list = byHost.get(e.host!) ?? [];
        list.push(e);
        byHost.set(e.host!, list);
      }
      for (const [name, inputs] of byHost) {
        const h = hosts.get(name)!;
        const b = chain(h, inputs, now);
        const r = await store.ingest(h.record, b.records, b.checkpoints);
        if (r.integrity.length) throw new Error(`bench data failed its own checks: ${r.integrity[0]!.detail}`);
        h.record = { ...h.record, lastSeq: r.stored };
      }
      now += step;
    }
    await store.db.selectFrom('orgs').selectAll().execute();
  } finally {
    await store.close();
  }
  writeFileSync(join(dir, 'complete'), `${ROWS}\n`);
}

interface Case {
  readonly label: string;
  readonly filter: FleetAuditFilter;
  /** Page this deep into the results (pages of PAGE). */
  readonly depth?: number;
}

const CASES: readonly Case[] = [
  { label: 'no filter', filter: {} },
  { label: 'decision=blocked', filter: { outcomes: ['blocked'] } },
  { label: 'decision=blocked,held,would_block', filter: { outcomes: ['blocked', 'held', 'would_block'] } },
  { label: 'severity=high+', filter: { severities: ['high', 'critical'] } },
  { label: 'severity=high+ host=host-07', filter: { severities: ['high', 'critical'], hosts: ['host-07'] } },
  { label: 'type=mcp_tool_call agent=cursor since=7d', filter: { types: ['mcp_tool_call'], agents: ['cursor'], since: ago(7) } },
  { label: 'binary=git decision=blocked', filter: { binaries: ['git'], outcomes: ['blocked'] } },
  { label: 'since=30d until=29d', filter: { since: ago(30), until: ago(29) } },
  { label: 'host=host-49 decision=held (rare)', filter: { hosts: ['host-49'], outcomes: ['held'] } },
  { label: 'decision=denied severity=critical host=host-33', filter: { outcomes: ['denied'], severities: ['critical'], hosts: ['host-33'] } },
  { label: 'decision=blocked, 20th page', filter: { outcomes: ['blocked'] }, depth: 20 },
];

const figures = (s: Summary, found: number): Figure[] => [
  { name: 'p50', value: s.p50, unit: 'ms' },
  { name: 'p99', value: s.p99, unit: 'ms' },
  { name: 'max', value: s.max, unit: 'ms' },
  { name: 'rows', value: found, unit: 'count' },
];

async function timeCases(store: FleetStore, orgId: string, label: string, scale: number, progress: (m: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const iterations = Math.max(20, Math.round(200 * scale));
  for (const c of CASES) {
    progress(`server: ${label} ${c.label}`);
    let cursor: string | null = null;
    for (let d = 1; d < (c.depth ?? 1); d++) cursor = (await store.queryAudit(orgId, c.filter, { limit: PAGE, cursor })).nextCursor;
    const samples: number[] = [];
    let found = 0;
    for (let i = 0; i < iterations + 3; i++) {
      const t0 = process.hrtime.bigint();
      const page = await store.queryAudit(orgId, c.filter, { limit: PAGE, cursor });
      if (i >= 3) samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      found = page.entries.length;
    }
    rows.push(row(`audit page (${label}): ${c.label}`, figures(summarise(samples), found), QUERY_BUDGET));
  }
  return rows;
}

async function postgresQueryRows(scale: number, progress: (m: string) => void, notes: string[]): Promise<Row[]> {
  const pg = (await storeTargets()).find((t) => t.dialect === 'postgres');
  if (!pg || pg.unavailable !== null) {
    notes.push(`PostgreSQL audit pages not measured: ${pg?.unavailable ?? 'not selected'}`);
    return [];
  }
  const n = pgRows();
  const { store, orgId, builtSeconds, schema } = await pgBenchStore(n, END, DAYS, progress);
  try {
    notes.push(builtSeconds === null ? `reused the PostgreSQL schema ${schema} (drop it to rebuild)` : `built ${n.toLocaleString('en-US')} PostgreSQL rows in ${builtSeconds.toFixed(1)} s with generate_series (no real chain: pages do not read hashes), schema ${schema}, kept for later runs`);
    return await timeCases(store, orgId, `PostgreSQL, ${n >= 1_000_000 ? `${n / 1_000_000}M` : n}`, scale, progress);
  } finally {
    await store.close();
  }
}

async function queryRows(scale: number, progress: (m: string) => void, notes: string[]): Promise<Row[]> {
  const dir = join(tmpdir(), `warden-bench-fleet-1m-${DATA_VERSION}`);
  const complete = join(dir, 'complete');
  if (!existsSync(complete) || readFileSync(complete, 'utf8').trim() !== String(ROWS)) {
    const started = performance.now();
    await buildDatabase(dir, progress);
    const s = (performance.now() - started) / 1000;
    notes.push(`built the 1,000,000-entry fleet database in ${s.toFixed(1)} s through the store's upload path (${Math.round(ROWS / s).toLocaleString('en-US')} entries/s with chains and signatures checked, synchronous=OFF); ${dir}; later runs reuse it`);
  } else notes.push(`reused the fleet database in ${dir} (delete it to rebuild)`);
  const store = await openSqliteFleetStore(join(dir, 'server.db'));
  let rows: Row[];
  try {
    rows = await timeCases(store, (await store.orgs.list())[0]!.id, 'SQLite, 1M', scale, progress);
  } finally {
    await store.close();
  }
  notes.push(`audit pages: ${PAGE} entries newest first through the fleet store's query (org-scoped SQL, row mapping, JSON parsing), warm cache; 50 hosts (skewed), 5 agents, 20 programs, 90 days`);
  return rows;
}

/** Entries/s through POST /api/v1/host/audit: one host, batches of BATCH, in-process. */
async function ingestRate(store: FleetStore, entries: number): Promise<number> {
  const app = createApp({ store });
  try {
    const org = await createOrg(store, 'Ingest');
    const h = await enrollHost(store, org.id, 'ingest-host');
    const token = newSecret('wht');
    await store.db.updateTable('hosts').set({ token_hash: hashSecret(token) }).where('id', '=', h.record.id).execute();
    const next = entryGenerator(5);
    const bodies: string[] = [];
    let t = Date.parse('2025-01-01T00:00:00.000Z');
    for (let n = 0; n < entries; n += BATCH) {
      const b = chain(h, Array.from({ length: BATCH }, next), (t += 1_000));
      bodies.push(JSON.stringify({ entries: b.records.map(recordJson), checkpoints: b.checkpoints }));
    }
    const started = performance.now();
    for (const body of bodies) {
      const res = await app.request('/api/v1/host/audit', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      const r = (await res.json()) as { accepted: number; integrity: unknown[] };
      if (res.status !== 200 || r.accepted !== BATCH || r.integrity.length) throw new Error(`upload failed: ${res.status} ${JSON.stringify(r).slice(0, 300)}`);
    }
    return entries / ((performance.now() - started) / 1000);
  } finally {
    app.close();
  }
}

/** From the PATCH that switches a role's mode to the event on a host's stream, in-process. */
async function policyPushLatency(store: FleetStore, rounds: number): Promise<Summary> {
  const app = createApp({ store });
  const org = await createOrg(store, 'Push');
  await store.users.create(org.id, 'bench@example.com', await hashPassword('bench password 1234'), 'admin');
  const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1234' }) });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const h = await enrollHost(store, org.id, 'push-host');
  const token = newSecret('wht');
  await store.db.updateTable('hosts').set({ token_hash: hashSecret(token) }).where('id', '=', h.record.id).execute();
  const role = (await store.roles.getDefault(org.id))!;
  const res = await app.request('/api/v1/host/events', { headers: { authorization: `Bearer ${token}` } });
  const events = new SseReader(res.body!);
  const samples: number[] = [];
  try {
    await events.next();
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await app.request(`/api/v1/roles/${role.id}`, { method: 'PATCH', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ mode: i % 2 ? 'monitor' : 'enforce' }) });
      await events.next();
      samples.push(performance.now() - t0);
    }
  } finally {
    await events.close();
    app.close();
  }
  return summarise(samples);
}

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const notes: string[] = [];
  const rows: Row[] = [];
  const entries = Math.max(5, Math.round(50 * scale)) * BATCH;
  const scratch = mkdtempSync(join(tmpdir(), 'warden-bench-server-'));
  try {
    progress('server: upload through the API (SQLite)');
    const sqlite = await openSqliteFleetStore(join(scratch, 'ingest.db'));
    try {
      rows.push(row('audit upload via API, SQLite (synchronous=FULL)', [{ name: 'rate', value: await ingestRate(sqlite, entries), unit: '/s' }], null));
    } finally {
      await sqlite.close();
    }
    const pg = (await storeTargets()).find((t) => t.dialect === 'postgres');
    if (pg && pg.unavailable === null) {
      progress('server: upload through the API (PostgreSQL)');
      const schema = uniqueSchema();
      const store = await openPostgresFleetStore({ connectionString: postgresUrl(), schema });
      try {
        rows.push(row('audit upload via API, PostgreSQL', [{ name: 'rate', value: await ingestRate(store, entries), unit: '/s' }], null));
      } finally {
        await store.close();
        await dropSchema(postgresUrl(), schema);
      }
    } else notes.push(`PostgreSQL upload not measured: ${pg?.unavailable ?? 'not selected'}`);
    notes.push(`uploads: ${entries.toLocaleString('en-US')} entries from one host in batches of ${BATCH} (JSON body, schema check, hash chain and signature checks, insert with 10 indexes, alerts for blocked entries)`);

    progress('server: role change to host event');
    const push = await openSqliteFleetStore(join(scratch, 'push.db'));
    try {
      const s = await policyPushLatency(push, Math.max(10, Math.round(50 * scale)));
      rows.push(row('role mode switch → event on the host stream (in-process, SQLite)', [{ name: 'p50', value: s.p50, unit: 'ms' }, { name: 'p99', value: s.p99, unit: 'ms' }], null));
    } finally {
      await push.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  rows.push(...(await queryRows(scale, progress, notes)));
  rows.push(...(await postgresQueryRows(scale, progress, notes)));
  rows.push(...(await sessionRows(scale, progress, notes)));
  notes.push('sessions pages: 50 sessions newest activity first, read from the per-session summaries, against the grouped query over every entry that they replaced (same data, same order and cursor)');
  if (pgRows() < 10_000_000) notes.push('PostgreSQL pages measured at 1,000,000 entries by default; WARDEN_BENCH_PG_ROWS=10000000 measures 10,000,000 (a long build, kept for later runs)');
  notes.push('the two-replica end-to-end test (test/e2e/server-replicas.test.ts) prints the time a role change takes to reach a host on another replica (LISTEN/NOTIFY)');
  return { rows, notes };
}

export const serverSection: Section = { name: 'server', title: 'Control plane: audit upload, fleet audit and sessions pages at 1,000,000 entries (SQLite, PostgreSQL), policy push', run };
