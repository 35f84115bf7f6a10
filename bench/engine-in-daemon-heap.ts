// Run as a child with the daemon's Node flags (bench/engine-bench.ts starts it): times simple and
// compound command decisions under the heap settings the daemon runs with, where a scavenge of
// its 1 MB young generation lands in every few dozen decisions, and prints them as JSON.
import { tuneHeapForDecisions } from '../src/cli/heap-tuning.js';
import { Engine } from '../src/core/engine/engine.js';
import type { Event } from '../src/core/events.js';
import { loadPolicyText } from '../src/core/policy/load-policy.js';
import { loadRuleFiles } from '../src/core/rules/load-rule-files.js';
import { RulePack } from '../src/core/rules/rule-pack.js';
import { loadBashParser } from '../src/core/shell/load-grammar.js';
import { corpus } from './corpus.js';
import { benchPolicyText } from './policy.js';
import { timeEach } from './timing.js';

tuneHeapForDecisions(); // as the daemon, which runs warden's main
const iterations = Number(process.argv[2] ?? 20_000);
const { value: policy } = loadPolicyText(benchPolicyText(), 'bench-policy.yaml');
const pack = loadRuleFiles().value;
if (!policy || !pack) throw new Error('the benchmark policy or the rule pack does not load');
const engine = new Engine(policy, await loadBashParser(), new RulePack(pack));
const decide = (e: Event): unknown => engine.evaluate(e);
const out: Record<string, { p50: number; p99: number }> = {};
for (const category of ['simple', 'compound'] as const) {
  const events = corpus(category, Math.min(iterations, 10_000));
  for (const e of events.slice(0, 2_000)) decide(e);
  const { summary } = timeEach(events, decide, { iterations, minIterations: 1_000, maxMs: 8_000 });
  out[category] = { p50: summary.p50, p99: summary.p99 };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
