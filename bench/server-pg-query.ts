// Fleet audit pages on PostgreSQL, at 1,000,000 entries (WARDEN_BENCH_PG_ROWS for more, e.g.
// 10000000). The rows are made by the database itself (generate_series) in a schema of their own
// that later runs reuse: the pages do not look at hashes, so the data needs no real chain.
import pg from 'pg';
import type { FleetStore } from '../src/store/fleet/fleet-store.js';
import { openPostgresFleetStore } from '../src/store/postgres/postgres-fleet-store.js';
import { postgresUrl } from '../src/store/store-targets.js';
import { createOrg } from '../src/server/org-setup.js';

const DAY_MS = 86_400_000;

export const pgRows = (): number => {
  const n = Number(process.env.WARDEN_BENCH_PG_ROWS ?? 1_000_000);
  return Number.isSafeInteger(n) && n >= 10_000 ? n : 1_000_000;
};

/** Opens (building first when needed) the benchmark schema; returns the store, its org and the build time if it was built. */
export async function pgBenchStore(rows: number, end: number, days: number, progress: (m: string) => void): Promise<{ store: FleetStore; orgId: string; builtSeconds: number | null; schema: string }> {
  const schema = `warden_bench_fleet_${rows}_v1`;
  let store = await openPostgresFleetStore({ connectionString: postgresUrl(), schema, maxConnections: 8 });
  const existing = (await store.orgs.list())[0];
  const count = existing ? Number((await store.db.selectFrom('fleet_audit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst())?.n ?? 0) : 0;
  if (existing && count === rows) return { store, orgId: existing.id, builtSeconds: null, schema };
  await store.close();
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
  store = await openPostgresFleetStore({ connectionString: postgresUrl(), schema, maxConnections: 8 });
  const started = performance.now();
  const org = await createOrg(store, 'Bench');
  const client = new pg.Client({ connectionString: postgresUrl(), options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const step = (days * DAY_MS) / rows;
    const start = new Date(end - days * DAY_MS).toISOString();
    const chunk = 250_000;
    for (let from = 1; from <= rows; from += chunk) {
      progress(`server: building ${rows.toLocaleString('en-US')} PostgreSQL rows (${Math.round((100 * (from - 1)) / rows)}%)`);
      await client.query(
        `insert into fleet_audit (org_id, host_id, seq, time, hash, type, host, agent, session, tool, cwd, "binary", subject, arguments, verdict, outcome, severity, role, mode, rule, reason, latency_ms, findings)
         select $1, 'host_' || h, g, to_char(($2::timestamptz + (g * $3::double precision) * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           md5(g::text) || md5((g + 1)::text),
           case when r1 < 150 then 'mcp_tool_call' else 'command' end,
           'host-' || lpad(h::text, 2, '0'),
           (array['claude-code','cursor','gemini-cli','codex-cli','copilot-cli'])[1 + r2 % 5],
           's-' || (r2 % 5000), 'Bash', '/home/dev/app',
           case when r1 < 150 then null else (array['git','npm','ls','cat','grep','node','python3','curl','rm','kubectl','terraform','docker','make','sed','find','ssh','psql','cargo','go','aws'])[1 + r3 % 20] end,
           'command number ' || g, 'null',
           case when o < 930 then (case when o < 900 then 'allow' else 'flag' end) when o < 985 then 'block' else 'ask' end,
           case when o < 930 then 'allowed' when o < 960 then 'would_block' when o < 985 then 'blocked' when o < 995 then 'held' when o < 998 then 'approved' else 'denied' end,
           case when o < 900 then (case when r3 % 20 = 0 then 'low' else 'info' end) when o < 930 then 'medium' else (array['medium','high','high','critical'])[1 + r2 % 4] end,
           'developer', 'enforce', null, 'bench', 0.1, '[]'
         from (select g, abs(hashint8(g)) % 1000 as r1, abs(hashint8(g + 7)) as r2, abs(hashint8(g + 13)) as r3, abs(hashint8(g + 29)) % 1000 as o,
                      floor(50 * power((abs(hashint8(g + 41)) % 100000) / 100000.0, 2))::int as h
               from generate_series($4::bigint, $5::bigint) g) x`,
        [org.id, start, step, from, Math.min(rows, from + chunk - 1)],
      );
    }
    await client.query('analyze fleet_audit');
  } finally {
    await client.end();
  }
  return { store, orgId: org.id, builtSeconds: (performance.now() - started) / 1000, schema };
}
