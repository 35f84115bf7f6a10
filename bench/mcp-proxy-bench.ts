// `warden proxy`: the latency it adds to a tools/call, measured side by side against a direct
// connection to the same server in one run (calls alternate between them, and a do-nothing relay
// shows the floor any process in the middle pays), its throughput with many calls in flight, and
// its resident memory. The proxy judges with a policy in enforce mode and the standard detection
// profile, and records every call in the audit log (SQLite, synchronous=FULL), holding the
// server's answer until the record is durable, as in real use.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, existsSync, fdatasyncSync, openSync, mkdtempSync, rmSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHostAuditLog } from '../src/store/host-audit-log.js';
import { residentMb } from './process-memory.js';
import { row, type Section, type SectionOptions, type SectionResult } from './section.js';
import { microsBetween, summarise } from './stats.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SERVER = fileURLToPath(new URL('../../test/fixtures/mcp/rogue-server.mjs', import.meta.url));
const RELAY = fileURLToPath(new URL('./relay-process.js', import.meta.url));

const POLICY = `version: 1
detection: { profile: standard }
roles:
  - name: bench
    mode: enforce
    mcp:
      - { id: no-crash, tool: "bench/crash", action: deny }
      - { tool: "bench/*", action: allow }
    defaults: { command: allow, mcp: deny, file: allow, web: allow }
`;

/** A minimal JSON-RPC client over a child's stdio, so the client adds as little as it can. */
class LineClient {
  private buffered = '';
  private next = 1;
  private readonly waiting = new Map<number, (line: string) => void>();

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      this.buffered += text;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) !== -1) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const id = (JSON.parse(line) as { id?: number }).id;
        if (typeof id === 'number') {
          this.waiting.get(id)?.(line);
          this.waiting.delete(id);
        }
      }
    });
  }

  request(method: string, params: unknown): Promise<string> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  async start(): Promise<void> {
    await this.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
    this.child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    await this.request('tools/list', {});
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('close', () => resolve());
      this.child.stdin.end();
    });
  }
}

/** Calls a session makes before the steady state is timed (timed on their own). */
const COLD_CALLS = 2_000;

const echo = (c: LineClient, text: string): Promise<string> => c.request('tools/call', { name: 'echo', arguments: { text } });

/**
 * The disk's own price of "durable before the answer": one append of about the size of an audit
 * record (write + fdatasync) to a file in the directory the audit log lives in, nothing else.
 */
