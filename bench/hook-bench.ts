// `warden hook` (the Node command): wall time of one hook call as an agent sees it, from starting
// the process to its exit, with the daemon up (the call goes over its socket) and with it down
// (the call judges in its own process); and the daemon's resident memory after serving them, and
// after thousands of decisions more sent straight to its socket (sustained load, where garbage
// promoted past a small young generation piles up in the old one until a full collection).
// The compiled client's figures are in the hook-client section (bench/hook-client-bench.ts).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { askDaemon } from '../src/agent/daemon/client.js';
import { STARTER_POLICY } from '../src/core/policy/starter-policy.js';
import { corpus } from './corpus.js';
import { residentMb } from './process-memory.js';
import { startDaemon, stopped } from './daemon-process.js';
import { row, type Figure, type Row, type Section, type SectionOptions, type SectionResult } from './section.js';
import { microsBetween, summarise } from './stats.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly input: string;
  /** What the answer must hold, so a broken hook is not timed as a fast one. */
  readonly expect: (stdout: string) => boolean;
}

const claude = (tool: string, input: object): string => JSON.stringify({ session_id: 'bench', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });

const HOOK_CASES: readonly Case[] = [
  { label: 'Claude Code Bash, allowed (git status)', args: [MAIN, 'hook', 'claude-code'], input: claude('Bash', { command: 'git status' }), expect: (out) => out === '' },
  { label: 'Claude Code TodoWrite, nothing to judge', args: [MAIN, 'hook', 'claude-code'], input: claude('TodoWrite', { todos: [] }), expect: (out) => out === '' },
  // Last: the daemon's risk detector remembers the blocks, and raises later calls of the same agent.
  { label: 'Claude Code Bash, blocked (git push --force)', args: [MAIN, 'hook', 'claude-code'], input: claude('Bash', { command: 'git push --force' }), expect: (out) => out.includes('"deny"') },
];
const NODE_ALONE: Case = { label: 'node -e 0 (process start alone, for scale)', args: ['-e', '0'], input: '', expect: () => true };

const BUDGET_HOOK = { figure: 'p50', op: '<', limit: 15, unit: 'ms', path: 'agent hook, process start to answer, daemon running' } as const;
const BUDGET_RSS = { figure: 'rss', op: '<', limit: 100, unit: 'MB', path: 'daemon resident memory' } as const;

function timeRuns(c: Case, runs: number, env: NodeJS.ProcessEnv): Figure[] {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { input: c.input, encoding: 'utf8', env, timeout: 60_000 });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0 || !c.expect(r.stdout)) throw new Error(`${c.label}: unexpected answer (status ${r.status}): ${r.stdout}${r.stderr}`);
    // The first run warms the file cache and is not counted.
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

interface DaemonStatus { readonly counts: { readonly requests: number }; readonly rssBytes: number }

function daemonStatus(env: NodeJS.ProcessEnv): DaemonStatus {
  const r = spawnSync(process.execPath, [MAIN, 'agent', 'status', '--json'], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`the daemon does not answer: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as DaemonStatus;
}

/** Claude Code Bash calls of the bench corpus (simple and compound lines), one after another, straight to the socket. */
async function sustainedLoad(home: string, count: number, pid: number | undefined): Promise<number | null> {
  const lines = [...corpus('simple', 2_000), ...corpus('compound', 1_000)].flatMap((e) => (e.kind === 'command' ? [e.command] : []));
  const socket = join(home, 'warden.sock');
  for (let i = 0; i < count; i++) {
    const reply = await askDaemon(socket, 'HOOK claude-code', claude('Bash', { command: lines[i % lines.length] }), 10_000);
    if (reply.kind !== 'answer') throw new Error(`the daemon did not answer decision ${i}: ${reply.reason}`);
  }
  return residentMb(pid, 'VmHWM');
}

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const home = mkdtempSync(join(tmpdir(), 'warden-hook-bench-'));
  let daemon: ChildProcess | null = null;
  try {
    writeFileSync(join(home, 'policy.yaml'), STARTER_POLICY, { mode: 0o600 });
    const env = { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home };
    const runs = Math.max(10, Math.round(50 * scale));
    const rows: Row[] = [];

    progress('hook: starting the daemon');
    daemon = await startDaemon(env);
    for (const c of HOOK_CASES) {
      progress(`hook: ${c.label}, daemon up`);
      const before = daemonStatus(env).counts.requests;
      const figures = timeRuns(c, runs, env);
      // Every call must have been the daemon's: a fallback would be timed as the wrong path.
      const served = daemonStatus(env).counts.requests - before;
      const expected = c.label.includes('nothing to judge') ? 0 : runs + 1;
      if (served !== expected) throw new Error(`${c.label}: the daemon served ${served} calls, not ${expected}`);
      rows.push(row(`${c.label}, daemon up`, figures, BUDGET_HOOK));
    }
    const rss = daemonStatus(env).rssBytes / 1_048_576;
    rows.push(row('daemon resident memory after the calls above', [{ name: 'rss', value: rss, unit: 'MB' }], null));
    const sustained = Math.max(1_000, Math.round(5_000 * scale));
    progress(`hook: ${sustained} decisions over the daemon's socket`);
    const peak = await sustainedLoad(home, sustained, daemon.pid);
    rows.push(row(`daemon resident memory after ${sustained.toLocaleString('en-US')} more decisions`, [
      { name: 'rss', value: daemonStatus(env).rssBytes / 1_048_576, unit: 'MB' },
      ...(peak === null ? [] : [{ name: 'peak', value: peak, unit: 'MB' as const }]),
    ], BUDGET_RSS));
    await stopped(daemon);
    daemon = null;

    for (const c of HOOK_CASES) {
      progress(`hook: ${c.label}, daemon down`);
      rows.push(row(`${c.label}, daemon down (judged and recorded in-process)`, timeRuns(c, runs, env), null));
    }
    progress(`hook: ${NODE_ALONE.label}`);
    rows.push(row(NODE_ALONE.label, timeRuns(NODE_ALONE, runs, env), null));
    return {
      rows,
      notes: [
        'process start to exit, as an agent waits for it: node start, the CLI, reading stdin, the answer; every judged call is in the audit log (synchronous=FULL) before its answer',
        'daemon up: warden hook sends the payload over $WARDEN_HOME/warden.sock; the daemon holds the policy, the grammar, the rule pack and the detectors loaded; a call with nothing to judge is answered by the hook without asking it',
        'daemon down: each call loads all of that itself and opens, appends to and signs the audit log; calls with nothing to judge skip it',
        'the compiled hook client (what install writes when the build has it) is measured in the hook-client section',
        'sustained load: Claude Code Bash calls of the engine bench corpus (simple and compound lines) sent one after another to the daemon socket, each judged and recorded; peak is the highest resident size the daemon reached (VmHWM)',
      ],
    };
  } finally {
    if (daemon) await stopped(daemon);
    rmSync(home, { recursive: true, force: true });
  }
}

export const hookSection: Section = { name: 'hook', title: 'Agent hook (warden hook, daemon up and down)', run };
