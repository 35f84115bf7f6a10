// Engine decisions: latency per decision by category and overall, and decisions per second on
// one core, against DESIGN.md's engine budget.
import type { Decision } from '../src/core/decision.js';
import { Engine } from '../src/core/engine/engine.js';
import type { Event } from '../src/core/events.js';
import { loadPolicyText } from '../src/core/policy/load-policy.js';
import { loadRuleFiles } from '../src/core/rules/load-rule-files.js';
import { RulePack } from '../src/core/rules/rule-pack.js';
import { loadBashParser } from '../src/core/shell/load-grammar.js';
import { CATEGORIES, CATEGORY_LABELS, LONG_SHAPES, MIX, corpus, longShape, mixedCorpus, type Category } from './corpus.js';
import { benchPolicyText, ruleCount } from './policy.js';
import { row, type Budget, type Figure, type Row, type Section, type SectionOptions, type SectionResult } from './section.js';
import type { Summary } from './stats.js';
import { throughput, timeEach, timeEachMedian } from './timing.js';
import { bytesPerCall } from './allocation.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DAEMON_NODE_FLAGS } from '../src/cli/commands/daemon-launch.js';

const ENGINE_PATH = 'engine: one command decision incl. shell analysis';
const P99_BUDGET: Budget = { figure: 'p99', op: '<', limit: 100, unit: 'µs', path: ENGINE_PATH };
const RATE_BUDGET: Budget = { figure: 'rate', op: '>', limit: 20_000, unit: '/s', path: ENGINE_PATH };

const latencyFigures = (s: Summary): Figure[] => [
  { name: 'p50', value: s.p50, unit: 'µs' },
  { name: 'p99', value: s.p99, unit: 'µs' },
  { name: 'max', value: s.max, unit: 'µs' },
  { name: 'n', value: s.count, unit: 'count' },
];

function loadBenchPolicy() {
  const text = benchPolicyText();
  const { value, errors } = loadPolicyText(text, 'bench-policy.yaml');
  if (!value) throw new Error(`the benchmark policy does not load: ${errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}`);
  return { policy: value, rules: ruleCount(text) };
}

const fmtUs = (us: number): string => (us >= 1_000 ? `${(us / 1_000).toFixed(2)} ms` : `${us.toFixed(us < 100 ? 1 : 0)} µs`);

function tally(decisions: Iterable<Decision>): string {
  const counts = new Map<string, number>();
  let total = 0;
  for (const d of decisions) {
    counts.set(d.verdict, (counts.get(d.verdict) ?? 0) + 1);
    total++;
  }
  return [...counts].map(([v, n]) => `${v} ${Math.round((100 * n) / total)}%`).join(', ');
}

