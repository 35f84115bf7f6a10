import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadBashParser } from '../shell/load-grammar.js';
import { runExamples } from './example-runner.js';
import { loadRuleFiles } from './load-rule-files.js';
import { RulePack } from './rule-pack.js';

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
