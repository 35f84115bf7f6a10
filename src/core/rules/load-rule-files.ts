// Reads the rule pack from rules/*.yaml (the one other place core touches files).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { LoadResult, Problem } from '../policy/problems.js';
import { compileSequenceText } from '../detect/compile-sequences.js';
import type { Sequence } from '../detect/sequence.js';
import { compileRuleData, compileRuleText, ruleFileData } from './compile-rules.js';
import type { DetectionRule } from './rule.js';

export const defaultRulesDir = (): string => join(packageRoot(), 'rules');

/**
 * Parsing the pack's YAML costs hundreds of milliseconds, too much for a process per tool call:
 * the build writes the parsed files beside the code, keyed by a hash of their text, and a load
 * whose files still hash the same compiles from that instead. Any difference falls back to YAML.
 */
interface RuleSnapshot {
  readonly hash: string;
  readonly files: Readonly<Record<string, { readonly data: unknown; readonly lines: readonly number[] }>>;
}

export const ruleSnapshotPath = (): string => join(packageRoot(), 'build', 'rules.snapshot.json');

function ruleTexts(dir: string): { name: string; file: string; text: string }[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort()
    .map((name) => ({ name, file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

function textsHash(texts: readonly { name: string; text: string }[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(`${t.name}\u0000${t.text}\u0000`);
  return h.digest('hex');
}

/** The snapshot of the pack in `dir`, or null when a file has errors. */
export function buildRuleSnapshot(dir: string = defaultRulesDir()): RuleSnapshot | null {
  const texts = ruleTexts(dir);
  const files: Record<string, { data: unknown; lines: number[] }> = {};
  for (const t of texts) {
    const d = ruleFileData(t.text, t.file);
    if (!d) return null;
    files[t.name] = d;
  }
  return { hash: textsHash(texts), files };
}

function readSnapshot(dir: string, texts: readonly { name: string; text: string }[]): RuleSnapshot | null {
  if (dir !== defaultRulesDir() || !existsSync(ruleSnapshotPath())) return null;
  try {
    const snapshot = JSON.parse(readFileSync(ruleSnapshotPath(), 'utf8')) as RuleSnapshot;
    return snapshot.hash === textsHash(texts) ? snapshot : null;
  } catch {
    return null;
  }
}

export function loadRuleFiles(dir: string = defaultRulesDir()): LoadResult<DetectionRule[]> {
  const texts = ruleTexts(dir);
  const snapshot = readSnapshot(dir, texts);
  const rules: DetectionRule[] = [];
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const seen = new Map<string, DetectionRule>();
  for (const { name, file, text } of texts) {
    const snap = snapshot?.files[name];
    const fromSnapshot = snap ? compileRuleData(snap.data, file, snap.lines) : null;
    const result = fromSnapshot && fromSnapshot.errors.length === 0 ? fromSnapshot : compileRuleText(text, file);
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
