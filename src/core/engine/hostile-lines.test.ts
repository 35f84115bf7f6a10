// Whole command lines near the size limit, through the engine with the rule pack: a decision
// comes back, never an exception.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyText } from '../policy/load-policy.js';
import { loadRuleFiles } from '../rules/load-rule-files.js';
import { RulePack } from '../rules/rule-pack.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { Engine } from './engine.js';

let engine: Engine;

beforeAll(async () => {
  const loaded = loadPolicyText(`version: 1
roles:
  - name: r
    mode: enforce
    on_unresolved: ask
    commands:
      - { pattern: "git push --force*", action: deny }
    defaults: { command: allow }
`, 'p.yaml');
  if (!loaded.value) throw new Error('policy');
  engine = new Engine(loaded.value, await loadBashParser(), new RulePack(loadRuleFiles().value ?? []));
});

const decide = (command: string) => engine.evaluate({ kind: 'command', command, context: {} });

describe('a line of a quarter of a million characters', () => {
  it('of 125,000 words is judged (their paths were once spread onto the stack)', () => {
    expect(decide('x '.repeat(125_000)).verdict).toBe('allow');
    expect(decide(`cat ${'f '.repeat(125_000)}`).verdict).toBe('allow');
    expect(decide(`rm -rf ${'f '.repeat(125_000)}/`).verdict).toBe('block');
  });

  it('given to an unknown program behind wrappers is unresolved, not judged again in full at each place', () => {
    const d = decide(`foo ${'sudo '.repeat(8)}${'x '.repeat(100_000)}`);
    expect(d.verdict).toBe('ask');
    expect(d.reason).toContain('characters to judge again');
  });
});