function durableAppendFloor(dir: string, count: number): number[] {
  const file = join(dir, 'fdatasync-floor.bin');
  const fd = openSync(file, 'a', 0o600);
  const record = Buffer.from(`${JSON.stringify({ type: 'mcp_tool_call', subject: 'bench/echo', pad: 'x'.repeat(220) })}\n`);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count + 20; i++) {
      const t0 = process.hrtime.bigint();
      writeSync(fd, record);
      fdatasyncSync(fd);
      const t1 = process.hrtime.bigint();
      if (i >= 20) samples.push(microsBetween(t0, t1) / 1_000);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return samples;
}

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const home = mkdtempSync(join(tmpdir(), 'warden-proxy-bench-'));
  writeFileSync(join(home, 'policy.yaml'), POLICY);
  const env = { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home };
  const proxy = (wardenHome: string): LineClient =>
    new LineClient(spawn(process.execPath, [MAIN, 'proxy', '--name', 'bench', '--policy', join(home, 'policy.yaml'), '--', process.execPath, SERVER], { env: { ...env, WARDEN_HOME: wardenHome }, stdio: ['pipe', 'pipe', 'pipe'] }));
  // The same proxy with its audit log in memory-backed storage, where an fsync costs nothing: the
  // difference to the row above is what durability costs on this machine's disk.
  const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/warden-proxy-bench-') : null;
  // The audit log exists already, as on a host where Warden has run before: the proxies open it
  // without migrating its schema.
  for (const dir of [home, shm]) if (dir) await (await openHostAuditLog(dir)).close();
  const direct = new LineClient(spawn(process.execPath, [SERVER], { env }));
  const relayed = new LineClient(spawn(process.execPath, [RELAY, process.execPath, SERVER], { env }));
  const proxied = proxy(home);
  const inMemory = shm ? proxy(shm) : null;
  try {
    await Promise.all([direct.start(), relayed.start(), proxied.start(), inMemory?.start()]);
    // The proxies warm up meanwhile (synthetic calls of their own, see src/intercept/mcp/warm-up.ts).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssIdle = residentMb(proxied.child.pid);
    const calls = Math.max(200, Math.round(3_000 * scale));
    // A session's first calls run while V8 still compiles the code that judges and records them
    // and grows the young generation: they are timed apart from the steady state that follows.
    const cold = Math.max(200, Math.round(COLD_CALLS * scale));
    progress(`mcp-proxy: ${cold + calls} calls each way, alternating`);
    const d: number[] = [];
    const p: number[] = [];
    const m: number[] = [];
    const r: number[] = [];
    const order: [LineClient, number[]][] = [[direct, d], [relayed, r], [proxied, p], ...(inMemory ? [[inMemory, m] as [LineClient, number[]]] : [])];
    const dCold: number[] = [];
    const pCold: number[] = [];
    for (let i = 0; i < cold + calls; i++) {
      const shift = i % order.length;
      for (const [client, samples] of [...order.slice(shift), ...order.slice(0, shift)]) {
        const t0 = process.hrtime.bigint();
        const answer = await echo(client, `call ${i}`);
        const t1 = process.hrtime.bigint();
        if (!answer.includes(`call ${i}`)) throw new Error(`unexpected answer: ${answer}`);
        const ms = microsBetween(t0, t1) / 1_000;
        if (i >= cold) samples.push(ms);
        else if (client === direct) dCold.push(ms);
        else if (client === proxied) pCold.push(ms);
      }
    }
    const dc = summarise(dCold);
    const pc = summarise(pCold);
    const ds = summarise(d);
    const ps = summarise(p);
    const rs = summarise(r);
    progress('mcp-proxy: the disk floor, write + fdatasync beside audit.db');
    const floor = summarise(durableAppendFloor(home, Math.max(200, Math.round(1_000 * scale))));

    const burst = Math.max(500, Math.round(5_000 * scale));
    progress(`mcp-proxy: ${burst} calls in flight at once`);
    const throughput = async (c: LineClient): Promise<number> => {
      const t0 = process.hrtime.bigint();
      await Promise.all(Array.from({ length: burst }, (_, i) => echo(c, `b${i}`)));
      return burst / (microsBetween(t0, process.hrtime.bigint()) / 1e6);
    };
    const directRate = await throughput(direct);
    const proxiedRate = await throughput(proxied);
    const rss = residentMb(proxied.child.pid);

    const ms = (name: string, value: number) => ({ name, value, unit: 'ms' as const });
    const rows = [
      row('tools/call round trip, direct', [ms('p50', ds.p50), ms('p99', ds.p99), ms('max', ds.max), { name: 'n', value: ds.count, unit: 'count' }], null),
      row('tools/call round trip, through warden proxy', [ms('p50', ps.p50), ms('p99', ps.p99), ms('max', ps.max), { name: 'n', value: ps.count, unit: 'count' }], null),
      ...(m.length > 0 ? [row('tools/call round trip, through warden proxy, audit log on tmpfs', [ms('p50', summarise(m).p50), ms('p99', summarise(m).p99), ms('max', summarise(m).max), { name: 'n', value: m.length, unit: 'count' as const }], null)] : []),
      row(`first ${dCold.length.toLocaleString('en-US')} calls of a session: direct / through warden proxy`, [ms('p50', dc.p50), ms('p99', dc.p99), ms('proxy p50', pc.p50), ms('proxy p99', pc.p99)], null),
      row(`added latency over those first ${dCold.length.toLocaleString('en-US')} calls`, [ms('p50', pc.p50 - dc.p50), ms('p99', pc.p99 - dc.p99)], null),
      row('added latency, p50', [ms('added', ps.p50 - ds.p50)], { figure: 'added', op: '<', limit: 0.5, unit: 'ms', path: 'MCP proxy, added latency per tools/call vs direct (p50)' }),
      row('added latency, p99', [ms('added', ps.p99 - ds.p99)], { figure: 'added', op: '<', limit: 2, unit: 'ms', path: 'MCP proxy, added latency per tools/call vs direct (p99)' }),
      row('relay floor: added by a do-nothing process in the middle', [ms('p50', rs.p50 - ds.p50), ms('p99', rs.p99 - ds.p99)], null),
      row('added latency beyond the relay floor', [ms('p50', ps.p50 - rs.p50), ms('p99', ps.p99 - rs.p99)], null),
      row('disk floor: one durable append (write + fdatasync, ~300 B, beside audit.db)', [ms('p50', floor.p50), ms('p99', floor.p99), ms('max', floor.max), { name: 'n', value: floor.count, unit: 'count' }], null),
      row('tools/calls per second, many in flight', [{ name: 'direct', value: directRate, unit: '/s' }, { name: 'proxied', value: proxiedRate, unit: '/s' }], null),
      ...(rssIdle === null ? [] : [row('proxy resident memory, idle after tools/list', [{ name: 'rss', value: rssIdle, unit: 'MB' as const }], null)]),
      ...(rss === null ? [] : [row('proxy resident memory after the run', [{ name: 'rss', value: rss, unit: 'MB' as const }], null)]),
    ];
    return {
      rows,
      notes: [
        'one client, one server (test/fixtures/mcp/rogue-server.mjs, echo), calls alternating between a direct connection and one through warden proxy',
        'through the proxy each call is judged (policy, standard rule pack, detectors), forwarded while it is appended to the audit log with an fsync, and its answer held until the append is durable',
        'added latency is the difference of the two percentiles, measured in the same run; the audit log is in a temporary directory on disk',
        'the round-trip and budget rows time the calls after a session\'s first ones (steady state: the code that judges and records a call compiled, the young generation grown); the first-calls rows time those first calls on their own, where compiling and more frequent scavenges show',
        'the relay floor row is a Node process that only copies bytes between the client and the server (bench/relay-process.ts): the two extra pipe hops and wake-ups that any stdio proxy adds on this machine, before any judging or recording',
        'the disk floor row is the bench process alone appending ~300 bytes and calling fdatasync in the audit log\'s directory: no proxy answer held for a durable record can come back sooner than this',
        'the tmpfs row (Linux) is the same proxy with its audit log in /dev/shm: what is left when an fsync costs nothing',
        'each proxy warms up once initialize is answered (1,000 synthetic calls through a throwaway session, about half a second of CPU, interleaved with real messages), mostly within the 500 ms pause before the calls; the idle memory row includes it',
      ],
    };
  } finally {
    await Promise.all([direct.stop(), relayed.stop(), proxied.stop(), inMemory?.stop()]);
    rmSync(home, { recursive: true, force: true });
    if (shm) rmSync(shm, { recursive: true, force: true });
  }
}

export const mcpProxySection: Section = { name: 'mcp-proxy', title: 'MCP stdio proxy (warden proxy) vs a direct connection', run };
