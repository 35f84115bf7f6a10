// Policy load: YAML parse, schema validation, normalisation and semantic checks of a realistic policy.
import { loadPolicyText } from '../src/core/policy/load-policy.js';
import { benchPolicyText, ruleCount } from './policy.js';
import { row, type Section, type SectionOptions, type SectionResult } from './section.js';
import { timeEach } from './timing.js';

function run({ scale, progress }: SectionOptions): SectionResult {
  progress('policy load');
  const text = benchPolicyText();
  // Distinct texts (a trailing comment differs), in case any stage remembered a previous input.
  const texts = Array.from({ length: 50 }, (_, i) => `${text}# copy ${i}\n`);
  const load = (t: string): void => {
    if (loadPolicyText(t, 'bench-policy.yaml').value === null) throw new Error('the benchmark policy does not load');
  };
  for (const t of texts.slice(0, 20)) load(t);
  const timed = timeEach(texts, load, { iterations: Math.max(20, Math.round(200 * scale)), minIterations: 20, maxMs: 10_000 });
  const s = timed.summary;
  return {
    rows: [
      row(`parse + validate, ${ruleCount(text)} rules, ${(text.length / 1024).toFixed(1)} KB`, [
        { name: 'p50', value: s.p50 / 1_000, unit: 'ms' },
        { name: 'p99', value: s.p99 / 1_000, unit: 'ms' },
        { name: 'max', value: s.max / 1_000, unit: 'ms' },
        { name: 'n', value: s.count, unit: 'count' },
      ], null),
    ],
    notes: ['loadPolicyText: YAML parse, zod schema, normalise, semantic checks (patterns, regexes, variables, shadowed rules)'],
  };
}

export const policyLoadSection: Section = { name: 'policy-load', title: 'Policy load', run };
