// The compiled hook client (build/bin/warden-hook): wall time of one hook call as an agent sees it,
// from starting the client to its exit, through whatever answers on the daemon socket. Which one
// that was is said in the row label and the notes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { row, type Figure, type Row, type SectionOptions, type SectionResult, type Section } from './section.js';
import { microsBetween, summarise } from './stats.js';

const CLIENT = fileURLToPath(new URL('../bin/warden-hook', import.meta.url));

const PAYLOAD = JSON.stringify({ session_id: 'bench', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'git status' } });

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
  /** The DESIGN.md budget applies only to the real daemon. */
  readonly daemon: boolean;
  stop(): void;
}

function startProtocolServer(home: string): Promise<Target> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', PROTOCOL_SERVER, join(home, 'warden.sock')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the protocol test server exited (${code}) before it was ready`)));
    child.stdout?.once('data', () => resolve({ label: 'the protocol test server (answers at once, judges nothing)', daemon: false, stop: () => child.kill() }));
  });
}

function timeRuns(args: readonly string[], file: string, runs: number, env: NodeJS.ProcessEnv): Figure[] {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, args, { input: PAYLOAD, encoding: 'utf8', env, timeout: 60_000 });
    const t1 = process.hrtime.bigint();
    // An empty allow, exit 0: a client that fell back or failed is not timed as a fast one.
    if (r.status !== 0 || r.stdout !== '' || r.stderr !== '') throw new Error(`${file} ${args.join(' ')}: unexpected answer (status ${r.status}): ${r.stdout}${r.stderr}`);
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

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  if (!existsSync(CLIENT)) return { rows: [], notes: [`${CLIENT} is missing: the build found no C compiler, so agents run the Node hook command`] };
  const home = mkdtempSync(join(tmpdir(), 'warden-hook-client-bench-'));
  const target = await startProtocolServer(home);
  try {
    // WARDEN_NODE points nowhere: a fallback would fail the run instead of being timed.
    const env = { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home, WARDEN_NODE: join(home, 'no-fallback') };
    const runs = Math.max(20, Math.round(200 * scale));
    progress(`hook-client: through ${target.label}`);
    const budget = target.daemon ? { figure: 'p50', op: '<', limit: 15, unit: 'ms', path: 'agent hook, process start to answer, daemon running' } as const : null;
    const rows: Row[] = [row(`warden-hook claude-code → ${target.label}`, timeRuns(['claude-code'], CLIENT, runs, env), budget)];
    progress('hook-client: /bin/true');
    rows.push(row('/bin/true (process start alone, for scale)', timeRuns([], '/bin/true', runs, env), null));
    return {
      rows,
      notes: [
        `answered by ${target.label}`,
        'process start to exit, as an agent waits for it: start the client, read stdin, connect, send, read the answer, print it',
        ...(target.daemon ? [] : ['the DESIGN.md budget (p50 < 15 ms, daemon running) is for the real daemon, which also judges and records the call']),
      ],
    };
  } finally {
    target.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export const hookClientSection: Section = { name: 'hook-client', title: 'Compiled hook client (warden-hook)', run };
