// Sequence file text → sequences, in three stages (schema, normalise, semantic checks), with
// file:line:col for every problem. Matchers compile exactly as a rule's `match` does.
import { issueProblem, parseYamlFile, type LoadResult, type Locator, type Problem } from '../policy/problems.js';
import { RuleCompiler } from '../rules/compile-rules.js';
import type { Sequence, SequenceStep } from './sequence.js';
import { sequenceFileSchema, type SequenceInput } from './sequence-schema.js';

const MIN_EXAMPLES = 2;

function compileSequence(s: SequenceInput, i: number, file: string, locate: Locator, compiler: RuleCompiler, errors: Problem[]): Sequence {
  const path = ['sequences', i];
  const steps: SequenceStep[] = s.steps.map((step, k) => {
    const at = [...path, 'steps', k];
    if (k === 0 && step.link) errors.push(locate.at([...at, 'link'], 'the first step has no previous step to link to', true));
    return {
      match: step.match.map((m, j) => compiler.matcher([...at, 'match', j], m)),
      unless: (step.unless ?? []).map((m, j) => compiler.matcher([...at, 'unless', j], m)),
      link: step.link ?? null,
      count: step.count,
    };
  });
  if (s.maturity === 'stable') {
    if (s.examples.match.length < MIN_EXAMPLES) errors.push(locate.at([...path, 'examples', 'match'], `stable sequence ${s.id} needs at least ${MIN_EXAMPLES} match examples`));
    if (s.examples.no_match.length < MIN_EXAMPLES) errors.push(locate.at([...path, 'examples', 'no_match'], `stable sequence ${s.id} needs at least ${MIN_EXAMPLES} no_match examples`));
  }
  return {
    id: s.id, title: s.title, description: s.description, severity: s.severity, tags: s.tags, maturity: s.maturity,
    windowSeconds: s.window_seconds, steps,
    examples: { match: s.examples.match, noMatch: s.examples.no_match },
    source: { file, line: locate.at(path, '').line },
  };
}

export function compileSequenceText(text: string, file: string): LoadResult<Sequence[]> {
  const yaml = parseYamlFile(text, file);
  if ('errors' in yaml) return { value: null, warnings: [], errors: yaml.errors };
  const { data, locate } = yaml;
  const parsed = sequenceFileSchema.safeParse(data);
  if (!parsed.success) return { value: null, warnings: [], errors: parsed.error.issues.map((i) => issueProblem(locate, i)) };
  const compiler = new RuleCompiler(locate);
  const errors: Problem[] = [];
  const seen = new Set<string>();
  const sequences = parsed.data.sequences.map((s, i) => {
    if (seen.has(s.id)) errors.push(locate.at(['sequences', i, 'id'], `duplicate sequence id ${s.id}`));
    seen.add(s.id);
    return compileSequence(s, i, file, locate, compiler, errors);
  });
  const all = [...compiler.errors, ...errors];
  return all.length ? { value: null, warnings: compiler.warnings, errors: all } : { value: sequences, warnings: compiler.warnings, errors: [] };
}
