import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { packageRoot } from '../package-root.js';
import { analyseShell } from '../shell/analyse.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { parseCorpus } from './corpus.js';
import { exampleEvent, runExamples } from './example-runner.js';
import { loadRuleFiles } from './load-rule-files.js';
import { RulePack } from './rule-pack.js';
import { subjectsOf } from './subjects.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

describe('the built-in rule pack', () => {
  const loaded = loadRuleFiles();

  it('loads without errors', () => {
    expect(loaded.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`)).toEqual([]);
  });

  it("passes every rule's own examples", () => {
    const pack = new RulePack(loaded.value ?? []);
    const failures = runExamples(pack, parser)
      .filter((r) => !r.passed)
      .map((r) => `${r.rule} should ${r.expect === 'match' ? '' : 'not '}match ${r.example} — ${r.detail}`);
    expect(failures).toEqual([]);
  });

  it('gives every stable rule at least two examples of each kind', () => {
    const thin = (loaded.value ?? []).filter((r) => r.maturity === 'stable' && (r.examples.match.length < 2 || r.examples.noMatch.length < 2));
    expect(thin.map((r) => r.id)).toEqual([]);
  });
});

describe('the indexed evaluation', () => {
  it('finds exactly the rules a full explanation matches, on every corpus entry', () => {
    const pack = new RulePack(loadRuleFiles().value ?? []);
    const mismatches: string[] = [];
    for (const name of ['benign.yaml', 'hostile.yaml']) {
      for (const entry of parseCorpus(readFileSync(join(packageRoot(), 'test', 'corpus', name), 'utf8'), name)) {
        const event = exampleEvent(entry.example);
        const subjects = subjectsOf(event, event.kind === 'command' ? analyseShell(parser, event.command) : null);
        for (const profile of ['strict', 'minimal'] as const) {
          const settings = { profile, overrides: {} };
          const fast = pack.evaluate(subjects, settings).map((f) => f.rule).sort();
          const full = pack.explain(subjects, settings).filter((e) => e.matched).map((e) => e.rule).sort();
          if (fast.join() !== full.join()) mismatches.push(`${entry.label} (${profile}): ${fast.join(',')} vs ${full.join(',')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('the prebuilt rule snapshot', () => {
  it('compiles to the same rules as the YAML files', async () => {
    const { buildRuleSnapshot, defaultRulesDir } = await import('./load-rule-files.js');
    const { compileRuleData, compileRuleText } = await import('./compile-rules.js');
    const snapshot = buildRuleSnapshot();
    expect(snapshot).not.toBeNull();
    for (const [name, { data, lines }] of Object.entries(snapshot!.files)) {
      const file = join(defaultRulesDir(), name);
      const fromYaml = compileRuleText(readFileSync(file, 'utf8'), file).value!;
      const fromSnapshot = compileRuleData(data, file, lines).value!;
      const shape = (rules: typeof fromYaml) => rules.map((r) => ({ ...r, appliesTo: [...r.appliesTo], match: r.match.length, unless: r.unless.length }));
      expect(shape(fromSnapshot)).toEqual(shape(fromYaml));
    }
  });
});
