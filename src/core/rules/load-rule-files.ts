// Reads the rule pack from rules/*.yaml (the one other place core touches files).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { LoadResult, Problem } from '../policy/problems.js';
import { compileSequenceText } from '../detect/compile-sequences.js';
import type { Sequence } from '../detect/sequence.js';
import { compileRuleText } from './compile-rules.js';
import type { DetectionRule } from './rule.js';

export const defaultRulesDir = (): string => join(packageRoot(), 'rules');

export function loadRuleFiles(dir: string = defaultRulesDir()): LoadResult<DetectionRule[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const rules: DetectionRule[] = [];
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const seen = new Map<string, DetectionRule>();
  for (const name of files) {
    const file = join(dir, name);
    const result = compileRuleText(readFileSync(file, 'utf8'), file);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    for (const rule of result.value ?? []) {
      const first = seen.get(rule.id);
      if (first) errors.push({ file, line: rule.source.line, col: 1, path: rule.id, message: `duplicate rule id ${rule.id} (first defined at ${first.source.file}:${first.source.line})` });
      seen.set(rule.id, rule);
      rules.push(rule);
    }
  }
  return errors.length ? { value: null, warnings, errors } : { value: rules, warnings, errors: [] };
}

/** Sequences for the sequence detector, from rules/sequences/*.yaml; ids unique across files. */
export function loadSequenceFiles(dir: string = join(defaultRulesDir(), 'sequences')): LoadResult<Sequence[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const sequences: Sequence[] = [];
  const errors: Problem[] = [];
  const seen = new Set<string>();
  for (const name of files) {
    const file = join(dir, name);
    const result = compileSequenceText(readFileSync(file, 'utf8'), file);
    errors.push(...result.errors);
    for (const s of result.value ?? []) {
      if (seen.has(s.id)) errors.push({ file, line: 1, col: 1, path: s.id, message: `duplicate sequence id ${s.id}` });
      seen.add(s.id);
      sequences.push(s);
    }
  }
  return errors.length ? { value: null, warnings: [], errors } : { value: sequences, warnings: [], errors: [] };
}
