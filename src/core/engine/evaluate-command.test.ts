import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyText } from '../policy/load-policy.js';
import { loadBashParser } from '../shell/load-grammar.js';
import { Engine } from './engine.js';

const policy = (rules: string, defaults = 'allow'): string => `
version: 1
roles:
  - name: r
    mode: enforce
    on_unresolved: ask
    commands:
${rules}
    defaults: { command: ${defaults} }
`;

let engines: Record<string, Engine>;

beforeAll(async () => {
  const parser = await loadBashParser();
  const make = (text: string): Engine => {
    const loaded = loadPolicyText(text, 'p.yaml');
    if (!loaded.value) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    return new Engine(loaded.value, parser);
  };
  engines = {
    denyThenDeny: make(policy('      - { pattern: "rm -r / *", action: deny }\n      - { pattern: "rm -r ~ *", action: deny }')),
    denyThenAllow: make(policy('      - { pattern: "git push --force*", action: deny }\n      - { pattern: "git *", action: allow }')),
    denyByDefault: make(policy('      - { pattern: "git push --force*", action: deny }', 'deny')),
  };
});

const verdict = (engine: string, command: string): string => engines[engine]!.evaluate({ kind: 'command', command, context: {} }).verdict;

describe('rules that match only for some run-time values', () => {
  it('decide nothing when every way it could go gives the same action', () => {
    expect(verdict('denyThenDeny', 'rm -fr ~')).toBe('block'); // ~ may or may not be /…; either way denied
    expect(verdict('denyByDefault', 'git push $FLAGS')).toBe('block');
  });

  it('leave the command to on_unresolved when the ways differ', () => {
    expect(verdict('denyThenAllow', 'git push $FLAGS')).toBe('ask');
    expect(verdict('denyThenAllow', 'git push origin main')).toBe('allow');
  });
});
