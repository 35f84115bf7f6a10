// `warden hook`: wall time of one hook call as an agent sees it, from starting the process to its
// exit, with the policy and the rule pack loaded in that process (there is no daemon yet).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STARTER_POLICY } from '../src/core/policy/starter-policy.js';
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

const CASES: readonly Case[] = [
  { label: 'Claude Code Bash, blocked (git push --force)', args: [MAIN, 'hook', 'claude-code'], input: claude('Bash', { command: 'git push --force' }), expect: (out) => out.includes('"deny"') },
  { label: 'Claude Code Bash, allowed (git status)', args: [MAIN, 'hook', 'claude-code'], input: claude('Bash', { command: 'git status' }), expect: (out) => out === '' },
  { label: 'Claude Code TodoWrite, nothing to judge', args: [MAIN, 'hook', 'claude-code'], input: claude('TodoWrite', { todos: [] }), expect: (out) => out === '' },
  { label: 'node -e 0 (process start alone, for scale)', args: ['-e', '0'], input: '', expect: () => true },
];

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

function run({ scale, progress }: SectionOptions): SectionResult {
  const home = mkdtempSync(join(tmpdir(), 'warden-hook-bench-'));
  try {
    writeFileSync(join(home, 'policy.yaml'), STARTER_POLICY);
    const env = { PATH: process.env.PATH ?? '', HOME: home, WARDEN_HOME: home };
    const runs = Math.max(10, Math.round(50 * scale));
    const rows: Row[] = CASES.map((c) => {
      progress(`hook: ${c.label}`);
      return row(c.label, timeRuns(c, runs, env), null);
    });
    return {
      rows,
      notes: [
        'process start to exit, as an agent waits for it: node start, the CLI, reading stdin, the answer',
        'in-process: each call loads the policy, the bash grammar and the detection rule pack (YAML) itself; calls with nothing to judge skip all of it',
        'DESIGN.md budget "agent hook, process start to answer, daemon running: p50 < 15 ms" is for the daemon, which will hold all of this loaded',
      ],
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export const hookSection: Section = { name: 'hook', title: 'Agent hook (warden hook, no daemon)', run };
