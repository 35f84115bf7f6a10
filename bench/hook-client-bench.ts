// The compiled hook client (build/bin/warden-hook): wall time of one hook call as an agent sees it,
// from starting the client to its exit, through what answers on the daemon socket: the real daemon
// (`warden agent start --foreground`) when this build has it, and a protocol test server that
// answers at once (the client's own cost). Each row's label says which.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STARTER_POLICY } from '../src/core/policy/starter-policy.js';
import { row, type Figure, type Row, type SectionOptions, type SectionResult, type Section } from './section.js';
import { microsBetween, summarise } from './stats.js';

const CLIENT = fileURLToPath(new URL('../bin/warden-hook', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const claude = (command: string): string => JSON.stringify({ session_id: 'bench', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

interface Case {
  readonly label: string;
  readonly agent: string;
  readonly input: string;
  /** What the answer must be, so that a fallback or a failure is not timed as a fast answer. */
  readonly expect: (stdout: string) => boolean;
}

const EMPTY_ALLOW: Case = { label: 'claude-code, allowed (git status)', agent: 'claude-code', input: claude('git status'), expect: (out) => out === '' };
const DENY: Case = { label: 'claude-code, blocked (git push --force)', agent: 'claude-code', input: claude('git push --force'), expect: (out) => out.includes('"deny"') };

// A server speaking the daemon protocol that answers every request at once with an empty allow:
// what is left is the client's own cost (process start, connect, send, read, print). It runs in
// its own process, so that the client's runs can be timed with spawnSync.
const PROTOCOL_SERVER = `
import { createServer } from 'node:net';
const server = createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', () => {});
  socket.on('data', () => {});
  socket.on('end', () => socket.end('0 0 0\\n'));
});
server.listen(process.argv[1], () => process.stdout.write('ready\\n'));
`;

interface Target {
  readonly label: string;
  stop(): void;
}

/** Starts `args` and resolves once its stdout has said `ready`. */
function startServer(label: string, args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Target> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    const failed = (why: string) => reject(new Error(`${label}: ${why}: ${out}`));
    child.once('error', (error) => failed(error.message));
    child.once('exit', (code) => failed(`exited (${code}) before it was ready`));
    child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) {
        child.removeAllListeners('exit');
        resolve({ label, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}

const daemonAvailable = (): boolean =>
  existsSync(MAIN) && (spawnSync(process.execPath, [MAIN, 'agent', 'start', '--help'], { encoding: 'utf8' }).stdout ?? '').includes('--foreground');

function timeRuns(file: string, args: readonly string[], c: Case, runs: number, env: NodeJS.ProcessEnv): Figure[] {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, args, { input: c.input, encoding: 'utf8', env, timeout: 60_000 });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0 || !c.expect(r.stdout)) throw new Error(`${file} ${args.join(' ')} (${c.label}): unexpected answer (status ${r.status}): ${r.stdout}${r.stderr}`);
    // The first run warms the caches and is not counted.
    if (i > 0) samples.push(microsBetween(t0, t1) / 1_000);
  }
  const s = summarise(samples);
  return [
    { name: 'p50', value: s.p50, unit: 'ms' },
    { name: 'p99', value: s.p99, unit: 'ms' },
    { name: 'max', value: s.max, unit: 'ms' },
    { name: 'n', value: s.count, unit: 'count' },
  ];
}

const BUDGET = { figure: 'p50', op: '<', limit: 15, unit: 'ms', path: 'agent hook, process start to answer, daemon running' } as const;

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  if (!existsSync(CLIENT)) return { rows: [], notes: [`${CLIENT} is missing: the build found no C compiler, so agents run the Node hook command`] };
  const home = mkdtempSync(join(tmpdir(), 'warden-hook-client-bench-'));
  const targets: Target[] = [];
  try {
    writeFileSync(join(home, 'policy.yaml'), STARTER_POLICY, { mode: 0o600 });
    // WARDEN_NODE points nowhere: a call that fell back would fail the run rather than be timed.
    const env = { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home, WARDEN_NODE: join(home, 'no-fallback') };
    const runs = Math.max(20, Math.round(200 * scale));
    const rows: Row[] = [];
    const withDaemon = daemonAvailable();
    if (withDaemon) {
      progress('hook-client: starting the daemon');
      const daemon = await startServer('the daemon', [MAIN, 'agent', 'start', '--foreground'], env, /listening on/);
      targets.push(daemon);
      for (const c of [EMPTY_ALLOW, DENY]) {
        progress(`hook-client: ${c.label} → the daemon`);
        rows.push(row(`warden-hook ${c.label} → the daemon`, timeRuns(CLIENT, [c.agent], c, runs, env), BUDGET));
      }
      daemon.stop();
      targets.pop();
    }
    // Its own WARDEN_HOME: the daemon's socket may not be gone yet.
    const stubEnv = { ...env, WARDEN_HOME: join(home, 'stub') };
    mkdirSync(stubEnv.WARDEN_HOME, { mode: 0o700 });
    targets.push(await startServer('the protocol test server', ['--input-type=module', '-e', PROTOCOL_SERVER, join(stubEnv.WARDEN_HOME, 'warden.sock')], stubEnv, /ready/));
    progress('hook-client: → the protocol test server');
    rows.push(row('warden-hook claude-code → the protocol test server (answers at once, judges nothing)', timeRuns(CLIENT, ['claude-code'], EMPTY_ALLOW, runs, stubEnv), null));
    progress('hook-client: /bin/true');
    rows.push(row('/bin/true (process start alone, for scale)', timeRuns('/bin/true', [], EMPTY_ALLOW, runs, env), null));
    return {
      rows,
      notes: [
        withDaemon
          ? 'the daemon: warden agent start --foreground with the starter policy, judging each call and recording it in the audit log (synchronous=FULL) before answering'
          : 'no daemon in this build (warden agent start --foreground): only the protocol test server answered, so the DESIGN.md budget is not measured here',
        'the protocol test server answers every call at once with an empty allow: what remains is the client (process start, read stdin, connect, send, read, print)',
        'process start to exit, as an agent waits for it',
      ],
    };
  } finally {
    for (const t of targets) t.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export const hookClientSection: Section = { name: 'hook-client', title: 'Compiled hook client (warden-hook)', run };
