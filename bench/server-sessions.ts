// The sessions list at 1,000,000 entries in 20,000 sessions (50 calls each, 50 hosts), on SQLite
// and PostgreSQL: the page read from the per-session summaries against the grouped query over
// every audit entry that it replaced, on the same data. The rows are made by the database itself
// (the page reads no hashes), then summarised by the migration's back-fill, which is timed too.
import { sql, type Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg } from '../src/server/org-setup.js';
import type { FleetStore } from '../src/store/fleet/fleet-store.js';
import { dropSchema, uniqueSchema } from '../src/store/fleet/fleet-targets.js';
import type { FleetDatabase } from '../src/store/fleet/schema.js';
import { rebuildAllSessions } from '../src/store/fleet/session-summary.js';
import { openPostgresFleetStore } from '../src/store/postgres/postgres-fleet-store.js';
import { openSqliteFleetStore } from '../src/store/sqlite/sqlite-fleet-store.js';
import { postgresUrl, storeTargets } from '../src/store/store-targets.js';
import { row, type Row } from './section.js';
import { summarise } from './stats.js';

const ROWS = 1_000_000;
const PER_SESSION = 50;
const HOSTS = 50;
const PAGE = 50;
const START_MS = Date.parse('2025-04-01T00:00:00.000Z');
const STEP_MS = 90 * 86_400_000 / ROWS;

