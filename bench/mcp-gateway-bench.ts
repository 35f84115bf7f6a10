// `warden gateway` (the built CLI): time of one tools/call over MCP Streamable HTTP through the
// gateway, beside the same call sent straight to the same upstream, alternating one and the other
// in one run so both see the same machine. What is added is judging, the durable audit record
// (SQLite with synchronous=FULL: one fsync per commit), and one more HTTP hop on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { row, type Figure, type SectionOptions, type SectionResult, type Section } from './section.js';
import { summarise, type Summary } from './stats.js';

const WARDEN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const RELAY = fileURLToPath(new URL('./http-relay-process.js', import.meta.url));

// A Streamable HTTP upstream that answers every request at once with a small JSON result, in its
// own process: what is left is the cost of the path, not of a tool.
const UPSTREAM = `
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const m = JSON.parse(Buffer.concat(parts).toString());
    if (m.id === undefined) { res.writeHead(202).end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'ok' }] } }));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
`;

const POLICY = `version: 1
roles:
  - name: bench
    mode: enforce
    mcp:
      - { tool: "bench/*", action: allow }
    defaults: { command: allow, mcp: allow, file: allow, web: allow }
`;

function started(child: ChildProcess, ready: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer): void => {
      text += d.toString();
      const m = ready.exec(text);
      if (m) resolve(m);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready:\n${text}`)));
  });
}

async function call(url: string, id: number): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { message: `call ${id}`, path: '/tmp/x' } } }),
  });
  const body = (await res.json()) as { id?: number; result?: unknown };
  if (res.status !== 200 || body.id !== id || body.result === undefined) throw new Error(`${url}: unexpected answer ${res.status} ${JSON.stringify(body)}`);
}

/** Calls made before the steady state is timed (timed on their own). */
const COLD_CALLS = 2_000;

const figures = (s: Summary): Figure[] => [
  { name: 'p50', value: s.p50, unit: 'ms' },
  { name: 'p99', value: s.p99, unit: 'ms' },
  { name: 'mean', value: s.mean, unit: 'ms' },
  { name: 'n', value: s.count, unit: 'count' },
];

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const home = mkdtempSync(join(tmpdir(), 'warden-gateway-bench-'));
  const children: ChildProcess[] = [];
  try {
    writeFileSync(join(home, 'policy.yaml'), POLICY);
    const upstream = spawn(process.execPath, ['--input-type=module', '-e', UPSTREAM], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(upstream);
    const direct = `http://127.0.0.1:${(await started(upstream, /port (\d+)/))[1]}/mcp`;
    const env = { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home, NO_COLOR: '1' };
    const gw = spawn(process.execPath, [WARDEN, 'gateway', '--listen', '127.0.0.1:0', '--upstream', direct, '--name', 'bench', '--policy', join(home, 'policy.yaml')], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(gw);
    const through = (await started(gw, /listening on (http:\/\/\S+\/mcp)/))[1]!;
    const relay = spawn(process.execPath, [RELAY, direct], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(relay);
    const relayed = `http://127.0.0.1:${(await started(relay, /port (\d+)/))[1]}/mcp`;
    // The gateway warms up once it listens (synthetic calls of its own, see src/intercept/mcp/warm-up.ts).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const runs = Math.max(50, Math.round(3_000 * scale));
    // A session's first calls run while V8 still compiles the code that judges and records them
    // (on both sides of each hop): they are timed apart from the steady state that follows.
    const cold = Math.max(100, Math.round(COLD_CALLS * scale));
    progress(`mcp-gateway: ${cold + runs} tools/call each way`);
    const d: number[] = [];
    const g: number[] = [];
    const r: number[] = [];
    const dCold: number[] = [];
    const gCold: number[] = [];
    for (let i = 0; i < cold + runs; i++) {
      const [dOut, gOut] = i < cold ? [dCold, gCold] : [d, g];
      // Alternate which goes first, so neither always follows the other; the relay floor is
      // timed in the steady state only.
      const order = (i % 2 === 0 ? [[direct, dOut], [through, gOut]] : [[through, gOut], [direct, dOut]]) as [string, number[]][];
      if (i >= cold) order.splice(i % 3, 0, [relayed, r]);
      for (const [url, out] of order) {
        const t0 = process.hrtime.bigint();
        await call(url, 1_000 + i);
        out.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    const cd = summarise(dCold);
    const cg = summarise(gCold);
    const sd = summarise(d);
    const sg = summarise(g);
    const sr = summarise(r);
    const added: Figure[] = [
      { name: 'p50', value: sg.p50 - sd.p50, unit: 'ms' },
      { name: 'p99', value: sg.p99 - sd.p99, unit: 'ms' },
    ];
    return {
      rows: [
        row('tools/call straight to the upstream (Streamable HTTP, JSON)', figures(sd), null),
        row('tools/call through warden gateway', figures(sg), null),
        row(`first ${cold.toLocaleString('en-US')} calls: straight / through warden gateway`, [{ name: 'p50', value: cd.p50, unit: 'ms' }, { name: 'p99', value: cd.p99, unit: 'ms' }, { name: 'gateway p50', value: cg.p50, unit: 'ms' }, { name: 'gateway p99', value: cg.p99, unit: 'ms' }], null),
        row(`added over those first ${cold.toLocaleString('en-US')} calls`, [{ name: 'p50', value: cg.p50 - cd.p50, unit: 'ms' }, { name: 'p99', value: cg.p99 - cd.p99, unit: 'ms' }], null),
        row('relay floor: added by a do-nothing HTTP hop', [{ name: 'p50', value: sr.p50 - sd.p50, unit: 'ms' }, { name: 'p99', value: sr.p99 - sd.p99, unit: 'ms' }], null),
        row('added by the gateway beyond the relay floor', [{ name: 'p50', value: sg.p50 - sr.p50, unit: 'ms' }, { name: 'p99', value: sg.p99 - sr.p99, unit: 'ms' }], null),
        row('added by the gateway, p50', added, { figure: 'p50', op: '<', limit: 0.5, unit: 'ms', path: 'MCP proxy, added latency per tools/call vs direct' }),
        row('added by the gateway, p99', added, { figure: 'p99', op: '<', limit: 2, unit: 'ms', path: 'MCP proxy, added latency per tools/call vs direct' }),
      ],
      notes: [
        'one client, calls one after another over keep-alive connections on loopback; the upstream answers at once',
        'through the gateway each call is judged (role rules, rule pack, detectors), forwarded while it is recorded in the audit log (SQLite, synchronous=FULL), and its result is scanned and held until the record is durable',
        'added = percentile through the gateway minus the same percentile direct',
        'the relay floor row is a Node process that only forwards each request to the upstream and the answer back, over keep-alive connections (bench/http-relay-process.ts): the hop any HTTP gateway adds on this machine, before judging or recording',
        'the straight, through and added rows time the calls after a client\'s first ones (steady state: the code on both sides of each hop compiled); the first-calls rows time those first calls on their own',
        'the gateway warms up once it listens (1,000 synthetic calls through a throwaway session, about half a second of CPU), within the 1 s pause before the calls',
      ],
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

export const mcpGatewaySection: Section = { name: 'mcp-gateway', title: 'MCP gateway (warden gateway, Streamable HTTP)', run };