async function run({ scale, progress }: SectionOptions): Promise<SectionResult> {
  const { policy, rules } = loadBenchPolicy();
  // As deployed: the role's rules and the detection rule pack (standard profile) judge every event.
  const loaded = loadRuleFiles();
  if (!loaded.value) throw new Error('the rule pack does not load');
  const engine = new Engine(policy, await loadBashParser(), new RulePack(loaded.value));
  const decide = (e: Event): Decision => engine.evaluate(e);
  const iterations = Math.max(1_000, Math.round(20_000 * scale));
  // Long commands take milliseconds each: bound every timed run by time as well as by count.
  const maxMs = 4_000 * Math.max(scale, 0.25);
  const rows: Row[] = [];
  const verdicts: string[] = [];

  progress('engine: generating the corpus');
  const distinct = (c: Category): number => Math.min(iterations, c === 'long' ? 2_000 : 10_000);
  const corpora = Object.fromEntries(CATEGORIES.map((c) => [c, corpus(c, distinct(c))])) as Record<Category, Event[]>;
  progress('engine: warming up');
  for (const c of CATEGORIES) for (const e of corpora[c].slice(0, c === 'long' ? 200 : 2_000)) decide(e);

  for (const c of CATEGORIES) {
    progress(`engine: ${CATEGORY_LABELS[c]}`);
    const events = corpora[c];
    const timed = timeEach(events, decide, { iterations, minIterations: 1_000, maxMs });
    const allocated = await bytesPerCall(events, decide);
    const perDecision = allocated === null ? '' : `, ${(allocated / 1024).toFixed(1)} KB allocated per decision`;
    rows.push(row(CATEGORY_LABELS[c], latencyFigures(timed.summary), P99_BUDGET, `${events.length.toLocaleString('en-US')} distinct events${perDecision}`));
    verdicts.push(`${c}: ${tally(events.slice(0, 500).map(decide))}`);
  }

  // The compound lines again, each timed five times in a row: the median of the five is the
  // decision's own cost, with the machine's interruptions mostly left out. Beside the row above,
  // it tells how much of that row's p99 is the decision and how much the machine.
  progress('engine: compound commands, each timed five times');
  const repeated = timeEachMedian(corpora.compound, decide, { iterations: Math.min(iterations, corpora.compound.length), repeats: 5, maxMs });
  rows.push(row(`${CATEGORY_LABELS.compound}, median of five timings each`, latencyFigures(repeated.summary), null, 'each event decided five times in a row; its figure is the median of the five'));

  // The same decisions in a process with the daemon's heap settings (its small young generation
  // makes a scavenge part of more decisions than in this process).
  progress('engine: simple and compound commands with the daemon\'s Node flags');
  const child = spawnSync(process.execPath, [...DAEMON_NODE_FLAGS, fileURLToPath(new URL('./engine-in-daemon-heap.js', import.meta.url)), String(iterations)], { encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`the engine run with the daemon's flags failed: ${child.stderr}`);
  const inDaemon = JSON.parse(child.stdout) as Record<'simple' | 'compound', { p50: number; p99: number }>;
  for (const c of ['simple', 'compound'] as const) {
    rows.push(row(`${CATEGORY_LABELS[c]}, with the daemon's Node flags`, [{ name: 'p50', value: inDaemon[c].p50, unit: 'µs' }, { name: 'p99', value: inDaemon[c].p99, unit: 'µs' }], null, DAEMON_NODE_FLAGS.join(' ')));
  }

  // Where long lines spend their time: per shape, with the simple commands each holds.
  progress('engine: long lines by shape');
  const shapes = LONG_SHAPES.map((shape) => {
    const events = corpora.long.filter((e) => e.kind === 'command' && longShape(e.command) === shape);
    const t = timeEach(events, decide, { iterations: Math.max(200, Math.round(1_000 * scale)), minIterations: 100, maxMs: maxMs / 4 }).summary;
    const commands = events.slice(0, 100).reduce((n, e) => n + decide(e).commands.length, 0) / Math.min(100, events.length);
    return `${shape} ${fmtUs(t.p50)}/${fmtUs(t.p99)} (${commands.toFixed(0)} ${commands.toFixed(0) === '1' ? 'command' : 'commands'})`;
  });

  progress('engine: mixed corpus');
  const mixed = mixedCorpus(Math.max(5_000, Math.round(50_000 * scale)));
  const mixedEvents = mixed.map((m) => m.event);
  const overall = timeEach(mixedEvents, decide, { iterations: mixedEvents.length, minIterations: 5_000, maxMs: maxMs * 2 });
  const mix = CATEGORIES.map((c) => `${c} ${Math.round(MIX[c] * 100)}%`).join(', ');
  rows.push(row('overall, mixed corpus', latencyFigures(overall.summary), P99_BUDGET, mix));

  progress('engine: throughput');
  const throughputMs = 1_500 * Math.max(scale, 0.25);
  const commandLines = mixed.filter((m) => m.category === 'simple' || m.category === 'compound').map((m) => m.event);
  const allCommands = mixed.filter((m) => m.event.kind === 'command').map((m) => m.event);
  for (const [label, events, note] of [
    ['decisions/s, simple + compound command lines', commandLines, 'one core, no per-call timers'],
    ['decisions/s, all command lines incl. long', allCommands, 'one core, no per-call timers'],
    ['decisions/s, mixed corpus', mixedEvents, 'one core, no per-call timers'],
  ] as const) {
    const t = throughput(events, decide, throughputMs);
    rows.push(row(label, [{ name: 'rate', value: t.perSecond, unit: '/s' }, { name: 'n', value: t.calls, unit: 'count' }], RATE_BUDGET, note));
  }

  const role = engine.role('developer');
  const roleRules = role.commands.length + role.mcp.length + role.files.length + role.web.length;
  return {
    rows,
    notes: [
      `policy: ${rules} rules in ${policy.roles.size} roles; events judged by role developer (${roleRules} rules, enforce), with hosts that resolve {{env}} differently`,
      `detection: the built-in rule pack, ${loaded.value.length} rules, standard profile, on every event`,
      'corpus: seeded, generated variations; every event in a category is distinct',
      'caches: the engine caches compiled rule patterns and globs by rule text (filled during warm-up); nothing is cached per event — every command line is parsed and analysed afresh',
      "the daemon's Node flags rows: the same corpora in a child process started with the flags warden agent start gives the daemon; with a 1 MB young generation a scavenge (a few tenths of a ms) falls in about one decision in every 1 MB of allocation, which the KB-per-decision figures turn into a rate",
      `long lines by shape, p50/p99: ${shapes.join('; ')}`,
      `verdicts over the corpus: ${verdicts.join('; ')}`,
    ],
  };
}

export const engineSection: Section = { name: 'engine', title: 'Engine decisions (one core)', run };