/** Entry n (1..ROWS) of session floor((n-1)/50) on host session % 50; one in 40 blocked, one in 33 would_block. */
function insertSql(dialect: 'sqlite' | 'postgres', orgId: string) {
  const cols = 'org_id, host_id, seq, time, hash, type, host, agent, session, tool, cwd, "binary", subject, arguments, verdict, outcome, severity, role, mode, rule, reason, latency_ms, findings';
  const body = (n: string, time: string, pad: string) => `
    select '${orgId}', 'host_' || (((${n} - 1) / ${PER_SESSION}) % ${HOSTS}), ${n}, ${time}, 'h' || ${n}, 'command', 'host-' || ${pad}, 'claude-code',
      's-' || ((${n} - 1) / ${PER_SESSION}), 'Bash', '/w', 'git', 'git status ' || ${n}, 'null',
      case when ${n} % 40 = 0 then 'block' else 'allow' end, case when ${n} % 40 = 0 then 'blocked' when ${n} % 33 = 0 then 'would_block' else 'allowed' end,
      'info', 'developer', 'enforce', null, 'bench', 0.1, '[]'`;
  if (dialect === 'sqlite') {
    return `with recursive g(n) as (select 1 union all select n + 1 from g where n < ${ROWS})
      insert into fleet_audit (${cols}) ${body('n', `strftime('%Y-%m-%dT%H:%M:%fZ', ${START_MS / 1000} + n * ${STEP_MS / 1000}, 'unixepoch')`, "substr('0' || (((n - 1) / 50) % 50), -2)")} from g`;
  }
  return `insert into fleet_audit (${cols}) ${body('n', `to_char((to_timestamp(${START_MS / 1000}) + (n::double precision * ${STEP_MS}) * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, "lpad((((n - 1) / 50) % 50)::text, 2, '0')")} from generate_series(1, ${ROWS}) n`;
}

/** The sessions page as it was read before the summaries: every entry of the org grouped by (host, session). */
async function groupedPage(db: Kysely<FleetDatabase>, orgId: string, hostId: string | null, after: readonly [string, string, string] | null): Promise<number> {
  const rows = await sql<{ last_time: string }>`
    select a.session, a.host_id, max(h.hostname) as hostname, max(a.agent) as agent, min(a.time) as first_time, max(a.time) as last_time, count(*) as calls,
      sum(case when a.outcome = 'blocked' then 1 else 0 end) as blocked
    from fleet_audit a left join hosts h on h.id = a.host_id
    where a.org_id = ${orgId} and a.session is not null ${hostId === null ? sql`` : sql`and a.host_id = ${hostId}`}
    group by a.host_id, a.session
    ${after === null ? sql`` : sql`having (max(a.time), a.host_id, a.session) < (${after[0]}, ${after[1]}, ${after[2]})`}
    order by last_time desc, a.host_id desc, a.session desc limit ${PAGE + 1}`.execute(db);
  return rows.rows.length;
}

async function measure(store: FleetStore, dialect: 'sqlite' | 'postgres', scale: number, progress: (m: string) => void): Promise<{ rows: Row[]; note: string }> {
  const org = await createOrg(store, 'Sessions');
  progress(`server: ${dialect} sessions data (${ROWS.toLocaleString('en-US')} entries)`);
  const t0 = performance.now();
  await sql.raw(insertSql(dialect, org.id)).execute(store.db);
  const built = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await rebuildAllSessions(store.db as Kysely<unknown>);
  await sql.raw(dialect === 'sqlite' ? 'analyze' : 'analyze fleet_audit; analyze fleet_sessions').execute(store.db);
  const backfill = (performance.now() - t1) / 1000;
  const sessions = Number((await store.db.selectFrom('fleet_sessions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  let deep: string | null = null;
  for (let i = 1; i < 20; i++) deep = (await store.listSessions(org.id, { limit: PAGE, cursor: deep })).nextCursor;
  const deepKey = JSON.parse(Buffer.from(deep!, 'base64url').toString('utf8')) as [string, string, string];
  const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const cases = [
    { name: 'first page', hostId: null, cursor: null, key: null },
    { name: 'hostId=host_7', hostId: 'host_7', cursor: null, key: null },
    { name: '20th page', hostId: null, cursor: deep, key: deepKey },
  ] as const;
  const rows: Row[] = [];
  for (const c of cases) {
    progress(`server: ${dialect} sessions ${c.name}`);
    const time = async (n: number, fn: () => Promise<unknown>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n + 1; i++) {
        const s = performance.now();
        await fn();
        if (i > 0) out.push(performance.now() - s);
      }
      return out;
    };
    const before = summarise(await time(Math.max(3, Math.round(5 * scale)), () => groupedPage(store.db, org.id, c.hostId, c.key)));
    const after = summarise(await time(Math.max(20, Math.round(200 * scale)), () => store.listSessions(org.id, { limit: PAGE, cursor: c.cursor, ...(c.hostId ? { hostId: c.hostId } : {}) })));
    rows.push(row(`sessions page (${label}, 1M entries, ${sessions.toLocaleString('en-US')} sessions): ${c.name}, grouped over every entry (before)`, [{ name: 'p50', value: before.p50, unit: 'ms' }, { name: 'max', value: before.max, unit: 'ms' }], null));
    rows.push(row(`sessions page (${label}, 1M entries, ${sessions.toLocaleString('en-US')} sessions): ${c.name}, from the session summaries`, [{ name: 'p50', value: after.p50, unit: 'ms' }, { name: 'p99', value: after.p99, unit: 'ms' }, { name: 'max', value: after.max, unit: 'ms' }], null));
  }
  return { rows, note: `${label} sessions data: ${ROWS.toLocaleString('en-US')} entries inserted in ${built.toFixed(1)} s, summaries back-filled (migration 0006's query) in ${backfill.toFixed(1)} s` };
}

/** Both dialects (PostgreSQL when reachable), each on a fresh database removed afterwards. */
export async function sessionRows(scale: number, progress: (m: string) => void, notes: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-sessions-'));
  try {
    const store = await openSqliteFleetStore(join(dir, 'server.db'), { synchronous: 'OFF' });
    try {
      const r = await measure(store, 'sqlite', scale, progress);
      rows.push(...r.rows);
      notes.push(r.note);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = (await storeTargets()).find((t) => t.dialect === 'postgres');
  if (!pg || pg.unavailable !== null) {
    notes.push(`PostgreSQL sessions pages not measured: ${pg?.unavailable ?? 'not selected'}`);
    return rows;
  }
  const schema = uniqueSchema();
  const store = await openPostgresFleetStore({ connectionString: postgresUrl(), schema });
  try {
    const r = await measure(store, 'postgres', scale, progress);
    rows.push(...r.rows);
    notes.push(r.note);
  } finally {
    await store.close();
    await dropSchema(postgresUrl(), schema);
  }
  return rows;
}
