import { describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { loadRuleFiles } from '../rules/load-rule-files.js';
import { RulePack } from '../rules/rule-pack.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { loadPolicyText } from './load-policy.js';
import { runPolicyTests } from './run-policy-tests.js';
import { STARTER_POLICY } from './starter-policy.js';

describe('starter policy', () => {
  const result = loadPolicyText(STARTER_POLICY, 'warden.yaml');

  it('loads without errors or warnings', () => {
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.value).not.toBeNull();
  });

  it('has a developer role in enforce mode as the default', () => {
    const developer = result.value?.roles.get('developer');
    expect(result.value?.defaultRole).toBe('developer');
    expect(developer?.mode).toBe('enforce');
  });

  it('passes every one of its own tests, by its roles alone and with the detection rule pack', async () => {
    const parser = await loadBashParser();
    const rules = loadRuleFiles();
    expect(rules.errors).toEqual([]);
    for (const pack of [null, new RulePack(rules.value!)]) {
      const report = runPolicyTests(new Engine(result.value!, parser, pack));
      expect(report.results.length).toBeGreaterThanOrEqual(20);
      expect(report.results.filter((r) => !r.passed)).toEqual([]);
    }
  });

  it('tests every kind of action and each verdict it uses', () => {
    const tests = result.value!.tests;
    for (const kind of ['command', 'mcp', 'file', 'url']) expect(tests.some((t) => kind in t), kind).toBe(true);
    for (const verdict of ['allow', 'ask', 'block']) expect(tests.some((t) => t.expect === verdict), verdict).toBe(true);
  });

  it('decides by host where a rule says when', async () => {
    const engine = new Engine(result.value!, await loadBashParser());
    const apply = (host: string) => engine.evaluate({ kind: 'command', command: 'terraform apply', context: { host } }).verdict;
    expect(apply('prod-db-1')).toBe('block');
    expect(apply('dev-alice')).toBe('ask');
  });
});
